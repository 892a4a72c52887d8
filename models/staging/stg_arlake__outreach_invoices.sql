-- A (outreach_id, invoice_id) pair is one link, however often it lands.
with

source as (
    select * from {{ ref('base_arlake__outreach_invoices') }}
),

links as (
    select distinct
        outreach_id,
        invoice_id
    from source
    where outreach_id is not null and invoice_id is not null
)

select * from links
