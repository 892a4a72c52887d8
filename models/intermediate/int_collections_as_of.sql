{{ config(materialized='view') }}
-- The collections measures of every month and ISO week up to the one holding the as-of date A (query-time:
-- as_of_date), for every customer with a row (int_collections_by_period): the stored periods that ended on or
-- before A as they are, plus the periods the grid cannot answer, computed here: the period holding A when A is
-- not its last day (measures at e' = A), and any period after the grid when A is later than the last stored
-- period. Those live periods read the open stretches holding their first and last days and only the events dated
-- from their first day to A.
with

params as (
    select {{ as_of_date() }} as as_of
),

stored as (
    select grid.*
    from {{ ref('int_collections_by_period') }} as grid, params
    where grid.period_end <= params.as_of
),

grid_bounds as (
    select
        period_interval,
        organization_id,
        min(period_start) as grid_start,
        max(period_end) as grid_end
    from {{ ref('int_collection_periods') }}
    group by period_interval, organization_id
),

{%- for interval in ['monthly', 'weekly'] %}

{{ interval }}_live_starts as (
    -- The first live period: after the grid when A is past it, else the period holding A.
    select
        grid_bounds.organization_id,
        params.as_of,
        grid_bounds.grid_start,
        grid_bounds.grid_end,
        case
            when params.as_of > grid_bounds.grid_end then {{ arlake_add_days('grid_bounds.grid_end', 1) }}
            else {{ arlake_period_start(interval, 'params.as_of', none) }}
        end as live_start
    from grid_bounds, params
    where grid_bounds.period_interval = '{{ interval }}' and params.as_of >= grid_bounds.grid_start
),

{{ interval }}_spine as (
    select
        organization_id,
        period_start,
        {{ arlake_period_end(interval, 'period_start', 'as_of') }} as period_end
    from (
        select
            organization_id,
            as_of,
            grid_end,
            {{ arlake_date_series('live_start', arlake_period_start(interval, 'as_of', none), arlake_period_step(interval)) }}
                as period_start
        from {{ interval }}_live_starts
    ) as starts
    -- a period of the grid that ends on A is stored
    where not ({{ arlake_period_last_day(interval, 'period_start') }} <= least(as_of, grid_end))
),

{{ arlake_spine_points(interval ~ '_live', interval ~ '_spine') }},

{{ arlake_collections_rows(interval ~ '_live', interval, interval ~ '_spine', interval ~ '_live_points',
    range_from='(select min(period_start) from ' ~ interval ~ '_spine)', range_to='(select max(as_of) from params)') }},
{%- endfor %}

live as (
    {%- for interval in ['monthly', 'weekly'] %}
    select {{ arlake_collections_fields(interval ~ '_live_rows') }}
    from {{ interval }}_live_rows
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from stored
union all
select * from live
