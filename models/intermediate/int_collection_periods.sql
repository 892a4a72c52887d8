{{ config(materialized='view') }}
-- The period spine, per organization and interval, at query time: calendar months, ISO weeks (Monday to
-- Sunday) and `all`, from the period holding F to the one holding A. F = SET VARIABLE from_date, else the
-- organization's first issued invoice date; A = as_of_date. period_end is e' = min(e, A); `all` is [F, A].
with

params as (
    select
        {{ as_of_date() }} as as_of,
        {{ collections_from_date() }} as from_date
),

first_issued as (
    select
        organization_id,
        min(issued_on) as first_issued_on
    from {{ ref('int_invoices') }}
    group by organization_id
),

organizations as (
    select
        first_issued.organization_id,
        params.as_of,
        coalesce(params.from_date, first_issued.first_issued_on) as from_on
    from first_issued, params
    where coalesce(params.from_date, first_issued.first_issued_on) <= params.as_of
),

spines as (
    {%- for interval in arlake_intervals() %}
    select
        '{{ interval }}' as period_interval,
        organization_id,
        as_of,
        from_on,
        cast(unnest(generate_series(
            {{ arlake_period_start(interval, 'from_on', 'from_on') }},
            {{ arlake_period_start(interval, 'as_of', 'from_on') }},
            {{ arlake_period_step(interval) }}
        )) as date) as period_start
    from organizations
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    period_interval,
    organization_id,
    as_of,
    from_on,
    period_start,
    case period_interval
        {%- for interval in arlake_intervals() %}
        when '{{ interval }}' then {{ arlake_period_end(interval, 'period_start', 'as_of') }}
        {%- endfor %}
    end as period_end
from spines
