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

first_touches as (
    select
        invoice_id,
        min(occurred_on) as first_touch_on
    from {{ ref('int_invoice_touches') }}
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
    first_touches.first_touch_on,
    cast(final.amount_paid as decimal(38, 2)) as amount_allocated,
    cast(coalesce(adjusted.amount_credited, 0) as decimal(38, 2)) as amount_credited,
    cast(
        coalesce(adjusted.amount_written_off_adjustments, 0)
        + coalesce(uncollectible.amount_written_off_uncollectible, 0) as decimal(38, 2)
    ) as amount_written_off
from invoices
inner join final on invoices.invoice_id = final.invoice_id
left join adjusted on invoices.invoice_id = adjusted.invoice_id
left join uncollectible on invoices.invoice_id = uncollectible.invoice_id
left join first_touches on invoices.invoice_id = first_touches.invoice_id
