{#-
  The DSO family over a relation `months` with one row per series (scope, organization_id, customer_id) and
  calendar month: period_start, period_end, days_in_period, and in integer cents ar_start, ar_end, current_ar_end,
  credit_sales, late_cent_days, paid_cents. Emits the CTEs after `months`, the last one `dso_metrics`; see
  models/marts/dso_monthly.sql for the definitions. Every month of a series is walked, so a month's countback
  may use all the history before it; callers choose which months to report afterwards.
-#}
{% macro arlake_dso_metrics() -%}
prefixed as (
    -- Running credit sales and days per series; walk_key orders months by running sales, then by month, so
    -- an ASOF join finds the last month whose running sales are at or below a threshold.
    select
        *,
        row_number() over series as month_index,
        sum(credit_sales) over series as running_sales,
        sum(days_in_period) over series as running_days,
        cast(sum(credit_sales) over series as {{ arlake_type('hugeint') }}) * 10000 + row_number() over series as walk_key
    from months
    window series as (
        partition by scope, organization_id, customer_id order by period_start
        rows between unbounded preceding and current row
    )
),

thresholds as (
    -- Months fully covered walking back from m are those after the last month t with running_sales(t) <=
    -- running_sales(m) - AR_end; the month after t is the last one reached (maybe in part).
    select
        *,
        cast(running_sales - ar_end as {{ arlake_type('hugeint') }}) * 10000 + 9999 as walk_threshold
    from prefixed
),

walked as (
    {{ arlake_countback_boundary('thresholds', 'prefixed') }}
),

countback as (
    select
        walked.*,
        case
            when walked.ar_end <= 0 then 0
            when reached.credit_sales <= 0 then walked.running_days - reached.running_days + reached.days_in_period
            else
                -- full months after `reached`, plus the fraction of `reached` still needed, over its sales
                (walked.running_days - reached.running_days) * reached.credit_sales
                + reached.days_in_period * least(reached.running_sales - (walked.running_sales - walked.ar_end), reached.credit_sales)
        end as countback_numerator,
        case when walked.ar_end <= 0 or reached.credit_sales <= 0 then 1 else reached.credit_sales end
            as countback_denominator
    from walked
    left join prefixed as reached
        on
            walked.scope = reached.scope
            and walked.organization_id = reached.organization_id
            and walked.customer_id is not distinct from reached.customer_id
            and walked.boundary_index + 1 = reached.month_index
),

dso_metrics as (
select
    scope,
    organization_id,
    customer_id,
    period_start,
    period_end,
    days_in_period,
    {{ arlake_from_cents('ar_start') }} as ar_start,
    {{ arlake_from_cents('ar_end') }} as ar_end,
    {{ arlake_from_cents('current_ar_end') }} as current_ar_end,
    {{ arlake_from_cents('credit_sales') }} as credit_sales,
    {{ arlake_round_div('ar_end * days_in_period', 'credit_sales', 2) }} as standard_dso,
    {{ arlake_round_div('countback_numerator', 'countback_denominator', 2) }} as countback_dso,
    {{ arlake_round_div('current_ar_end * days_in_period', 'credit_sales', 2) }} as best_possible_dso,
    {{ arlake_round_div('(ar_end - current_ar_end) * days_in_period', 'credit_sales', 2) }} as average_days_delinquent,
    {{ arlake_round_div('(ar_start + credit_sales - ar_end) * 100', 'ar_start + credit_sales - current_ar_end', 2) }}
        as collection_effectiveness_index,
    {{ arlake_round_div('current_ar_end * 100', 'ar_end', 2) }} as percent_current,
    {{ arlake_round_div('late_cent_days', 'paid_cents', 2) }} as weighted_average_days_late
from countback
)
{%- endmacro %}

{#- Cent-days late and cents paid over the positive allocations of `allocations` (reversals left out):
    sum(cents x max(applied_on - due_on, 0)) and sum(cents); their ratio is the weighted average days late. -#}
{% macro arlake_lateness_sums(allocations) -%}
    sum({{ arlake_cents(allocations ~ '.amount') }}
        * greatest({{ arlake_days_between(allocations ~ '.due_on', allocations ~ '.applied_on') }}, 0))
        as late_cent_days,
    sum({{ arlake_cents(allocations ~ '.amount') }}) as paid_cents
{%- endmacro %}

{#- Each month of `thresholds` with boundary_index: the month_index of the month of `prefixed` in the same series
    with the greatest walk_key at or below its walk_threshold (0 when none). DuckDB's ASOF join finds it directly;
    elsewhere a join on the series and a max_by over the months at or below the threshold. -#}
{% macro arlake_countback_boundary(thresholds, prefixed) -%}
  {{ return(adapter.dispatch('arlake_countback_boundary', 'arlake')(thresholds, prefixed)) }}
{%- endmacro %}

{% macro default__arlake_countback_boundary(thresholds, prefixed) -%}
    select
        thresholds.*,
        coalesce(boundary.boundary_index, 0) as boundary_index
    from {{ thresholds }} as thresholds
    left join (
        select
            walking.scope,
            walking.organization_id,
            walking.customer_id,
            walking.period_start,
            max_by(boundary.month_index, boundary.walk_key) as boundary_index
        from {{ thresholds }} as walking
        inner join {{ prefixed }} as boundary
            on
                walking.scope = boundary.scope
                and walking.organization_id = boundary.organization_id
                and walking.customer_id is not distinct from boundary.customer_id
                and walking.walk_threshold >= boundary.walk_key
        group by walking.scope, walking.organization_id, walking.customer_id, walking.period_start
    ) as boundary
        on
            thresholds.scope = boundary.scope
            and thresholds.organization_id = boundary.organization_id
            and thresholds.customer_id is not distinct from boundary.customer_id
            and thresholds.period_start = boundary.period_start
{%- endmacro %}

{% macro duckdb__arlake_countback_boundary(thresholds, prefixed) -%}
    select
        thresholds.*,
        coalesce(boundary.month_index, 0) as boundary_index
    from {{ thresholds }} as thresholds
    asof left join {{ prefixed }} as boundary
        on
            thresholds.scope = boundary.scope
            and thresholds.organization_id = boundary.organization_id
            and thresholds.customer_id is not distinct from boundary.customer_id
            and thresholds.walk_threshold >= boundary.walk_key
{%- endmacro %}

{#- The DSO inputs per month in integer cents at the query-time as-of date, every month of the history,
    zero-filled (int_dso_months explains each input): per customer (grain 'customer', int_dso_months) or summed
    over an organization's customers before the zero-fill (grain 'organization', int_dso_months_by_organization:
    the same sums as int_dso_months' rows added up, without a row per customer and month). -#}
{% macro arlake_dso_inputs(grain) -%}
{%- set key = 'customer_id' if grain == 'customer' else 'cast(null as string)' -%}
{%- set total = '' if grain == 'customer' else 'sum' -%}
with

params as (
    select {{ as_of_date() }} as as_of
),

spine as (
    -- Every month from the first stored one to the one holding A (also past the grid), cut at A.
    select
        organization_id,
        period_start,
        {{ arlake_period_end('monthly', 'period_start', 'as_of') }} as period_end
    from (
        select
            grid.organization_id,
            params.as_of,
            {{ arlake_date_series('min(grid.period_start)', arlake_period_start('monthly', 'params.as_of', none),
                arlake_period_step('monthly')) }} as period_start
        from {{ ref('int_collection_periods') }} as grid, params
        where grid.period_interval = 'monthly'
        group by grid.organization_id, params.as_of
    ) as period_starts
),

monthly as (
    select
        organization_id,
        {{ key }} as customer_id,
        period_start,
        {{ total }}({{ arlake_cents('balance_period_start') }}) as ar_start,
        {{ total }}({{ arlake_cents('balance') }}) as ar_end,
        {{ total }}({{ arlake_cents('balance - amount_overdue') }}) as current_ar_end,
        {{ total }}({{ arlake_cents('amount_issued') }}) as credit_sales
    from {{ query_ref('int_collections_as_of') }}
    where period_interval = 'monthly'
    {%- if grain == 'organization' %}
    group by organization_id, period_start
    {%- endif %}
),

lateness as (
    select
        organization_id,
        {{ key }} as customer_id,
        period_start,
        {{ total }}(late_cent_days) as late_cent_days,
        {{ total }}(paid_cents) as paid_cents
    from (
    select
        lateness.organization_id,
        lateness.customer_id,
        lateness.period_start,
        lateness.late_cent_days,
        lateness.paid_cents
    from {{ ref('int_allocation_lateness_monthly') }} as lateness, params
    where {{ arlake_period_last_day('monthly', 'lateness.period_start') }} <= params.as_of
    union all
    select
        allocations.organization_id,
        allocations.customer_id,
        {{ arlake_period_start('monthly', 'params.as_of', none) }} as period_start,
        {{ arlake_lateness_sums('allocations') }}
    from {{ ref('int_payment_allocations') }} as allocations, params
    where
        allocations.amount > 0
        and allocations.applied_on between {{ arlake_period_start('monthly', 'params.as_of', none) }} and params.as_of
        and {{ arlake_period_last_day('monthly', 'params.as_of') }} > params.as_of
    group by allocations.organization_id, allocations.customer_id, params.as_of
    ) as lateness_rows
    {%- if grain == 'organization' %}
    group by organization_id, period_start
    {%- endif %}
),

customers as (
    select distinct
        organization_id,
        customer_id
    from monthly
)

select
    customers.organization_id,
    customers.customer_id,
    spine.period_start,
    spine.period_end,
    {{ arlake_days_between('spine.period_start', 'spine.period_end') }} + 1 as days_in_period,
    coalesce(monthly.ar_start, 0) as ar_start,
    coalesce(monthly.ar_end, 0) as ar_end,
    coalesce(monthly.current_ar_end, 0) as current_ar_end,
    coalesce(monthly.credit_sales, 0) as credit_sales,
    coalesce(lateness.late_cent_days, 0) as late_cent_days,
    coalesce(lateness.paid_cents, 0) as paid_cents
from customers
inner join spine on customers.organization_id = spine.organization_id
left join monthly
    on
        customers.organization_id = monthly.organization_id
        {%- if grain == 'customer' %}
        and customers.customer_id = monthly.customer_id
        {%- endif %}
        and spine.period_start = monthly.period_start
left join lateness
    on
        customers.organization_id = lateness.organization_id
        {%- if grain == 'customer' %}
        and customers.customer_id = lateness.customer_id
        {%- endif %}
        and spine.period_start = lateness.period_start
{%- endmacro %}
