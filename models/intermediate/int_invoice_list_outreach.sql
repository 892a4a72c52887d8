-- The emails and calls linked to each invoice (outreach_invoices), ordered by invoice so that the few invoices
-- of one page are found quickly; the invoice_list_outreach mart keeps those on or before its as-of date.
with

links as (
    select * from {{ ref('stg_arlake__outreach_invoices') }}
),

outreach as (
    select * from {{ ref('stg_arlake__outreach') }} as outreach
    where channel in ('email', 'call') and {{ arlake_required_present('outreach', 'outreach') }}
)

select
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
    outreach.modified_at,
    cast(outreach.occurred_at as date) as occurred_on
from links
inner join outreach on links.outreach_id = outreach.outreach_id
order by links.invoice_id, outreach.occurred_at, outreach.outreach_id
