{{ config(materialized='table') }}
-- The stored collections points (int_collection_points_unordered) ordered by organization, interval and period,
-- so that the weekly report's few stored weeks are read alone (zone maps on period_start) rather than picked out
-- of every week of the history. The sort is a query of its own: inside the points' query it does not fit the
-- memory limit at 10M, alone it spills.
select *
from {{ ref('int_collection_points_unordered') }}
order by organization_id, period_interval, period_start
