-- The emails and calls of the invoice_list listing: outreach on the email or call channel linked to an
-- invoice through outreach_invoices that occurred on or before the as-of date D (any direction and status).
with

params as (
    select {{ as_of_date() }} as as_of_date
)

select
    params.as_of_date,
    outreach.invoice_id,
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
from {{ ref('int_invoice_list_outreach') }} as outreach
cross join params
where outreach.occurred_on <= params.as_of_date
