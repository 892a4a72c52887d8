{{ config(materialized='table') }}
-- The payments the reports may use (int_payments: their required values present), with their attributes as given,
-- for BI tools and analysts, and the payments of payment_balances_as_of: int_payments is a view of the build's own
-- file. Ordered by customer (its customer_key: organization, then customer; payments of a customer no organization
-- holds last), so that a lookup of one customer's payments skips the rest.
select
    payments.payment_id,
    payments.organization_id,
    payments.customer_id,
    payments.amount,
    payments.currency,
    payments.received_on,
    payments.status,
    payments.payment_method
from {{ ref('int_payments') }} as payments
left join {{ ref('int_customers') }} as customers on payments.customer_id = customers.customer_id
order by customers.customer_key, payments.payment_id
