-- Allocations that move money: their payment is one of int_payments and neither failed nor canceled, their
-- invoice is one of int_invoices, and their amount is present. applied_at falls back to the payment's
-- received_at. Negative amounts are reversals.
with

allocations as (
    select * from {{ ref('stg_arlake__payment_allocations') }} as allocations
    where {{ arlake_required_present('payment_allocations', 'allocations') }}
),

payments as (
    select * from {{ ref('int_payments') }}
),

invoices as (
    select invoice_id from {{ ref('int_invoices') }}
)

select
    allocations.allocation_id,
    allocations.payment_id,
    allocations.invoice_id,
    allocations.amount,
    allocations.strategy,
    payments.customer_id as payment_customer_id,
    payments.payment_method,
    payments.received_at,
    cast(coalesce(allocations.applied_at, payments.received_at) as date) as applied_on,
    coalesce(allocations.applied_at, payments.received_at) as applied_at
from allocations
inner join payments on allocations.payment_id = payments.payment_id
inner join invoices on allocations.invoice_id = invoices.invoice_id
where payments.status not in ('failed', 'canceled')
