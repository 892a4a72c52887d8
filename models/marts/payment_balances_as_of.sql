{{ config(materialized='query_view') }}
-- Every payment that counts at the as-of date D (query-time: SET VARIABLE as_of_date): status neither failed nor
-- canceled, received on or before D. applied = its allocations applied on or before D (dated by applied_at, else
-- received_at; to receivable, non-draft invoices, voided ones included; reversals subtract); unapplied = amount -
-- applied, floored at 0; over_applied when the allocations exceed the amount (a data-quality issue, counted by
-- the payment_over_allocated check). Summed from the allocations at query time: customer_balances reads the same
-- amounts from the stretches of int_payment_unapplied_periods, and a data test requires the two to agree. The
-- payments are dim_payments' (the staged payments stay in the build's own file).
with

params as (
    select {{ as_of_date() }} as as_of_date
),

payments as (
    select payments.*
    from {{ ref('dim_payments') }} as payments, params
    where
        payments.status not in ('failed', 'canceled')
        and payments.received_on <= params.as_of_date
),

applied as (
    select
        allocations.payment_id,
        sum(allocations.amount) as applied
    from {{ ref('int_payment_allocations') }} as allocations, params
    where allocations.applied_on <= params.as_of_date
    group by allocations.payment_id
)

select
    params.as_of_date,
    payments.payment_id,
    payments.organization_id,
    payments.customer_id,
    payments.amount,
    payments.received_on,
    payments.status,
    cast(coalesce(applied.applied, 0) as decimal(38, 2)) as applied,
    cast(greatest(payments.amount - coalesce(applied.applied, 0), 0) as decimal(38, 2)) as unapplied,
    coalesce(applied.applied, 0) > payments.amount as is_over_applied
from payments
cross join params
left join applied on payments.payment_id = applied.payment_id
