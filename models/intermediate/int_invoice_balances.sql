{{ config(materialized='table') }}
-- Per receivable invoice, over all time: what was allocated, credited and written off (read from the
-- allocations and adjustments themselves), the final outstanding (read from the ledger), and settled_on:
-- the first date (the issue date or a date the balance changes) on which the outstanding is <= 0. Carries the
-- invoice's dates so that measures over settled invoices need no join; ordered by settled_on, so that reading the
-- invoices settled in a date range skips the rest.
with

invoices as (
    select * from {{ ref('int_invoices') }}
),

allocated as (
    select
        invoice_id,
        sum(amount) as amount_allocated
    from {{ ref('int_payment_allocations') }}
    group by invoice_id
),

adjusted as (
    select
        invoice_id,
        sum(amount) filter (where kind = 'credit_note') as amount_credited,
        sum(amount) filter (where kind = 'write_off') as amount_written_off_adjustments
    from {{ ref('int_adjustments') }}
    group by invoice_id
),

uncollectible as (
    select
        invoice_id,
        -sum(amount) as amount_written_off_uncollectible
    from {{ ref('int_invoice_ledger') }}
    where event_type = 'uncollectible'
    group by invoice_id
),

settlement as (
    select
        invoice_id,
        min(balance_on) filter (where balance <= 0) as settled_on,
        arg_max(balance, balance_on) as outstanding
    from {{ ref('int_invoice_daily_balances') }}
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
    settlement.outstanding,
    settlement.settled_on,
    cast(coalesce(allocated.amount_allocated, 0) as decimal(38, 2)) as amount_allocated,
    cast(coalesce(adjusted.amount_credited, 0) as decimal(38, 2)) as amount_credited,
    cast(
        coalesce(adjusted.amount_written_off_adjustments, 0)
        + coalesce(uncollectible.amount_written_off_uncollectible, 0) as decimal(38, 2)
    ) as amount_written_off
from invoices
inner join settlement on invoices.invoice_id = settlement.invoice_id
left join allocated on invoices.invoice_id = allocated.invoice_id
left join adjusted on invoices.invoice_id = adjusted.invoice_id
left join uncollectible on invoices.invoice_id = uncollectible.invoice_id
order by settlement.settled_on nulls last
