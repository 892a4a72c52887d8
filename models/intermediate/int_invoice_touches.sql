{{ config(materialized='table') }}
-- Touches: outreach that is outbound, originated in the product, not draft/failed/bounced/canceled (a null
-- status is a touch), linked to a receivable invoice. A touch counts for the customer of the linked invoice.
-- Ordered by date, so that reading the touches of one period skips the rest. Only what the measures read: the
-- outreach's id and channel stay out of the warehouse (83 MiB of 296 at 10M invoices), and the invoice is its
-- invoice_key (its place in the order of the ids), not its text id.
with

outreach as (
    select * from {{ ref('stg_arlake__outreach') }}
),

links as (
    select * from {{ ref('stg_arlake__outreach_invoices') }}
),

invoices as (
    select
        invoice_id,
        invoice_key,
        organization_id,
        customer_id
    from {{ ref('int_invoices') }}
)

select
    invoices.invoice_key,
    invoices.organization_id,
    invoices.customer_id,
    outreach.is_automated,
    outreach.occurred_at,
    cast(outreach.occurred_at as date) as occurred_on
from links
inner join outreach on links.outreach_id = outreach.outreach_id
inner join invoices on links.invoice_id = invoices.invoice_id
where
    {{ arlake_required_present('outreach', 'outreach') }}
    and outreach.direction = 'outbound'
    and outreach.is_originated_in_product
    and (outreach.status is null or outreach.status not in ('draft', 'failed', 'bounced', 'canceled'))
order by cast(outreach.occurred_at as date)
