{{ config(materialized='query_view') }}
-- The payments of the invoice_list listing: each allocation that moves money (its payment is neither failed nor
-- canceled) applied on or before the as-of date D, with its payment, by its invoice's key (the listing's
-- invoice_key; the invoice's id is the listing's). int_payment_allocations carries the payment's
-- columns, so a page's allocations are looked up by invoice_key without a join to the payments. DuckDB reads such a
-- lookup from the table's index only when the keys are the scan's one filter: the date is compared in a join with a
-- one-row CTE, and as an expression of applied_at, which the join does not push into the scan (applied_on would be).
with

params as (
    select {{ as_of_date() }} as as_of_date
)

select
    params.as_of_date,
    allocations.invoice_key,
    allocations.allocation_id,
    allocations.payment_id,
    allocations.amount,
    allocations.strategy,
    allocations.applied_at,
    allocations.modified_at,
    allocations.payment_organization_id,
    allocations.payment_customer_id,
    allocations.payment_amount,
    allocations.payment_received_at,
    allocations.payment_currency,
    allocations.payment_method,
    allocations.payment_status,
    allocations.payment_reference_number,
    allocations.payment_modified_at
from {{ ref('int_payment_allocations') }} as allocations
cross join params
where cast(allocations.applied_at as date) <= params.as_of_date
