{{ config(materialized='query_view') }}
-- The aging of ar_aging summed per customer, branch and bucket (same query-time parameters): the grain the
-- aging reports filter and roll up in SQL.
select
    as_of_date,
    aging_basis,
    aging_width,
    aging_periods,
    organization_id,
    customer_id,
    branch_id,
    bucket_index,
    cast(sum(outstanding) as decimal(38, 2)) as outstanding,
    any_value(bucket_label) as bucket_label,
    count(*) as invoice_count
from {{ query_ref('ar_aging') }}
group by all
