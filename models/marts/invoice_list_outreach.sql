{{ config(materialized='query_view') }}
-- The emails and calls of the invoice_list listing: outreach on the email or call channel linked to an
-- invoice through outreach_invoices (int_invoice_list_outreach_base) that occurred on or before the as-of date D
-- (any direction and status). The date is compared in a join with a one-row CTE, as an expression of occurred_at,
-- not as a filter of the scan, so that a page's lookup by invoice_key is the scan's one filter and DuckDB reads it
-- from the table's index (invoice_list_payments).
with

params as (
    select {{ as_of_date() }} as as_of_date
)

select
    params.as_of_date,
    outreach.invoice_key,
    outreach.outreach_id,
    outreach.organization_id,
    outreach.customer_id,
    outreach.channel,
    outreach.occurred_at,
    outreach.direction,
    outreach.is_automated,
    outreach.is_originated_in_product,
    outreach.status,
    outreach.subject,
    outreach.to_address,
    outreach.modified_at
from {{ ref('int_invoice_list_outreach_base') }} as outreach
cross join params
where cast(outreach.occurred_at as date) <= params.as_of_date
