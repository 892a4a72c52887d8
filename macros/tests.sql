{#- Generic data tests (shipped with the project, usable from YAML). -#}

{#- Rows where the expression is false or null fail. For a query_view model, `as_of_offsets` reads it at dates taken
    from the data (see arlake_at_data_dates) instead of the session's (today). -#}
{% test arlake_expression_is_true(model, expression, as_of_offsets=none) %}
select *
from {{ arlake_at_data_dates(model, as_of_offsets) }} as rows_
where not coalesce(({{ expression }}), false)
{% endtest %}

{#- No two rows share the values of `columns` (a composite key); `as_of_offsets` as arlake_expression_is_true
    (each date is checked on its own); `rows_where`, a condition, limits the rows the key must be unique among. -#}
{% test arlake_unique_key(model, columns, as_of_offsets=none, rows_where=none) %}
select
    {{ columns | join(', ') }},
    count(*) as rows_with_key
from {{ arlake_at_data_dates(model, as_of_offsets, tag_dates=true) }} as rows_
{% if rows_where is not none %}where {{ rows_where }}
{% endif -%}
group by {% if as_of_offsets is not none %}tested_as_of, {% endif %}{{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{#- `model` has as many rows as `compare_model`: a failing row holds both counts. With a unique key on `model` whose
    values all come from `compare_model` (a model that adds columns to it), the two hold the same rows. -#}
{% test arlake_same_row_count(model, compare_model) %}
select *
from (
    select
        (select count(*) from {{ model }}) as model_rows,
        (select count(*) from {{ compare_model }}) as compare_rows
) as counts
where model_rows <> compare_rows
{% endtest %}

{#- The rows of `model` and the rows of `compare_model` where `compare_where` holds agree on `columns`, as
    multisets (each difference is a failing row, `missing` from model or `extra` in it); `as_of_offsets` as
    arlake_expression_is_true, both models read at each date. -#}
{% test arlake_same_rows(model, compare_model, columns, compare_where='true', as_of_offsets=none) %}
{%- set keys = (['tested_as_of'] if as_of_offsets is not none else []) + columns -%}
with

actual as (
    select {{ keys | join(', ') }}
    from {{ arlake_at_data_dates(model, as_of_offsets, tag_dates=true) }} as rows_
),

expected as (
    select {{ keys | join(', ') }}
    from {{ arlake_at_data_dates(compare_model, as_of_offsets, tag_dates=true) }} as rows_
    where {{ compare_where }}
),

missing as (
    select * from expected
    except all
    select * from actual
),

extra as (
    select * from actual
    except all
    select * from expected
)

select 'missing' as difference, * from missing
union all
select 'extra' as difference, * from extra
{% endtest %}

{#-
  A query_view model read at dates taken from the data: the last activity date of the data
  (dim_organizations.last_activity_on) minus each offset in days, every other parameter at its default; with
  tag_dates, each row carries the date it was read at (tested_as_of). `model` itself when offsets is none.
  - `dated`: the parameters given the tested date (as_of_date, and for instance from_date where the first period
    does not matter to the test).
  - `later_where`: a condition on the rows of every date but the first, `__DAY__` standing for that date and
    `__FIRST_DAY__` for the first: a test whose rows before some point are the same stored rows at every date
    checks them once, at the first date.
  The last activity date is read when the test runs and written into the query as a literal, so that conditions
  on the date reach the scans (zone maps, the stored periods); without a built dim_organizations (compiling
  before a build) the query reads it itself.
-#}
{% macro arlake_at_data_dates(model, offsets, tag_dates=false, dated=['as_of_date'], later_where=none) -%}
  {#- ref() before any return, so that parsing records the dependency -#}
  {%- set organizations = ref('dim_organizations') -%}
  {%- if offsets is none or not execute -%}
    {{ return(model) }}
  {%- endif -%}
  {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
      | selectattr('name', 'equalto', model.identifier) | first -%}
  {%- set parameters = arlake_model_query_parameters(node) -%}
  {%- set last = arlake_last_activity_on(organizations) -%}
  {%- set parts = [] -%}
  {%- set first_day = arlake_add_days(last, -offsets[0]) -%}
  {%- for offset in offsets -%}
    {%- set day = arlake_add_days(last, -offset) -%}
    {%- set arguments = [] -%}
    {%- for name in parameters -%}
      {%- do arguments.append(day if name in dated else 'null') -%}
    {%- endfor -%}
    {%- set condition = ' where ' ~ later_where | replace('__FIRST_DAY__', first_day) | replace('__DAY__', day)
        if later_where and not loop.first else '' -%}
    {%- do parts.append('select ' ~ ('*, ' ~ day ~ ' as tested_as_of' if tag_dates else '*') ~ ' from '
        ~ arlake_query_function_name(model) ~ '(' ~ arguments | join(', ') ~ ')' ~ condition) -%}
  {%- endfor -%}
  {{ return('(' ~ parts | join(' union all ') ~ ')') }}
{%- endmacro %}

{#- The data's last activity date (see arlake_at_data_dates): a date literal read from the built
    dim_organizations, or the subquery that reads it when there is none yet or it is empty. -#}
{% macro arlake_last_activity_on(organizations) -%}
  {%- set subquery = '(select max(last_activity_on) from ' ~ organizations ~ ')' -%}
  {%- if load_relation(organizations) is none -%}
    {{ return(subquery) }}
  {%- endif -%}
  {%- set value = run_query('select cast(max(last_activity_on) as string) from ' ~ organizations)
      .columns[0].values()[0] -%}
  {{ return(subquery if value is none else "cast('" ~ value ~ "' as date)") }}
{%- endmacro %}

{#-
  Aging reconciles with the ledger at several as-of dates taken from the data itself (the last ledger date,
  90 and 365 days before it): per customer, the outstanding of the open stretches in int_invoice_open_periods
  (what ar_aging buckets) equals the ledger's sum over invoices that exist at D with outstanding > 0. Every
  row returned is a customer and date where the two disagree. Each side is read once: the ledger's sums of each
  invoice up to every date, then each customer's AR at every date, are filtered sums side by side (one per date),
  and the stretches' likewise; neither is joined to the dates, which would copy every row once per date.
-#}
{% test arlake_open_periods_match_ledger(model, offsets_days=[0, 90, 365]) %}
{%- set dates = [] -%}
{%- for offset in offsets_days -%}
  {%- do dates.append('last_event.last_on - ' ~ offset) -%}
{%- endfor -%}
with

last_event as (
    -- the ledger's last event date, read from its daily balances (balance_on is the later of the event's date and
    -- the issue date, which is an event's date too), so that the ledger view is computed once, for the sums
    select max(balance_on) as last_on
    from {{ ref('int_invoice_daily_balances') }}
),

ledger_sums as (
    -- per invoice, the sum of its ledger events on or before each date (null: none yet)
    select
        ledger.invoice_key,
        {%- for day in dates %}
        sum(ledger.amount) filter (where ledger.event_on <= {{ day }}) as outstanding_{{ loop.index }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('int_invoice_ledger') }} as ledger
    cross join last_event
    group by ledger.invoice_key
),

from_ledger as (
    -- per customer, the outstanding of its invoices issued and not void at each date that owe at it
    select
        invoices.customer_id,
        {%- for day in dates %}
        sum(ledger_sums.outstanding_{{ loop.index }}) filter (
            where
                ledger_sums.outstanding_{{ loop.index }} > 0
                and invoices.issued_on <= {{ day }}
                and (invoices.voided_on is null or invoices.voided_on > {{ day }})
        ) as ar_{{ loop.index }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from ledger_sums
    inner join {{ ref('int_invoices') }} as invoices on ledger_sums.invoice_key = invoices.invoice_key
    cross join last_event
    group by invoices.customer_id
),

from_periods as (
    -- per customer, the outstanding of its stretches that hold each date
    select
        periods.customer_id,
        {%- for day in dates %}
        sum(periods.outstanding) filter (
            where periods.open_from <= {{ day }} and (periods.open_until is null or periods.open_until > {{ day }})
        ) as ar_{{ loop.index }}
        {{- ',' if not loop.last }}
        {%- endfor %}
    from {{ model }} as periods
    cross join last_event
    group by periods.customer_id
),

compared as (
    -- a row per customer and date that either side has (a null sum: no invoice or stretch at that date)
    {%- for day in dates %}
    select
        {{ day }} as as_of_date,
        coalesce(from_ledger.customer_id, from_periods.customer_id) as customer_id,
        from_ledger.ar_{{ loop.index }} as ledger_ar,
        from_periods.ar_{{ loop.index }} as periods_ar
    from from_ledger
    full outer join from_periods on from_ledger.customer_id = from_periods.customer_id
    cross join last_event
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select *
from compared
where ledger_ar is distinct from periods_ar
{% endtest %}

{#-
  The collections identities of the stored periods, in one test so that the table is read once: subsets are no
  larger than their sets (touched AR <= AR, overdue <= AR, receivables <= AR, touched counts <= counts, touched
  money collected <= money collected when nothing was reversed), and consecutive periods chain - the next period
  of the same customer opens with this period's closing balance (touched too), and when the next period has no
  row this period closed at 0.
-#}
{% test arlake_collections_identities(model) %}
with

rows_ as (
    select
        *,
        lead(period_start) over chain as next_start,
        lead(balance_period_start) over chain as next_opening,
        lead(balance_period_start_stuut_touched) over chain as next_opening_touched,
        max(period_end) over (partition by period_interval, organization_id) as last_end
    from {{ model }}
    window chain as (partition by period_interval, organization_id, customer_id order by period_start)
)

select *
from rows_
where
    balance_stuut_touched > balance
    or amount_overdue > balance
    or amount_overdue_stuut_touched > amount_overdue
    or amount_receivables > balance
    or invoices_overdue > invoices_open
    or invoices_collected_stuut_touched > invoices_collected
    or invoices_touched_and_collected > invoices_touched
    or (
        period_end < last_end
        and (
            (next_start = period_end + 1 and (next_opening <> balance or next_opening_touched <> balance_stuut_touched))
            or ((next_start is null or next_start > period_end + 1) and balance <> 0)
        )
    )
{% endtest %}

{#-
  Sigma(current, buckets) = AR at D, per customer and overall: the bucketed aging (`model`, a query_view of
  ar_aging_by_customer's shape) summed per customer equals the ledger's outstanding over open invoices
  (invoice_balances_as_of), both read at dates taken from the data (arlake_at_data_dates). Rows returned are
  (date, customer) pairs - the overall total has a null customer - that disagree.
-#}
{% test arlake_buckets_sum_to_ar(model, as_of_offsets=[0, 90, 365]) %}
with

buckets as (
    select
        tested_as_of,
        customer_id,
        sum(outstanding) as bucketed
    from {{ arlake_at_data_dates(model, as_of_offsets, tag_dates=true) }} as aging
    group by grouping sets ((tested_as_of, customer_id), (tested_as_of))
),

ledger as (
    select
        tested_as_of,
        customer_id,
        sum(outstanding) as ar
    from {{ arlake_at_data_dates(ref('invoice_balances_as_of'), as_of_offsets, tag_dates=true) }} as balances
    where is_open
    group by grouping sets ((tested_as_of, customer_id), (tested_as_of))
)

select
    coalesce(buckets.tested_as_of, ledger.tested_as_of) as tested_as_of,
    coalesce(buckets.customer_id, ledger.customer_id) as customer_id,
    buckets.bucketed,
    ledger.ar
from buckets
full outer join ledger
    on buckets.tested_as_of = ledger.tested_as_of and buckets.customer_id is not distinct from ledger.customer_id
where buckets.bucketed is distinct from ledger.ar
{% endtest %}


{#-
  Every report's AR agrees at dates taken from the data (the last activity date minus each offset): per
  organization, the aging (ar_aging_by_customer), the ledger (invoice_balances_as_of, open invoices), the invoice
  list (amount due of open and overdue invoices), the collections summary (`all` period's closing balance) and the
  DSO family (the last month's AR at its end) give the same AR (the invoice list: the amount due of every invoice
  that is neither a draft nor void, so an invoice marked uncollectible and reopened by a reversal counts, as it
  does in the ledger). A row the data-quality checks leave out is absent
  from all of them alike. Rows returned are (date, organization) pairs where they differ.
-#}
{% test arlake_reports_agree_on_ar(model, as_of_offsets=[0, 45]) %}
{{ arlake_ar_agreement({
    'aging': (ref('ar_aging_by_customer'), 'outstanding', 'true'),
    'ledger': (ref('invoice_balances_as_of'), 'outstanding', 'is_open'),
    'invoice_list': (ref('invoice_list'), 'amount_due', "status not in ('draft', 'void')"),
    'collections': (ref('collections_summary_by_customer'), 'balance', "period_interval = 'all'"),
    'dso': (ref('dso_monthly'), 'ar_end', 'period_end = tested_as_of'),
}, model, as_of_offsets) }}
{% endtest %}

{#-
  The AR-agreement query of the tests above: `sources` maps a name to (relation, amount column, row condition);
  each is read at the dates of arlake_at_data_dates and summed per (date, organization). Every organization of
  `organizations` at every tested date (a date any source has rows for) must show the first source's AR in each
  other source (missing rows count as 0). Rows returned are the (date, organization) pairs where one differs.
  A source that takes a first day (from_date) is read from the tested date itself: the AR at a date does not
  depend on the first period reported, and the periods before it are not computed.
-#}
{% macro arlake_ar_agreement(sources, organizations, as_of_offsets) -%}
with

{%- for name, (relation, amount, condition) in sources.items() %}

{{ name }} as (
    select
        tested_as_of,
        organization_id,
        sum({{ amount }}) as ar
    from {{ arlake_at_data_dates(relation, as_of_offsets, tag_dates=true, dated=['as_of_date', 'from_date']) }} as rows_
    where {{ condition }}
    group by tested_as_of, organization_id
),
{%- endfor %}

dates as (
    {%- for name in sources %}
    {{ 'union ' if not loop.first }}select distinct tested_as_of from {{ name }}
    {%- endfor %}
),

compared as (
    select
        organizations.organization_id,
        dates.tested_as_of,
        {%- for name in sources %}
        coalesce({{ name }}.ar, 0) as {{ name }}_ar{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ organizations }} as organizations
    cross join dates
    {%- for name in sources %}
    left join {{ name }}
        on organizations.organization_id = {{ name }}.organization_id and dates.tested_as_of = {{ name }}.tested_as_of
    {%- endfor %}
)

{%- set first = (sources.keys() | list)[0] %}

select *
from compared
where
    {%- for name in (sources.keys() | list)[1:] %}
    {{ 'or ' if not loop.first }}{{ first }}_ar <> {{ name }}_ar
    {%- endfor %}
{%- endmacro %}

{#-
  The organization's DSO inputs (int_dso_months_by_organization) equal the sums of its customers' inputs
  (int_dso_months) for every month, at dates taken from the data: the organization's DSO and its customers' are
  computed from the same money. At the dates after the first, the months before the one holding the date (or
  the first date, if earlier) are the stored months already compared at the first date, and are not read again
  (arlake_dso_live_months).
-#}
{% test arlake_dso_inputs_sum_customers(model, as_of_offsets=[0, 45]) %}
{%- set customers = arlake_at_data_dates(ref('int_dso_months'), as_of_offsets, tag_dates=true,
    later_where=arlake_dso_live_months()) -%}
with

organizations as (
    select * from {{ arlake_at_data_dates(model, as_of_offsets, tag_dates=true, later_where=arlake_dso_live_months()) }} as rows_
),

summed as (
    select
        tested_as_of,
        organization_id,
        period_start,
        sum(ar_start) as ar_start,
        sum(ar_end) as ar_end,
        sum(current_ar_end) as current_ar_end,
        sum(credit_sales) as credit_sales,
        sum(late_cent_days) as late_cent_days,
        sum(paid_cents) as paid_cents
    from {{ customers }} as customer_rows
    group by tested_as_of, organization_id, period_start
)

select
    coalesce(organizations.organization_id, summed.organization_id) as organization_id,
    coalesce(organizations.period_start, summed.period_start) as period_start
from organizations
full outer join summed
    on
        organizations.tested_as_of = summed.tested_as_of
        and organizations.organization_id = summed.organization_id
        and organizations.period_start = summed.period_start
where
    organizations.organization_id is null
    or (summed.organization_id is null and (organizations.ar_start <> 0 or organizations.ar_end <> 0
        or organizations.credit_sales <> 0 or organizations.paid_cents <> 0))
    or organizations.ar_start <> summed.ar_start
    or organizations.ar_end <> summed.ar_end
    or organizations.current_ar_end <> summed.current_ar_end
    or organizations.credit_sales <> summed.credit_sales
    or organizations.late_cent_days <> summed.late_cent_days
    or organizations.paid_cents <> summed.paid_cents
{% endtest %}

{#- The months of the DSO inputs that differ between two as-of dates (later_where of arlake_at_data_dates): from
    the earlier of the months holding the date and the first date. Before it, every month is a stored month
    (int_dso_collections_monthly), read alike at both. -#}
{% macro arlake_dso_live_months() -%}
  period_start >= least({{ arlake_period_start('monthly', '__DAY__', none) }},
      {{ arlake_period_start('monthly', '__FIRST_DAY__', none) }})
{%- endmacro %}

{#-
  The DSO inputs per customer and month (int_dso_months: stored months converted at build time, live months read
  straight from the stretches and invoices) equal the monthly collections measures of int_collections_as_of in
  cents, at as-of dates taken from the data (negative offsets: past the last activity, so past the stored grid).
  A month without a collections row must be all zeros; every customer with a collections row must have DSO rows.
  At the dates after the first, only the months from the one holding the date (or the first date, if earlier) on
  are compared, as in arlake_dso_inputs_sum_customers.
-#}
{% test arlake_dso_inputs_match_collections(model, as_of_offsets=[0, 45, -40]) %}
{%- set collections = arlake_at_data_dates(ref('int_collections_as_of'), as_of_offsets, tag_dates=true,
    later_where=arlake_dso_live_months()) -%}
with

dso as (
    select * from {{ arlake_at_data_dates(model, as_of_offsets, tag_dates=true, later_where=arlake_dso_live_months()) }} as rows_
),

measures as (
    select
        tested_as_of,
        organization_id,
        customer_id,
        period_start,
        {{ arlake_dso_collection_cents() }}
    from {{ collections }} as collection_rows
    where period_interval = 'monthly'
)

select
    coalesce(dso.organization_id, measures.organization_id) as organization_id,
    coalesce(dso.customer_id, measures.customer_id) as customer_id,
    coalesce(dso.period_start, measures.period_start) as period_start,
    coalesce(dso.tested_as_of, measures.tested_as_of) as tested_as_of
from dso
full outer join measures
    on
        dso.tested_as_of = measures.tested_as_of
        and dso.organization_id = measures.organization_id
        and dso.customer_id = measures.customer_id
        and dso.period_start = measures.period_start
where
    dso.organization_id is null
    or coalesce(measures.ar_start, 0) <> dso.ar_start
    or coalesce(measures.ar_end, 0) <> dso.ar_end
    or coalesce(measures.current_ar_end, 0) <> dso.current_ar_end
    or coalesce(measures.credit_sales, 0) <> dso.credit_sales
{% endtest %}
