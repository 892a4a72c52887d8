{#-
  The collections measures of docs/metrics.md per customer and period, defined once and used twice: at build time
  over every period of the grid (int_collections_by_period, stored) and at query time over the periods the
  stored grid cannot answer (int_collections_as_of and collections_summary_by_customer: the period holding the
  as-of date, periods past the grid, and `all`). Emits CTEs named `<prefix>_...`, the last one `<prefix>_rows`.

  Arguments:
    interval   monthly or weekly when every spine period is of that interval (an event date maps to its period by
               its start, a hash join: the build-time grid), else none (events join the periods holding their
               date: the few query-time periods, of any intervals);
    spine      a relation of periods: period_interval, organization_id, period_start, period_end (e', cut at the
               as-of date);
    points     a relation of the point-in-time measures, one row per customer and spine period: period_interval,
               organization_id, customer_id, period_start, and the measures at e' (balance, balance_touched, amount_overdue,
               amount_overdue_touched, total_invoice_amount, invoices_open, invoices_overdue) and at s - 1
               (balance_period_start, balance_touched_period_start); see arlake_point_measures;
    range_from, range_to   SQL dates bounding every event read (the spine's first start and last end), or
               none to read every event (the build-time grid covers all of them).
  Flows are sums and counts over the events dated in the period.
-#}
{% macro arlake_collections_rows(prefix, interval, spine, points, range_from=none, range_to=none) -%}
{%- set p = prefix %}
{%- set key = 'period_interval, organization_id, customer_id, period_start' %}
{{ p }}_issued_invoices as (
    select
        invoices.organization_id,
        invoices.customer_id,
        invoices.total_amount,
        invoices.voided_on,
        invoices.first_touch_on,
        spine.period_interval,
        spine.period_start,
        spine.period_end
    from {{ ref('int_invoice_balances') }} as invoices
    inner join {{ spine }} as spine
        on
            invoices.organization_id = spine.organization_id
            and {{ arlake_in_period(interval, 'invoices.issued_on') }}
    where true{{ arlake_in_range('invoices.issued_on', range_from, range_to) }}
),

{{ p }}_issued as (
    -- Issued in [s, e'] and existing at e' (not voided on or before e'); touched by e'.
    select
        {{ key }},
        coalesce(sum(total_amount) filter (where voided_on is null or voided_on > period_end), 0) as amount_issued,
        coalesce(sum(total_amount) filter (
            where (voided_on is null or voided_on > period_end) and first_touch_on <= period_end
        ), 0) as amount_issued_stuut_touched,
        count(*) filter (where voided_on is null or voided_on > period_end) as invoices_issued
    from {{ p }}_issued_invoices
    group by {{ key }}
),

{{ p }}_receivables as (
    -- Outstanding at e' of the invoices issued in [s, e'] that are open at e': the stretches that hold e' of the
    -- invoices issued in the period (each stretch carries its invoice's issue date, customer and first touch, so
    -- no join to the invoices by their ids).
    select
        spine.period_interval,
        spine.organization_id,
        periods.customer_id,
        spine.period_start,
        sum(periods.outstanding) as amount_receivables,
        coalesce(sum(periods.outstanding) filter (where periods.first_touch_on <= spine.period_end), 0)
            as amount_receivables_stuut_touched
    from {{ ref('int_invoice_open_periods') }} as periods
    inner join {{ spine }} as spine
        on
            periods.organization_id = spine.organization_id
            and {{ arlake_in_period(interval, 'periods.issued_on') }}
            and {{ arlake_stretch_holds('periods', 'spine.period_end') }}
    where
        true{{ arlake_in_range('periods.issued_on', range_from, range_to) }}
        {{- arlake_in_range('periods.open_from', range_from, range_to) }}
    group by spine.period_interval, spine.organization_id, periods.customer_id, spine.period_start
),

{{ p }}_allocations as (
    select
        allocations.invoice_key,
        allocations.organization_id,
        allocations.customer_id,
        allocations.amount,
        allocations.applied_at,
        allocations.is_touched,
        allocations.is_automated,
        spine.period_interval,
        spine.period_start
    from {{ ref('int_payment_allocations') }} as allocations
    inner join {{ spine }} as spine
        on
            allocations.organization_id = spine.organization_id
            and {{ arlake_in_period(interval, 'allocations.applied_on') }}
    where true{{ arlake_in_range('allocations.applied_on', range_from, range_to) }}
),

{{ p }}_invoice_allocations as (
    -- Per invoice and period, its allocations in the period: their sums, whether one was touched, and the last.
    -- One grouping feeds the counts of distinct invoices below and the last allocation of the touch measure; at
    -- 10M invoices nearly every (invoice, period) has one allocation, so each count(distinct) and the last
    -- allocation were a grouping as large as the allocations.
    select
        {{ key }},
        invoice_key,
        sum(amount) as amount,
        sum(amount) filter (where is_touched) as amount_touched,
        sum(amount) filter (where is_automated) as amount_automated,
        bool_or(is_touched) as is_touched,
        max(applied_at) as last_at
    from {{ p }}_allocations
    group by {{ key }}, invoice_key
),

{{ p }}_collected as (
    select
        {{ key }},
        sum(amount) as amount_collected,
        coalesce(sum(amount_touched), 0) as amount_collected_stuut_touched,
        coalesce(sum(amount_automated), 0) as amount_collected_automated,
        count(*) as invoices_collected,
        count(*) filter (where is_touched) as invoices_collected_stuut_touched
    from {{ p }}_invoice_allocations
    group by {{ key }}
),

{{ p }}_first_touch_in_period as (
    -- Per invoice and period, its first touch in the period.
    select
        touches.invoice_key,
        touches.organization_id,
        touches.customer_id,
        spine.period_interval,
        spine.period_start,
        min(touches.occurred_at) as first_at
    from {{ ref('int_invoice_touches') }} as touches
    inner join {{ spine }} as spine
        on
            touches.organization_id = spine.organization_id
            and {{ arlake_in_period(interval, 'touches.occurred_on') }}
    where true{{ arlake_in_range('touches.occurred_on', range_from, range_to) }}
    group by touches.invoice_key, touches.organization_id, touches.customer_id, spine.period_interval, spine.period_start
),

{{ p }}_touched as (
    select
        {{ key }},
        count(*) as invoices_touched
    from {{ p }}_first_touch_in_period
    group by {{ key }}
),

{{ p }}_touched_and_collected as (
    -- Invoices with a touch t and an allocation a in the period, t strictly before a: the period's first touch
    -- is before its last allocation.
    select
        first_touch.period_interval,
        first_touch.organization_id,
        first_touch.customer_id,
        first_touch.period_start,
        count(*) as invoices_touched_and_collected
    from {{ p }}_first_touch_in_period as first_touch
    inner join {{ p }}_invoice_allocations as last_allocation
        on
            first_touch.invoice_key = last_allocation.invoice_key
            and first_touch.period_interval = last_allocation.period_interval
            and first_touch.period_start = last_allocation.period_start
    where first_touch.first_at < last_allocation.last_at
    group by
        first_touch.period_interval, first_touch.organization_id, first_touch.customer_id, first_touch.period_start
),

{{ p }}_paid as (
    select
        spine.period_interval,
        balances.organization_id,
        balances.customer_id,
        spine.period_start,
        count(*) as invoices_paid,
        sum({{ arlake_days_between('balances.due_on', 'balances.settled_on') }}) as days_from_due,
        sum({{ arlake_days_between('balances.issued_on', 'balances.settled_on') }}) as days_from_issued
    from {{ ref('int_invoice_balances') }} as balances
    inner join {{ spine }} as spine
        on
            balances.organization_id = spine.organization_id
            and {{ arlake_in_period(interval, 'balances.settled_on') }}
    where balances.settled_on is not null{{ arlake_in_range('balances.settled_on', range_from, range_to) }}
    group by spine.period_interval, balances.organization_id, balances.customer_id, spine.period_start
),

{{ p }}_flows as (
    -- The flows of every source per (customer, period), side by side: each source holds one row per (customer,
    -- period) with its own measures, and full outer joins on the key put them in one row (null where a source
    -- has none; the key columns, joined with USING, are the first source's that has the row). Joins rather than
    -- a grouping of the sources' rows stacked: at 10M invoices the grouping's 15 sums over 12M rows took 7.9 s.
    -- The point-in-time measures, one row per (customer, period) already, are joined to these rows below.
    {%- set flow_sources = [(p ~ '_issued', 'issued'), (p ~ '_receivables', 'receivables'),
                            (p ~ '_collected', 'collected'), (p ~ '_touched', 'touched'),
                            (p ~ '_touched_and_collected', 'touched_and_collected'), (p ~ '_paid', 'paid')] %}
    select
        {{ key }},
        {%- for measure, from_source, column, sql_type in arlake_collections_measures() if from_source != 'points' %}
        {{ from_source }}.{{ column }} as {{ measure }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ flow_sources[0][0] }} as {{ flow_sources[0][1] }}
    {%- for relation, source in flow_sources[1:] %}
    full outer join {{ relation }} as {{ source }} using ({{ key }})
    {%- endfor %}
),

{{ p }}_rows as (
    -- A row per (customer, period) with a non-zero balance at either end or any flow.
    select
        {%- for column in key.split(', ') %}
        coalesce(points.{{ column }}, flows.{{ column }}) as {{ column }},
        {%- endfor %}
        spine.period_end,
        {%- for measure, from_source, column, sql_type in arlake_collections_measures() %}
        {%- if from_source == 'points' %}
        cast(coalesce(points.{{ column }}, 0) as {{ sql_type }}) as {{ measure }}
        {%- elif measure.startswith('days_') %}
        flows.{{ measure }}
        {%- else %}
        coalesce(flows.{{ measure }}, 0) as {{ measure }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select * from {{ points }}
        where balance <> 0 or balance_period_start <> 0
    ) as points
    full outer join {{ p }}_flows as flows
        on
            {%- for column in key.split(', ') %}
            {{ 'and ' if not loop.first }}points.{{ column }} = flows.{{ column }}
            {%- endfor %}
    inner join {{ spine }} as spine
        on
            {%- for column in key.split(', ') if column != 'customer_id' %}
            {{ 'and ' if not loop.first }}coalesce(points.{{ column }}, flows.{{ column }}) = spine.{{ column }}
            {%- endfor %}
)
{%- endmacro %}

{#-
  The point-in-time measures of docs/metrics.md over the open stretches `stretches` (int_invoice_open_periods rows)
  that hold date `day`: AR (balance), AR of invoices touched by `day`, overdue AR (due_on < day) and its touched
  part, the totals of the open invoices, and the open and overdue counts. A measure at D is always this sum over
  the stretches holding D.
-#}
{% macro arlake_point_measures(stretches, day) -%}
    sum({{ stretches }}.outstanding) as balance,
    sum(case when {{ stretches }}.first_touch_on <= {{ day }} then {{ stretches }}.outstanding else 0 end)
        as balance_touched,
    sum(case when {{ stretches }}.due_on < {{ day }} then {{ stretches }}.outstanding else 0 end) as amount_overdue,
    sum(case
        when {{ stretches }}.due_on < {{ day }} and {{ stretches }}.first_touch_on <= {{ day }}
            then {{ stretches }}.outstanding
        else 0
    end) as amount_overdue_touched,
    sum({{ stretches }}.total_amount) as total_invoice_amount,
    count(*) as invoices_open,
    count(*) filter (where {{ stretches }}.due_on < {{ day }}) as invoices_overdue
{%- endmacro %}

{#-
  Whether the stretch `stretches` holds date `day`: from_column <= day < until_column, a null until_column being
  open-ended. Every stretch table (open periods, daily balances, outreach, unapplied cash, credits) is read with it.
-#}
{% macro arlake_stretch_holds(stretches, day, from_column='open_from', until_column='open_until') -%}
    {{ stretches }}.{{ from_column }} <= {{ day }}
    and ({{ stretches }}.{{ until_column }} is null or {{ stretches }}.{{ until_column }} > {{ day }})
{%- endmacro %}

{#-
  The points relation of arlake_collections_rows for a small spine (the query-time periods): the measures at
  every period's end e' and start s - 1, each read from the stretches holding that date. Emits CTEs
  `<prefix>_point_days`, `<prefix>_point_values` and `<prefix>_points`.
-#}
{% macro arlake_spine_points(prefix, spine) -%}
{{ prefix }}_point_days as (
    select
        period_interval,
        organization_id,
        period_start,
        period_end as point_on,
        true as is_end
    from {{ spine }}
    union all
    select
        period_interval,
        organization_id,
        period_start,
        {{ arlake_add_days('period_start', -1) }} as point_on,
        false as is_end
    from {{ spine }}
),

{{ prefix }}_point_values as (
    select
        point_days.period_interval,
        point_days.organization_id,
        stretches.customer_id,
        point_days.period_start,
        point_days.is_end,
        {{ arlake_point_measures('stretches', 'point_days.point_on') }}
    from {{ ref('int_invoice_open_periods') }} as stretches
    inner join {{ prefix }}_point_days as point_days
        on
            stretches.organization_id = point_days.organization_id
            and {{ arlake_stretch_holds('stretches', 'point_days.point_on') }}
    group by
        point_days.period_interval,
        point_days.organization_id,
        stretches.customer_id,
        point_days.period_start,
        point_days.is_end
),

{{ prefix }}_points as (
    {{ arlake_pair_points('(select * from ' ~ prefix ~ '_point_values where is_end)',
        '(select * from ' ~ prefix ~ '_point_values where not is_end)') }}
)
{%- endmacro %}

{#- Measures at e' and at s - 1 side by side, per customer and period, from the rows of `ends` (the measures at
    e') and of `starts` (balance and balance_touched at s - 1); a period that has only one of them is 0 in the
    other. -#}
{% macro arlake_pair_points(ends, starts) -%}
    select
        coalesce(ends.period_interval, starts.period_interval) as period_interval,
        coalesce(ends.organization_id, starts.organization_id) as organization_id,
        coalesce(ends.customer_id, starts.customer_id) as customer_id,
        coalesce(ends.period_start, starts.period_start) as period_start,
        {%- for m in ['balance', 'balance_touched', 'amount_overdue', 'amount_overdue_touched',
                      'total_invoice_amount', 'invoices_open', 'invoices_overdue'] %}
        coalesce(ends.{{ m }}, 0) as {{ m }},
        {%- endfor %}
        coalesce(starts.balance, 0) as balance_period_start,
        coalesce(starts.balance_touched, 0) as balance_touched_period_start
    from {{ ends }} as ends
    full outer join {{ starts }} as starts
        on
            ends.period_interval = starts.period_interval
            and ends.organization_id = starts.organization_id
            and ends.customer_id = starts.customer_id
            and ends.period_start = starts.period_start
{%- endmacro %}

{#- The collections fields of docs/metrics.md from `<prefix>_rows` (major units; ratios half-up, null on zero), then
    the sums behind the two averages (days_from_due, days_from_issued: null when nothing was paid), so that the
    rows of several customers can be summed and their averages derived again (collections_summary). -#}
{% macro arlake_collections_fields(rows) -%}
    {{ rows }}.period_interval,
    {{ rows }}.organization_id,
    {{ rows }}.customer_id,
    {{ rows }}.period_start,
    {{ rows }}.period_end,
    {%- for m in ['balance', 'balance_period_start', 'balance_stuut_touched', 'balance_period_start_stuut_touched'] %}
    cast({{ rows }}.{{ m }} as decimal(38, 2)) as {{ m }},
    {%- endfor %}
    cast({{ rows }}.balance - {{ rows }}.balance_period_start as decimal(38, 2)) as balance_for_period,
    cast({{ rows }}.balance_stuut_touched - {{ rows }}.balance_period_start_stuut_touched as decimal(38, 2))
        as balance_for_period_stuut_touched,
    {%- for m in ['amount_issued', 'amount_issued_stuut_touched', 'total_invoice_amount', 'amount_collected',
                  'amount_collected_stuut_touched', 'amount_collected_automated'] %}
    cast({{ rows }}.{{ m }} as decimal(38, 2)) as {{ m }},
    {%- endfor %}
    cast({{ rows }}.amount_collected - {{ rows }}.amount_collected_stuut_touched as decimal(38, 2))
        as amount_collected_other,
    {%- for m in ['amount_overdue', 'amount_overdue_stuut_touched', 'amount_receivables',
                  'amount_receivables_stuut_touched'] %}
    cast({{ rows }}.{{ m }} as decimal(38, 2)) as {{ m }},
    {%- endfor %}
    {%- set days = arlake_days_between(rows ~ '.period_start', rows ~ '.period_end') ~ ' + 1' %}
    {{ arlake_round_div(arlake_cents(rows ~ '.balance') ~ ' * (' ~ days ~ ')', arlake_cents(rows ~ '.amount_issued'), 2) }}
        as dso,
    {{ arlake_round_div(arlake_cents(rows ~ '.balance_stuut_touched') ~ ' * (' ~ days ~ ')',
        arlake_cents(rows ~ '.amount_issued_stuut_touched'), 2) }} as dso_stuut_touched,
    {%- for m in ['invoices_issued', 'invoices_open', 'invoices_overdue', 'invoices_paid', 'invoices_collected',
                  'invoices_collected_stuut_touched', 'invoices_touched', 'invoices_touched_and_collected'] %}
    cast({{ rows }}.{{ m }} as bigint) as {{ m }},
    {%- endfor %}
    {{ arlake_round_div(rows ~ '.invoices_touched_and_collected', rows ~ '.invoices_touched', 4) }}
        as invoices_touched_and_collected_ratio,
    {{ arlake_round_div(rows ~ '.days_from_due', rows ~ '.invoices_paid', 2) }} as avg_days_to_pay_from_due,
    {{ arlake_round_div(rows ~ '.days_from_issued', rows ~ '.invoices_paid', 2) }} as avg_days_to_pay_from_issued,
    {{ rows }}.days_from_due,
    {{ rows }}.days_from_issued
{%- endmacro %}

{#- The join condition placing an event date in its spine period (an equality on the period start, so that the
    join is a hash join, for months and weeks). -#}
{% macro arlake_in_period(interval, column) -%}
  {%- if interval in ['monthly', 'weekly'] %}{{ arlake_period_start(interval, column, none) }} = spine.period_start
            and {% endif -%}
  {{ column }} between spine.period_start and spine.period_end
{%- endmacro %}

{#- ` and column between range_from and range_to`, or nothing when the range is open (none). -#}
{% macro arlake_in_range(column, range_from, range_to) -%}
  {%- if range_from is not none %} and {{ column }} between {{ range_from }} and {{ range_to }}{% endif -%}
{%- endmacro %}

{#- The measure columns of arlake_collections_fields, in order (after period_interval, organization_id and
    customer_id). -#}
{% macro arlake_collections_measure_names() -%}
  {{ return(['period_start', 'period_end', 'balance', 'balance_period_start', 'balance_stuut_touched',
             'balance_period_start_stuut_touched', 'balance_for_period', 'balance_for_period_stuut_touched',
             'amount_issued', 'amount_issued_stuut_touched', 'total_invoice_amount', 'amount_collected',
             'amount_collected_stuut_touched', 'amount_collected_automated', 'amount_collected_other',
             'amount_overdue', 'amount_overdue_stuut_touched', 'amount_receivables',
             'amount_receivables_stuut_touched', 'dso', 'dso_stuut_touched', 'invoices_issued', 'invoices_open',
             'invoices_overdue', 'invoices_paid', 'invoices_collected', 'invoices_collected_stuut_touched',
             'invoices_touched', 'invoices_touched_and_collected', 'invoices_touched_and_collected_ratio',
             'avg_days_to_pay_from_due', 'avg_days_to_pay_from_issued', 'days_from_due', 'days_from_issued']) }}
{%- endmacro %}

{#- The stored measures of a collections row: (name, source, the source's column, SQL type); sources are the points
    relation and the flow CTEs of arlake_collections_rows. -#}
{% macro arlake_collections_measures() -%}
  {%- set money = 'decimal(38, 2)' -%}
  {{ return([
      ('balance', 'points', 'balance', money),
      ('balance_period_start', 'points', 'balance_period_start', money),
      ('balance_stuut_touched', 'points', 'balance_touched', money),
      ('balance_period_start_stuut_touched', 'points', 'balance_touched_period_start', money),
      ('amount_issued', 'issued', 'amount_issued', money),
      ('amount_issued_stuut_touched', 'issued', 'amount_issued_stuut_touched', money),
      ('total_invoice_amount', 'points', 'total_invoice_amount', money),
      ('amount_collected', 'collected', 'amount_collected', money),
      ('amount_collected_stuut_touched', 'collected', 'amount_collected_stuut_touched', money),
      ('amount_collected_automated', 'collected', 'amount_collected_automated', money),
      ('amount_overdue', 'points', 'amount_overdue', money),
      ('amount_overdue_stuut_touched', 'points', 'amount_overdue_touched', money),
      ('amount_receivables', 'receivables', 'amount_receivables', money),
      ('amount_receivables_stuut_touched', 'receivables', 'amount_receivables_stuut_touched', money),
      ('invoices_issued', 'issued', 'invoices_issued', 'bigint'),
      ('invoices_open', 'points', 'invoices_open', 'bigint'),
      ('invoices_overdue', 'points', 'invoices_overdue', 'bigint'),
      ('invoices_paid', 'paid', 'invoices_paid', 'bigint'),
      ('invoices_collected', 'collected', 'invoices_collected', 'bigint'),
      ('invoices_collected_stuut_touched', 'collected', 'invoices_collected_stuut_touched', 'bigint'),
      ('invoices_touched', 'touched', 'invoices_touched', 'bigint'),
      ('invoices_touched_and_collected', 'touched_and_collected', 'invoices_touched_and_collected', 'bigint'),
      ('days_from_due', 'paid', 'days_from_due', 'bigint'),
      ('days_from_issued', 'paid', 'days_from_issued', 'bigint'),
  ]) }}
{%- endmacro %}

{#- The CTEs `params` (the query-time as-of date A and first day F) and `reporting` (F per organization: F, else
    the organization's first issued invoice; nothing is reported when F is after A) of the collections marts. -#}
{% macro arlake_collections_reporting() -%}
params as (
    select
        {{ as_of_date() }} as as_of,
        {{ collections_from_date() }} as from_date
),

reporting as (
    select
        bounds.organization_id,
        params.as_of,
        coalesce(params.from_date, bounds.first_issued_on) as from_on
    from {{ ref('int_collection_bounds') }} as bounds, params
    where coalesce(params.from_date, bounds.first_issued_on) <= params.as_of
)
{%- endmacro %}
