{{ config(materialized='table') }}
-- The point-in-time collections measures (macro arlake_point_measures) of every customer at the end of every
-- month and ISO week of the stored grid (int_collection_periods), with the balance and its touched part at the
-- period's start (s - 1, the end of the period before). Every open stretch (int_invoice_open_periods) counts at
-- the end of each period whose last day it holds. A row per customer and period with a non-zero measure at
-- either end; no row means zero. In no order: int_collection_points sorts them (sorting inside this query does
-- not fit the memory limit at 10M; the sort alone spills). A table of the build's own file (dbt_project.yml).
with

bounds as (
    select * from {{ ref('int_collection_bounds') }}
),

{%- for interval in ['monthly', 'weekly'] %}

{{ interval }}_held as (
    -- Each stretch with the start of every grid period whose last day it holds (only the columns the measures read).
    select
        held.*,
        {{ arlake_period_last_day(interval, 'held.period_start') }} as period_end
    from (
        select
            stretches.organization_id,
            stretches.customer_id,
            stretches.open_from,
            stretches.open_until,
            stretches.outstanding,
            stretches.total_amount,
            stretches.due_on,
            stretches.first_touch_on,
            {{ arlake_date_series(
                arlake_period_start(interval, 'stretches.open_from', none),
                arlake_period_start(interval,
                    'least(bounds.grid_through_on, coalesce(' ~ arlake_add_days('stretches.open_until', -1) ~ ', bounds.grid_through_on))',
                    none),
                arlake_period_step(interval)) }} as period_start
        from {{ ref('int_invoice_open_periods') }} as stretches
        inner join bounds on stretches.organization_id = bounds.organization_id
    ) as held
),

{{ interval }}_ends as (
    select
        '{{ interval }}' as period_interval,
        organization_id,
        customer_id,
        period_start,
        {{ arlake_point_measures('held', 'period_end') }}
    from {{ interval }}_held as held
    where {{ arlake_stretch_holds('held', 'period_end') }}
    group by organization_id, customer_id, period_start
),

{{ interval }}_starts as (
    -- The balances at each period's start s - 1: those at the end of the period before, moved to the period
    -- after it. Only the two start measures: the rows paired with the ends are narrow.
    select
        period_interval,
        organization_id,
        customer_id,
        {{ arlake_next_period_start(interval, 'period_start') }} as period_start,
        balance,
        balance_touched
    from {{ interval }}_ends
),

{{ interval }}_points as (
    {{ arlake_pair_points(interval ~ '_ends', interval ~ '_starts') }}
){{ ',' if not loop.last }}
{%- endfor %}

{%- for interval in ['monthly', 'weekly'] %}
select * from {{ interval }}_points
{% if not loop.last %}union all{% endif %}
{%- endfor %}
