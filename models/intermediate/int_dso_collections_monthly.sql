{{ config(materialized='table') }}
-- The collections inputs of the DSO family for the stored months (int_collections_by_period, monthly), per customer,
-- in integer cents, converted once when the warehouse is built rather than at every query: AR at start (s - 1) and
-- end, current AR at end (not yet due), credit sales. The months after the stored grid and the month holding the
-- as-of date are computed at query time (int_dso_months).
select
    organization_id,
    customer_id,
    period_start,
    period_end,
    {{ arlake_dso_collection_cents() }}
from {{ ref('int_collections_by_period') }}
where period_interval = 'monthly'
