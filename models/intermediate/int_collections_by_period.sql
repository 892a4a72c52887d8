{{ config(materialized='table') }}
-- The collections measures of docs/metrics.md per customer, for every month of the stored grid
-- (int_collection_periods), as they stand at the period's last day. They do not depend on the as-of date A as
-- long as A is on or after that day, so they are computed once here; the query-time models
-- (int_collections_as_of, collections_summary_by_customer) add only the periods the grid cannot answer. A row per
-- (customer, period) with an invoice issued, an allocation applied or a touch in the period, or a non-zero AR at
-- its start or end (macros/collections.sql defines every measure; the point-in-time ones come from
-- int_collection_points). The sums and counts are stored; the fields derived from them (differences, DSO,
-- ratios, averages) are computed when read (arlake_collections_fields).
with

{%- for interval in ['monthly'] %}

{{ interval }}_spine as (
    select
        period_interval,
        organization_id,
        period_start,
        period_end
    from {{ ref('int_collection_periods') }}
    where period_interval = '{{ interval }}'
),

{{ interval }}_points as (
    select * from {{ ref('int_collection_points') }}
    where period_interval = '{{ interval }}'
),

{{ arlake_collections_rows(interval, interval, interval ~ '_spine', interval ~ '_points') }}{{ ',' if not loop.last }}
{%- endfor %}

{%- for interval in ['monthly'] %}
select * from {{ interval }}_rows
{% if not loop.last %}union all{% endif %}
{%- endfor %}
