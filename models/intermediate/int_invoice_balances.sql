{{ config(materialized='table') }}
-- Per receivable invoice, over all time: its dates, the final outstanding and amount paid (the last row of
-- int_invoice_daily_balances), settled_on (the first date, the issue date or a date the balance changes, with an
-- outstanding <= 0), what was credited and written off (adjustments, and the uncollectible write-off of the
-- ledger), and the date of its first touch. Measures over issued, settled or touched invoices read this table.
with

invoices as (
    select * from {{ ref('int_invoices') }}
),

final as (
    select
        invoice_id,
        balance as outstanding,
        amount_paid,
        settled_on
    from {{ ref('int_invoice_daily_balances') }}
    where next_balance_on is null
),

extras as (
    -- Credited, written off (adjustments, and the ledger's uncollectible write-off) and the first touch, per
    -- invoice, in one aggregation.
    select
        invoice_id,
        sum(credited) as amount_credited,
        sum(written_off) as amount_written_off,
        min(touched_on) as first_touch_on
    from (
        select
            invoice_id,
            case when kind = 'credit_note' then amount else 0 end as credited,
            case when kind = 'write_off' then amount else 0 end as written_off,
            cast(null as date) as touched_on
        from {{ ref('int_adjustments') }}
        union all
        select
            invoice_id,
            0 as credited,
            -amount as written_off,
            cast(null as date) as touched_on
        from {{ ref('int_invoice_ledger') }}
        where event_type = 'uncollectible'
        union all
        select
            invoice_id,
            0 as credited,
            0 as written_off,
            occurred_on as touched_on
        from {{ ref('int_invoice_touches') }}
    ) as parts
    group by invoice_id
)

select
    invoices.invoice_id,
    invoices.organization_id,
    invoices.customer_id,
    invoices.total_amount,
    invoices.issued_on,
    invoices.due_on,
    invoices.voided_on,
    final.outstanding,
    final.settled_on,
    extras.first_touch_on,
    cast(final.amount_paid as decimal(38, 2)) as amount_allocated,
    cast(coalesce(extras.amount_credited, 0) as decimal(38, 2)) as amount_credited,
    cast(coalesce(extras.amount_written_off, 0) as decimal(38, 2)) as amount_written_off
from invoices
inner join final on invoices.invoice_id = final.invoice_id
left join extras on invoices.invoice_id = extras.invoice_id
