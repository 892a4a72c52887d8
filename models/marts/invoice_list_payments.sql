{{ config(materialized='query_view') }}
-- The payments of the invoice_list listing: each allocation that moves money (its payment is neither failed nor
-- canceled) applied on or before the as-of date D, with its payment.
with

params as (
    select {{ as_of_date() }} as as_of_date
)

select
    params.as_of_date,
    allocations.invoice_id,
    allocations.allocation_id,
    allocations.payment_id,
    allocations.amount,
    allocations.strategy,
    allocations.applied_at,
    allocations.modified_at,
    payments.organization_id as payment_organization_id,
    payments.customer_id as payment_customer_id,
    payments.amount as payment_amount,
    payments.received_at as payment_received_at,
    payments.currency as payment_currency,
    payments.payment_method,
    payments.status as payment_status,
    payments.reference_number as payment_reference_number,
    payments.modified_at as payment_modified_at
from {{ ref('int_payment_allocations') }} as allocations
inner join {{ ref('int_payments') }} as payments on allocations.payment_id = payments.payment_id
cross join params
where allocations.applied_on <= params.as_of_date
