{{ config(materialized='table') }}
-- Data-quality checks of allocations against invoices (see int_data_quality_issues). Each check that joins two
-- large tables is a query of its own: one query of all of them holds every hash table at once.
with

invoices as (select * from {{ ref('stg_arlake__invoices') }}),

allocations as (select * from {{ ref('stg_arlake__payment_allocations') }}),

ar_invoices as (select * from {{ ref('int_invoices') }})

select
    'allocation_unknown_invoice' as check_name,
    'payment_allocations' as table_name,
    allocations.allocation_id as record_id,
    'invoice ' || coalesce(allocations.invoice_id, 'null') || ' is not in invoices' as detail
from allocations
{{ arlake_anti_join() }} invoices on allocations.invoice_id = invoices.invoice_id

union all
select
    'allocation_to_non_receivable_invoice' as check_name,
    'payment_allocations' as table_name,
    allocations.allocation_id as record_id,
    'invoice ' || allocations.invoice_id || ' is a draft, a payable or left out' as detail
from allocations
{{ arlake_semi_join() }} invoices on allocations.invoice_id = invoices.invoice_id
{{ arlake_anti_join() }} ar_invoices on allocations.invoice_id = ar_invoices.invoice_id
