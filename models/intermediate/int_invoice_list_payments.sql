-- The allocations that move money (int_payment_allocations) with their payment's fields, ordered by invoice so
-- that the few invoices of one page are found quickly; the invoice_list_payments mart keeps those applied on or
-- before its as-of date.
with

allocations as (
    select * from {{ ref('int_payment_allocations') }}
),

allocation_rows as (
    select
        allocation_id,
        modified_at
    from {{ ref('stg_arlake__payment_allocations') }}
),

payments as (
    select * from {{ ref('int_payments') }}
)

select
    allocations.invoice_id,
    allocations.allocation_id,
    allocations.payment_id,
    allocations.amount,
    allocations.strategy,
    allocations.applied_at,
    allocations.applied_on,
    allocation_rows.modified_at,
    payments.organization_id as payment_organization_id,
    payments.customer_id as payment_customer_id,
    payments.amount as payment_amount,
    payments.received_at as payment_received_at,
    payments.currency as payment_currency,
    payments.payment_method,
    payments.status as payment_status,
    payments.reference_number as payment_reference_number,
    payments.modified_at as payment_modified_at
from allocations
inner join payments on allocations.payment_id = payments.payment_id
inner join allocation_rows on allocations.allocation_id = allocation_rows.allocation_id
order by allocations.invoice_id, allocations.applied_at, allocations.allocation_id
