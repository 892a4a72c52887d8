{{ config(materialized='table') }}
-- The stored period grid: per organization, every calendar month and ISO week (Monday to Sunday) from the one
-- holding its first_on to the one holding grid_through_on (int_collection_bounds). period_end is the period's
-- last day; int_collections_by_period holds the measures of each of these periods as they stand at that day.
with

bounds as (
    select * from {{ ref('int_collection_bounds') }}
),

{%- for interval in ['monthly', 'weekly'] %}

{{ interval }}_starts as (
    select
        '{{ interval }}' as period_interval,
        organization_id,
        {{ arlake_date_series(
            arlake_period_start(interval, 'first_on', none),
            arlake_period_start(interval, 'grid_through_on', none),
            arlake_period_step(interval)) }} as period_start
    from bounds
){{ ',' if not loop.last }}
{%- endfor %}

{%- for interval in ['monthly', 'weekly'] %}
select
    period_interval,
    organization_id,
    period_start,
    {{ arlake_period_last_day(interval, 'period_start') }} as period_end
from {{ interval }}_starts
{% if not loop.last %}union all{% endif %}
{%- endfor %}
