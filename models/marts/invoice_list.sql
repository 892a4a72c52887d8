-- The Stuut List Invoices listing (contract 4.5): one row per receivable invoice of a known customer issued on
-- or before the as-of date D (query-time: SET VARIABLE as_of_date), drafts included (the report lists them only
-- when asked for), with its amounts, status and outreach as they stood at the end of D. The report filters,
-- sorts and pages this view in SQL. D is read with one range filter on int_invoice_list_changes.
--   amount_due (= amount_remaining): outstanding at D, never below 0 (an overpaid invoice owes nothing);
--     a draft owes its total_amount and has paid nothing (drafts have no ledger).
--   amount_paid: allocations applied on or before D (reversals subtract).
--   status: draft, void (voided on or before D), uncollectible (marked on or before D), paid (outstanding <= 0),
--     overdue (due_on < D), else open. `processing` is never produced.
--   paid_at, voided_at, marked_uncollectible_at: shown only when they happened on or before D.
--   Outreach: emails and calls linked to the invoice that occurred on or before D; last_outreach_* over the
--     outbound ones that were made (status neither draft nor canceled), last_inbound_at over inbound ones.
with

params as (
    select {{ as_of_date() }} as as_of_date
),

invoices as (
    select * from {{ ref('int_invoice_list_base') }}
),

at_as_of as (
    select changes.*
    from {{ ref('int_invoice_list_changes') }} as changes, params
    where
        changes.valid_from <= params.as_of_date
        and (changes.valid_until is null or changes.valid_until > params.as_of_date)
),

listed as (
    select
        invoices.*,
        params.as_of_date,
        at_as_of.last_outreach_at,
        at_as_of.last_outreach_channel,
        at_as_of.last_inbound_at,
        case
            when invoices.is_draft then invoices.total_amount
            else greatest(coalesce(at_as_of.outstanding, 0), 0)
        end as amount_due,
        case when invoices.is_draft then 0 else coalesce(at_as_of.amount_paid, 0) end as amount_paid,
        case
            when invoices.is_draft then 'draft'
            when invoices.voided_on <= params.as_of_date then 'void'
            when invoices.uncollectible_on <= params.as_of_date then 'uncollectible'
            when coalesce(at_as_of.outstanding, 0) <= 0 then 'paid'
            when invoices.due_on < params.as_of_date then 'overdue'
            else 'open'
        end as invoice_status,
        case
            when not invoices.is_draft and invoices.settled_on <= params.as_of_date then invoices.settled_on
        end as paid_on
    from invoices
    cross join params
    left join at_as_of on invoices.invoice_id = at_as_of.invoice_id
    where invoices.issued_on <= params.as_of_date
)

select
    as_of_date,
    invoice_id,
    organization_id,
    customer_id,
    number,
    currency,
    type,
    is_draft,
    invoice_status as status,
    source_status,
    issued_at,
    issued_on,
    due_date,
    due_on,
    paid_on,
    in_dispute,
    promised_to_pay_date,
    created_at,
    modified_at,
    last_outreach_at,
    last_outreach_channel,
    last_inbound_at,
    customer_outreach_paused,
    cast(total_amount as decimal(18, 2)) as total_amount,
    cast(subtotal as decimal(18, 2)) as subtotal,
    cast(total_tax as decimal(18, 2)) as total_tax,
    cast(total_discount as decimal(18, 2)) as total_discount,
    cast(amount_paid as decimal(18, 2)) as amount_paid,
    cast(amount_due as decimal(18, 2)) as amount_due,
    cast(amount_due as decimal(18, 2)) as amount_remaining,
    case when voided_on <= as_of_date then voided_at end as voided_at,
    case when uncollectible_on <= as_of_date then marked_uncollectible_at end as marked_uncollectible_at,
    last_outreach_at is not null as has_outreach
from listed
