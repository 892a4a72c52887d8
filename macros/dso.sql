{#-
  The DSO family over a relation `months` with one row per series and calendar month: scope, organization_id,
  customer_id, period_start, period_end, days_in_period, and in integer cents ar_start, ar_end, current_ar_end,
  credit_sales, late_cent_days, paid_cents. `series`: the columns that tell the series apart (organization_id, and
  customer_id at customer grain), compared with `=` so that a report's filter on them reaches the inputs. Emits
  the CTEs after `months`, the last one `dso_metrics`; see models/marts/dso_monthly.sql for the definitions. Every
  month of a series is walked, so a month's countback may use all the history before it; callers choose which
  months to report afterwards.
-#}
{% macro arlake_dso_metrics(series) -%}
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
        partition by {{ series | join(', ') }} order by period_start
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
    {{ arlake_countback_boundary('thresholds', 'prefixed', series) }}
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
            {% for key in series -%}
            walked.{{ key }} = reached.{{ key }}
            and {% endfor -%}
            walked.boundary_index + 1 = reached.month_index
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
    (equal `series` columns) with the greatest walk_key at or below its walk_threshold (0 when none). DuckDB's ASOF
    join finds it directly; elsewhere a join on the series and a max_by over the months at or below the threshold.
-#}
{% macro arlake_countback_boundary(thresholds, prefixed, series) -%}
  {{ return(adapter.dispatch('arlake_countback_boundary', 'arlake')(thresholds, prefixed, series)) }}
{%- endmacro %}

{% macro default__arlake_countback_boundary(thresholds, prefixed, series) -%}
    select
        thresholds.*,
        coalesce(boundary.boundary_index, 0) as boundary_index
    from {{ thresholds }} as thresholds
    left join (
        select
            {% for key in series -%}
            walking.{{ key }},
            {% endfor -%}
            walking.period_start,
            max_by(boundary.month_index, boundary.walk_key) as boundary_index
        from {{ thresholds }} as walking
        inner join {{ prefixed }} as boundary
            on
                {% for key in series -%}
                walking.{{ key }} = boundary.{{ key }}
                and {% endfor -%}
                walking.walk_threshold >= boundary.walk_key
        group by {% for key in series %}walking.{{ key }}, {% endfor %}walking.period_start
    ) as boundary
        on
            {% for key in series -%}
            thresholds.{{ key }} = boundary.{{ key }}
            and {% endfor -%}
            thresholds.period_start = boundary.period_start
{%- endmacro %}

{% macro duckdb__arlake_countback_boundary(thresholds, prefixed, series) -%}
    select
        thresholds.*,
        coalesce(boundary.month_index, 0) as boundary_index
    from {{ thresholds }} as thresholds
    asof left join {{ prefixed }} as boundary
        on
            {% for key in series -%}
            thresholds.{{ key }} = boundary.{{ key }}
            and {% endfor -%}
            thresholds.walk_threshold >= boundary.walk_key
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

{%- set grid_end = arlake_stored_grid_end('monthly') %}

live_months as (
    -- The months computed at query time, as in int_collections_as_of: the month holding A (unless A is its last day
    -- and the grid holds it) and the months after the stored grid, each cut at A.
    select
        live_starts.period_start,
        {{ arlake_period_end('monthly', 'live_starts.period_start', 'params.as_of') }} as period_end
    from (
        select
            {{ arlake_date_series(
                'case when params.as_of > ' ~ grid_end ~ ' then ' ~ arlake_add_days(grid_end, 1)
                    ~ ' else ' ~ arlake_period_start('monthly', 'params.as_of', none) ~ ' end',
                arlake_period_start('monthly', 'params.as_of', none), arlake_period_step('monthly')) }} as period_start
        from params
    ) as live_starts, params
    where not ({{ arlake_month_is_stored('live_starts.period_start', grid_end) }})
),

monthly as (
    -- The stored months as converted at build time; the months after the grid and the one holding A from the
    -- query-time measures (the same condition as int_collections_as_of's computed months).
    select
        organization_id,
        customer_id,
        period_start,
        sum(ar_start) as ar_start,
        sum(ar_end) as ar_end,
        sum(current_ar_end) as current_ar_end,
        sum(credit_sales) as credit_sales
    from (
        select
            stored.organization_id,
            {{ 'stored.customer_id' if grain == 'customer' else 'cast(null as string) as customer_id' }},
            stored.period_start,
            stored.ar_start,
            stored.ar_end,
            stored.current_ar_end,
            stored.credit_sales
        {%- set stored = 'int_dso_collections_monthly' ~ ('' if grain == 'customer' else '_by_organization') %}
        from {{ ref(stored) }} as stored, params
        where stored.period_end <= params.as_of
        union all
        -- The live months read straight from the stretches and invoices (the measures of int_collections_as_of,
        -- which a data test holds equal), grouped by the series, so that a filter on the series reaches the scans.
        select
            stretches.organization_id,
            {{ 'stretches.customer_id' if grain == 'customer' else 'cast(null as string) as customer_id' }},
            live_months.period_start,
            {{ arlake_cents("coalesce(sum(stretches.outstanding) filter (where "
                ~ arlake_stretch_holds('stretches', arlake_add_days('live_months.period_start', -1)) ~ "), 0)") }}
                as ar_start,
            {{ arlake_cents("coalesce(sum(stretches.outstanding) filter (where "
                ~ arlake_stretch_holds('stretches', 'live_months.period_end') ~ "), 0)") }} as ar_end,
            {{ arlake_cents("coalesce(sum(stretches.outstanding) filter (where "
                ~ arlake_stretch_holds('stretches', 'live_months.period_end')
                ~ " and stretches.due_on >= live_months.period_end), 0)") }} as current_ar_end,
            0 as credit_sales
        from {{ ref('int_invoice_open_periods') }} as stretches
        inner join live_months
            on
                stretches.open_from <= live_months.period_end
                and (
                    stretches.open_until is null
                    or stretches.open_until > {{ arlake_add_days('live_months.period_start', -1) }}
                )
        group by stretches.organization_id, {{ 'stretches.customer_id, ' if grain == 'customer' }}live_months.period_start
        union all
        -- credit sales: invoices issued in [s, e'] that exist at e' (not voided on or before e')
        select
            invoices.organization_id,
            {{ 'invoices.customer_id' if grain == 'customer' else 'cast(null as string) as customer_id' }},
            live_months.period_start,
            0 as ar_start,
            0 as ar_end,
            0 as current_ar_end,
            {{ arlake_cents("coalesce(sum(invoices.total_amount) filter (where invoices.voided_on is null "
                ~ "or invoices.voided_on > live_months.period_end), 0)") }} as credit_sales
        from {{ ref('int_invoice_balances') }} as invoices
        inner join live_months
            on invoices.issued_on between live_months.period_start and live_months.period_end
        group by invoices.organization_id, {{ 'invoices.customer_id, ' if grain == 'customer' }}live_months.period_start
    ) as monthly_rows
    group by organization_id, customer_id, period_start
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

{%- set measures = ['ar_start', 'ar_end', 'current_ar_end', 'credit_sales'] %}
filled as (
    -- Each series with a row, at every month of its organization's spine: the month's sums or zeros. `monthly`
    -- is read once (no list of series first), so that a filter on the series reaches its scans.
    select
        spine.organization_id,
        monthly.customer_id,
        spine.period_start,
        spine.period_end,
        {%- for m in measures %}
        coalesce(sum(monthly.{{ m }}) filter (where monthly.period_start = spine.period_start), 0) as {{ m }}{{ ',' if not loop.last }}
        {%- endfor %}
    from spine
    inner join monthly on spine.organization_id = monthly.organization_id
    group by spine.organization_id, monthly.customer_id, spine.period_start, spine.period_end
)

select
    filled.organization_id,
    filled.customer_id,
    filled.period_start,
    filled.period_end,
    {{ arlake_days_between('filled.period_start', 'filled.period_end') }} + 1 as days_in_period,
    {%- for m in measures %}
    filled.{{ m }},
    {%- endfor %}
    coalesce(lateness.late_cent_days, 0) as late_cent_days,
    coalesce(lateness.paid_cents, 0) as paid_cents
from filled
left join lateness
    on
        filled.organization_id = lateness.organization_id
        {%- if grain == 'customer' %}
        and filled.customer_id = lateness.customer_id
        {%- endif %}
        and filled.period_start = lateness.period_start
{%- endmacro %}

{#- Whether the month starting `period_start` is read from the stored grid (ending `grid_end`) at the as-of date
    params.as_of: it ended by then and the grid holds it (int_collections_as_of's condition). -#}
{% macro arlake_month_is_stored(period_start, grid_end) -%}
    {{ arlake_period_last_day('monthly', period_start) }} <= least(params.as_of, {{ grid_end }})
{%- endmacro %}

{#- The DSO inputs a row of monthly collections measures gives, in integer cents: AR at start (s - 1) and end,
    current AR at end (balance less the overdue amount), credit sales (amount issued). -#}
{% macro arlake_dso_collection_cents() -%}
    {{ arlake_cents('balance_period_start') }} as ar_start,
    {{ arlake_cents('balance') }} as ar_end,
    {{ arlake_cents('balance - amount_overdue') }} as current_ar_end,
    {{ arlake_cents('amount_issued') }} as credit_sales
{%- endmacro %}
