{{ config(materialized='table', meta={'lookup_index': 'invoice_key'}) }}
-- The invoice_list_outreach mart's emails and calls, before the as-of date: outreach on the email or call channel
-- linked to an invoice through outreach_invoices (any direction and status), one row per link to an invoice the raw
-- layer holds, by the invoice's key (not its text id, which the listing has: 57 MiB at 10M invoices); a link to
-- another invoice has no listing to show it. On DuckDB indexed on invoice_key, so that the page of a listing looks
-- its invoices' rows up without joining every link to its outreach. Ordered by the outreach's customer, then invoice
-- (the listing orders an invoice's rows itself): one customer's addresses and ids lie together and compress (with
-- the text id, 597 MiB instead of 688 ordered by invoice alone at 10M invoices). The order is the customer's
-- customer_key (int_customers: organization, then customer; outreach of a customer no organization holds last).
select
    invoices.invoice_key,
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
inner join {{ ref('stg_arlake__invoices') }} as invoices on links.invoice_id = invoices.invoice_id
left join {{ ref('int_customers') }} as customers on outreach.customer_id = customers.customer_id
where
    outreach.channel in ('email', 'call')
    and {{ arlake_required_present('outreach', 'outreach') }}
order by customers.customer_key, invoices.invoice_key
