{{ config(materialized='table', meta={'lookup_index': 'invoice_key'}) }}
-- Every receivable invoice of int_receivable_invoices, drafts included, with the customer's outreach flag, the
-- settlement date and the invoice's final state: its outstanding and amount paid after its last ledger event (the
-- last row of int_invoice_daily_balances), what was credited and written off (adjustments, and the uncollectible
-- write-off of the ledger), its first touch and its outreach summary after its last email or call
-- (int_invoice_outreach_stretches). The invoice_list mart's invoices, and the table of every per-invoice measure:
-- int_invoice_balances (the invoices the ledger knows) is a view of it, so the warehouse stores each invoice once
-- (at 10M invoices 286 MiB less). The measures read the invoices issued or settled in a period: in the order below
-- (issue time, descending, within each run of final_open) their zone maps skip the rest. From final_on, the last
-- date on which any invoice's listing changes, every invoice is in its final state, so the mart reads a listing at
-- any later as-of date from this table alone. final_position is an invoice's place in its organization's default
-- listing from final_on on: the non-draft invoices by issued_at descending, then id descending (the invoices
-- report's default sort, drafts filtered out); the last place is their number. final_open marks the only invoices
-- that can be open or overdue at an as-of date from final_on on: not drafts, and owing after their last ledger
-- event. Ordered by organization, final_open and position, so that a default page reads only the rows of its
-- positions (in the two runs of final_open) and a listing of open invoices (invoice_list_open) only the row groups
-- of final_open (drafts, without a place, last in their run and in no particular order: no listing holds them).
with

invoices as (
    select * from {{ ref('int_receivable_invoices') }}
),

customers as (
    select
        customer_id,
        outreach_paused
    from {{ ref('int_customers') }}
),

adjusted as (
    -- What was credited and written off (adjustments, and the ledger's uncollectible write-off), per invoice with
    -- any: a few hundred thousand rows at 10M invoices.
    select
        invoice_key,
        sum(credited) as amount_credited,
        sum(written_off) as amount_written_off
    from (
        select
            invoice_key,
            case when kind = 'credit_note' then amount else 0 end as credited,
            case when kind = 'write_off' then amount else 0 end as written_off
        from {{ ref('int_adjustments') }}
        union all
        select
            invoice_key,
            0 as credited,
            -amount as written_off
        from {{ ref('int_invoice_ledger') }}
        where event_type = 'uncollectible'
    ) as parts
    group by invoice_key
),

balances as (
    -- Per invoice the ledger knows (every one has a balance row from its issue date on; drafts have none): its last
    -- balance row (final outstanding, amount paid, settled_on), what was credited and written off, and its first
    -- touch (int_invoice_first_touches, one row per touched invoice). Joins on the integer key, which spill under
    -- the memory limit (the 30M build): grouping the last balance rows with the touches and adjustments stacked
    -- was a hash aggregate as large as its input (9.85M groups of 24M rows at 10M invoices).
    select
        finals.invoice_key,
        finals.balance as outstanding,
        finals.amount_paid,
        finals.settled_on,
        cast(touches.first_touch_at as date) as first_touch_on,
        coalesce(adjusted.amount_credited, 0) as amount_credited,
        coalesce(adjusted.amount_written_off, 0) as amount_written_off
    from {{ ref('int_invoice_daily_balances') }} as finals
    left join adjusted on finals.invoice_key = adjusted.invoice_key
    left join {{ ref('int_invoice_first_touches') }} as touches on finals.invoice_key = touches.invoice_key
    where finals.next_balance_on is null
),

outreach as (
    select * from {{ ref('int_invoice_outreach_stretches') }}
    where valid_until is null
),

positions as (
    -- bigint on every engine (Spark's row_number is an int)
    select
        invoice_id,
        cast(row_number() over (
            partition by organization_id
            order by issued_at desc nulls last, invoice_id desc
        ) as bigint) as final_position
    from invoices
    where not is_draft
),

final_on as (
    select max(last_on) as final_on
    from (
        select max(issued_on) as last_on from invoices
        union all
        select max(balance_on) as last_on from {{ ref('int_invoice_daily_balances') }}
        union all
        select max(valid_from) as last_on from outreach
    ) as last_dates
)

select
    invoices.invoice_id,
    invoices.invoice_key,
    invoices.organization_id,
    invoices.customer_id,
    invoices.number,
    invoices.currency,
    invoices.type,
    invoices.source_status,
    invoices.total_amount,
    invoices.subtotal,
    invoices.total_tax,
    invoices.total_discount,
    invoices.issued_at,
    invoices.due_date,
    invoices.voided_at,
    invoices.marked_uncollectible_at,
    invoices.in_dispute,
    invoices.promised_to_pay_date,
    invoices.branch_id,
    invoices.created_at,
    invoices.modified_at,
    invoices.is_draft,
    invoices.issued_on,
    invoices.due_on,
    invoices.voided_on,
    invoices.uncollectible_on,
    customers.outreach_paused as customer_outreach_paused,
    balances.settled_on,
    balances.outstanding as final_outstanding,
    cast(balances.amount_paid as decimal(38, 2)) as final_amount_paid,
    cast(balances.amount_credited as decimal(38, 2)) as amount_credited,
    cast(balances.amount_written_off as decimal(38, 2)) as amount_written_off,
    balances.first_touch_on,
    outreach.last_outreach_at as final_last_outreach_at,
    outreach.last_outreach_channel as final_last_outreach_channel,
    outreach.last_inbound_at as final_last_inbound_at,
    final_on.final_on,
    positions.final_position,
    not invoices.is_draft and coalesce(balances.outstanding, 0) > 0 as final_open
from invoices
cross join final_on
inner join customers on invoices.customer_id = customers.customer_id
left join balances on invoices.invoice_key = balances.invoice_key
left join outreach on invoices.invoice_key = outreach.invoice_key
left join positions on invoices.invoice_id = positions.invoice_id
order by invoices.organization_id, final_open, positions.final_position nulls last
