{{ config(materialized='query_view') }}
-- The collections measures of every month and ISO week up to the one holding the as-of date A (query-time:
-- as_of_date), for every customer with a row: the stored periods (int_collections_by_period) that ended on or
-- before A as they are, plus the periods the grid cannot answer, computed here: the period holding A when A is
-- not its last day (measures at e' = A), and the periods after the grid when A is later than its last day. Those
-- live periods read the open stretches holding their first and last days and only the events dated from their
-- first day to A. The grid's last day is read when this model is built, so that the live periods' dates are
-- constants at query time and reading their events skips the rest.
with

params as (
    select {{ as_of_date() }} as as_of
),

stored as (
    select {{ arlake_collections_fields('grid') }}
    from {{ ref('int_collections_by_period') }} as grid, params
    where grid.period_end <= params.as_of
),

organizations as (
    select organization_id from {{ ref('int_collection_bounds') }}
),

{%- set live_starts = {} %}
{%- for interval in ['monthly', 'weekly'] %}
{%- set grid_end = arlake_stored_grid_end(interval) %}
{%- set live_start -%}
    case
        when params.as_of > {{ grid_end }} then {{ arlake_add_days(grid_end, 1) }}
        else {{ arlake_period_start(interval, 'params.as_of', none) }}
    end
{%- endset %}
{%- do live_starts.update({interval: live_start}) %}

{{ interval }}_live_starts as (
    -- The live periods' starts: from the first one (after the grid when A is past it, else the period holding A) to
    -- the one holding A.
    select
        {{ arlake_date_series(live_start, arlake_period_start(interval, 'params.as_of', none),
            arlake_period_step(interval)) }} as period_start
    from params
),

{{ interval }}_spine as (
    -- a period of the grid that ends on A is stored, not live
    select
        '{{ interval }}' as period_interval,
        organizations.organization_id,
        live_starts.period_start,
        {{ arlake_period_end(interval, 'live_starts.period_start', 'params.as_of') }} as period_end
    from organizations
    cross join params
    cross join {{ interval }}_live_starts as live_starts
    where not ({{ arlake_period_last_day(interval, 'live_starts.period_start') }} <= least(params.as_of, {{ grid_end }}))
),
{%- endfor %}

live_spine as (
    select * from monthly_spine
    union all
    select * from weekly_spine
),

{{ arlake_spine_points('live', 'live_spine') }},

{%- set range_from = 'least(' ~ live_starts['monthly'] ~ ', ' ~ live_starts['weekly'] ~ ')' %}
{{ arlake_collections_rows('live', none, 'live_spine', 'live_points',
    range_from=range_from | replace('params.as_of', '(select as_of from params)'),
    range_to='(select as_of from params)') }}

select * from stored
union all
select {{ arlake_collections_fields('live_rows') }}
from live_rows
