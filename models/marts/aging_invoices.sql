{{ config(materialized='query_view') }}
-- The invoices behind every aging cell: the rows of ar_aging (open invoices at the as-of date D with their
-- signed age and bucket, for the query-time width N, number of buckets P and basis), labelled by N and P alone
-- (current, 1-N, ..., (P-1)*N+1+, whatever the basis). The same rows the aging summaries sum, so a cell's invoices
-- add up to the cell.
select
    aging.as_of_date,
    aging.aging_basis,
    aging.aging_width,
    aging.aging_periods,
    aging.invoice_id,
    aging.number,
    aging.organization_id,
    aging.customer_id,
    aging.branch_id,
    aging.issued_on,
    aging.due_on,
    aging.total_amount,
    aging.outstanding,
    aging.age_days,
    aging.bucket_index,
    {{ arlake_aging_bucket_label('aging.bucket_index', 'aging.aging_width', 'aging.aging_periods') }} as bucket_label
from {{ query_ref('ar_aging') }} as aging
