{{ config(materialized='table') }}
-- Per invoice with a touch (int_invoice_touches), its first touch and its first touch that was not automated (full
-- timestamps). The allocations compare each allocation with these two bounds (touched, automated) and the list
-- takes the first touch's date: one grouping of the touches by invoice for both, not one each. In no order; a
-- table of the build's own file (dbt_project.yml).
select
    invoice_key,
    min(occurred_at) as first_touch_at,
    min(case when not is_automated then occurred_at end) as first_manual_touch_at
from {{ ref('int_invoice_touches') }}
group by invoice_key
