{{ config(materialized='table') }}
-- int_dso_collections_monthly summed over each organization's customers: one row per organization and stored
-- month, so that the organization's DSO does not add up a row per customer and month at query time.
select
    organization_id,
    period_start,
    period_end,
    sum(ar_start) as ar_start,
    sum(ar_end) as ar_end,
    sum(current_ar_end) as current_ar_end,
    sum(credit_sales) as credit_sales
from {{ ref('int_dso_collections_monthly') }}
group by organization_id, period_start, period_end
