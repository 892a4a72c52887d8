{{ config(materialized='query_view') }}
-- The DSO family per customer and calendar month (definitions: models/marts/dso_monthly.sql, docs/metrics.md) at
-- the query-time as-of date, for the months from the one holding the query-time from_date (null: every month).
-- The metrics use every month of the customer's history (int_dso_months); from_date only chooses the months shown.
with

months as (
    select
        *,
        'customer' as scope
    from {{ query_ref('int_dso_months') }}
),

{{ arlake_dso_metrics(['organization_id', 'customer_id']) }}

select dso_metrics.*
from dso_metrics
where
    dso_metrics.period_start
    >= coalesce({{ arlake_period_start('monthly', collections_from_date(), none) }}, dso_metrics.period_start)
