{{ config(materialized='query_view') }}
-- The emails and calls of the invoice_list listing: outreach on the email or call channel linked to an
-- invoice through outreach_invoices that occurred on or before the as-of date D (any direction and status).
with

params as (
    select {{ as_of_date() }} as as_of_date
)

select
    params.as_of_date,
    links.invoice_id,
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
from {{ ref('stg_arlake__outreach_invoices') }} as links
inner join {{ ref('stg_arlake__outreach') }} as outreach on links.outreach_id = outreach.outreach_id
cross join params
where
    outreach.channel in ('email', 'call')
    and {{ arlake_required_present('outreach', 'outreach') }}
    and cast(outreach.occurred_at as date) <= params.as_of_date
