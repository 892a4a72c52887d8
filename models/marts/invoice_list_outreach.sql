{{ config(materialized='query_view') }}
-- The emails and calls of the invoice_list listing: outreach on the email or call channel linked to an
-- invoice through outreach_invoices (int_invoice_list_outreach_base) that occurred on or before the as-of date D
-- (any direction and status).
select
    {{ as_of_date() }} as as_of_date,
    invoice_id,
    outreach_id,
    organization_id,
    customer_id,
    channel,
    occurred_at,
    direction,
    is_automated,
    is_originated_in_product,
    status,
    subject,
    to_address,
    modified_at
from {{ ref('int_invoice_list_outreach_base') }}
where cast(occurred_at as date) <= {{ as_of_date() }}
