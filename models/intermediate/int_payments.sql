{{ config(materialized='view') }}
-- The payments the reports may use: a payment with a null amount, received_at, organization_id or customer_id
-- is left out of every report together with its allocations, and counted by the data-quality checks.
select
    payment_id,
    organization_id,
    customer_id,
    amount,
    received_at,
    currency,
    payment_method,
    status,
    reference_number,
    modified_at,
    cast(received_at as date) as received_on
from {{ ref('stg_arlake__payments') }} as payments
where {{ arlake_required_present('payments', 'payments') }}
