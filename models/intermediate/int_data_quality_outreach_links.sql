{{ config(materialized='table') }}
-- Data-quality checks of outreach links against outreach and invoices (see int_data_quality_issues and
-- int_data_quality_allocation_invoices).
with

invoices as (select * from {{ ref('stg_arlake__invoices') }}),

outreach as (select * from {{ ref('stg_arlake__outreach') }}),

outreach_links as (select * from {{ ref('stg_arlake__outreach_invoices') }})

select
    'outreach_link_unknown_outreach' as check_name,
    'outreach_invoices' as table_name,
    outreach_links.outreach_id as record_id,
    'outreach ' || outreach_links.outreach_id || ' is not in outreach' as detail
from outreach_links
{{ arlake_anti_join() }} outreach on outreach_links.outreach_id = outreach.outreach_id

union all
select
    'outreach_link_unknown_invoice' as check_name,
    'outreach_invoices' as table_name,
    outreach_links.outreach_id as record_id,
    'invoice ' || outreach_links.invoice_id || ' is not in invoices' as detail
from outreach_links
{{ arlake_anti_join() }} invoices on outreach_links.invoice_id = invoices.invoice_id
