{{ config(materialized='table') }}
-- The payments the reports may use (int_payments: their required values present), with their attributes as given,
-- for BI tools and analysts, and the payments of payment_balances_as_of: int_payments is a view of the build's own
-- file. Ordered by customer, so that a lookup of one customer's payments skips the rest.
select
    payment_id,
    organization_id,
    customer_id,
    amount,
    currency,
    received_on,
    status,
    payment_method
from {{ ref('int_payments') }}
order by organization_id, customer_id, payment_id
