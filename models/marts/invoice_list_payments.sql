-- The payments of the invoice_list listing: each allocation that moves money (its payment is neither failed nor
-- canceled) applied on or before the as-of date D, with its payment.
with

params as (
    select {{ as_of_date() }} as as_of_date
)

select
    params.as_of_date,
    payments.invoice_id,
    payments.allocation_id,
    payments.payment_id,
    payments.amount,
    payments.strategy,
    payments.applied_at,
    payments.modified_at,
    payments.payment_organization_id,
    payments.payment_customer_id,
    payments.payment_amount,
    payments.payment_received_at,
    payments.payment_currency,
    payments.payment_method,
    payments.payment_status,
    payments.payment_reference_number,
    payments.payment_modified_at
from {{ ref('int_invoice_list_payments') }} as payments
cross join params
where payments.applied_on <= params.as_of_date
