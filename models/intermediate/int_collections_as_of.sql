{{ config(materialized='query_view') }}
-- The collections measures of the months and ISO weeks up to the one holding the as-of date A (query-time:
-- as_of_date), for every customer with a row.
--   Months: every month from the organization's first. The stored months (int_collections_by_period) that ended
--   on or before A are read as they are; the month holding A (when A is not its last day) and the months after
--   the stored grid (when A is past it) are computed here.
--   Weeks: the weeks from the one holding F (query-time from_date, else the organization's first issued invoice)
--   to the one holding A. Their point-in-time measures are stored (int_collection_points) for the weeks of the
--   grid that ended on or before A; their flows are computed here from the events dated from F's week to A.
-- What is computed here reads the open stretches holding each period's first and last days and the events dated
-- in the periods. The grid's first and last days are read when this model is built, so that the computed
-- periods' dates are constants at query time and reading their events skips the rest.
{%- set monthly_end = arlake_stored_grid_end('monthly') %}
{%- set weekly_end = arlake_stored_grid_end('weekly') %}
{%- set first_issued = arlake_first_issued_on() %}
{%- set as_of = as_of_date() %}
{%- set from_date = collections_from_date() %}
with

params as (
    select
        {{ as_of }} as as_of,
        {{ from_date }} as from_date
),

stored_months as (
    select {{ arlake_collections_fields('grid') }}
    from {{ ref('int_collections_by_period') }} as grid, params
    where grid.period_end <= params.as_of
),

bounds as (
    select
        organization_id,
        first_issued_on
    from {{ ref('int_collection_bounds') }}
),

{%- set monthly_live_start -%}
    case
        when params.as_of > {{ monthly_end }} then {{ arlake_add_days(monthly_end, 1) }}
        else {{ arlake_period_start('monthly', 'params.as_of', none) }}
    end
{%- endset %}

monthly_live_starts as (
    -- The computed months' starts: after the grid when A is past it, else the month holding A, up to A's month.
    select
        {{ arlake_date_series(monthly_live_start, arlake_period_start('monthly', 'params.as_of', none),
            arlake_period_step('monthly')) }} as period_start
    from params
),

monthly_spine as (
    -- a month of the grid that ends on A is stored, not computed
    select
        'monthly' as period_interval,
        bounds.organization_id,
        live_starts.period_start,
        {{ arlake_period_end('monthly', 'live_starts.period_start', 'params.as_of') }} as period_end
    from bounds
    cross join params
    cross join monthly_live_starts as live_starts
    where not ({{ arlake_period_last_day('monthly', 'live_starts.period_start') }} <= least(params.as_of, {{ monthly_end }}))
),

{%- set weekly_first_start = arlake_period_start('weekly', 'coalesce(params.from_date, ' ~ first_issued ~ ')', none) %}

weekly_starts as (
    -- Every week from the earliest first week of an organization to A's week.
    select
        {{ arlake_date_series(weekly_first_start, arlake_period_start('weekly', 'params.as_of', none),
            arlake_period_step('weekly')) }} as period_start
    from params
),

weekly_spine as (
    select
        'weekly' as period_interval,
        bounds.organization_id,
        weeks.period_start,
        {{ arlake_period_end('weekly', 'weeks.period_start', 'params.as_of') }} as period_end,
        {{ arlake_period_last_day('weekly', 'weeks.period_start') }} <= least(params.as_of, {{ weekly_end }})
            as is_stored
    from bounds
    cross join params
    cross join weekly_starts as weeks
    where
        weeks.period_start >= {{ arlake_period_start('weekly', 'coalesce(params.from_date, bounds.first_issued_on)', none) }}
),

computed_spine as (
    -- The periods whose point-in-time measures are read from the open stretches here.
    select * from monthly_spine
    union all
    select
        period_interval,
        organization_id,
        period_start,
        period_end
    from weekly_spine
    where not is_stored
),

{{ arlake_spine_points('computed', 'computed_spine') }},

points as (
    select * from computed_points
    union all
    select stored_points.*
    from {{ ref('int_collection_points') }} as stored_points
    inner join weekly_spine
        on
            stored_points.organization_id = weekly_spine.organization_id
            and stored_points.period_start = weekly_spine.period_start
            and weekly_spine.is_stored
    where stored_points.period_interval = 'weekly'
),

flow_spine as (
    -- The periods whose flows are computed here: the computed months and every reported week.
    select * from monthly_spine
    union all
    select
        period_interval,
        organization_id,
        period_start,
        period_end
    from weekly_spine
),

{%- set range_from = 'least(' ~ monthly_live_start ~ ', ' ~ weekly_first_start ~ ')' %}
{{ arlake_collections_rows('computed', none, 'flow_spine', 'points',
    range_from=range_from | replace('params.as_of', '(' ~ as_of ~ ')') | replace('params.from_date', '(' ~ from_date ~ ')'),
    range_to=as_of) }}

select * from stored_months
union all
select {{ arlake_collections_fields('computed_rows') }}
from computed_rows
