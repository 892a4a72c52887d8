{{ config(materialized='view') }}
-- The invoices every AR measure reads: the receivable invoices of int_receivable_invoices that are not drafts.
select * from {{ ref('int_receivable_invoices') }}
where not is_draft
