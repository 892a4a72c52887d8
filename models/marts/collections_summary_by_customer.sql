{{ config(materialized='query_view') }}
-- Collections per customer and period (docs/metrics.md), for every interval (monthly, weekly, all), read at
-- query time: as-of date A (as_of_date) and first day F (from_date; null = the organization's first issued
-- invoice date). Periods run from the one holding F to the one holding A; a period [s, e] ends at e' = min(e, A).
-- A row per (customer, period) with an invoice issued, an allocation applied or a touch in [s, e'], or a non-zero
-- AR at s - 1 or e'. Months and weeks come from int_collections_as_of (stored periods plus the live ones); `all`,
-- the one period [F, A], is computed here from the events dated in it and the open stretches holding F - 1 and A.
-- Money in major units (DECIMAL); macros/collections.sql defines every measure.
with

{{ arlake_collections_reporting() }},

periods as (
    select periods.*
    from {{ query_ref('int_collections_as_of') }} as periods
    inner join reporting on periods.organization_id = reporting.organization_id
    where
        (
            periods.period_interval = 'monthly'
            and periods.period_start >= {{ arlake_period_start('monthly', 'reporting.from_on', none) }}
        )
        or (
            periods.period_interval = 'weekly'
            and periods.period_start >= {{ arlake_period_start('weekly', 'reporting.from_on', none) }}
        )
),

all_spine as (
    select
        'all' as period_interval,
        organization_id,
        from_on as period_start,
        as_of as period_end
    from reporting
),

{{ arlake_spine_points('all_live', 'all_spine') }},

{{ arlake_collections_rows('all_live', none, 'all_spine', 'all_live_points',
    range_from='(select min(period_start) from all_spine)', range_to='(select max(as_of) from params)') }},

every_interval as (
    select * from periods
    union all
    select {{ arlake_collections_fields('all_live_rows') }}
    from all_live_rows
)

select
    every_interval.period_interval,
    every_interval.organization_id,
    every_interval.customer_id as partner_id,
    customers.name as partner_name,
    customers.account_number as partner_account_number,
    customers.business_unit_id,
    {%- for m in arlake_collections_measure_names() %}
    every_interval.{{ m }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from every_interval
inner join {{ ref('int_customers') }} as customers on every_interval.customer_id = customers.customer_id
