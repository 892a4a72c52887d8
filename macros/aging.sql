{#-
  Aging buckets (docs/metrics.md, Aging), as SQL expressions for the models that age invoices at dates of their own
  (the aging trend) or label the aging's buckets (the aging drill-down).
-#}

{#- The bucket of an age in days: 0 = current (basis due_date and age <= 0); else k = 1..P with
    (k-1)*N + 1 <= age <= k*N, the last bucket P open-ended; on the issue basis bucket 1 also holds age 0. -#}
{% macro arlake_aging_bucket(age, basis, width, periods) -%}
    case
        when {{ basis }} = 'due_date' and {{ age }} <= 0 then 0
        else least(greatest(({{ age }} + {{ width }} - 1) // {{ width }}, 1), {{ periods }})
    end
{%- endmacro %}

{#- The label of bucket `index` for width N and P buckets, whatever the basis: current, 1-N, N+1-2N, ...,
    (P-1)*N+1+ (P = 1: 1+). -#}
{% macro arlake_aging_bucket_label(index, width, periods) -%}
    case
        when {{ index }} = 0 then 'current'
        when {{ index }} = {{ periods }} then cast(({{ index }} - 1) * {{ width }} + 1 as varchar) || '+'
        else cast(({{ index }} - 1) * {{ width }} + 1 as varchar) || '-' || cast({{ index }} * {{ width }} as varchar)
    end
{%- endmacro %}

{#-
  The periods of the aging trend: per organization, every calendar month and ISO week (Monday to Sunday) from the
  one holding F to the one holding A, with period_end = e' = min(the period's last day, A). F is the query-time
  from_date, else the organization's first issued invoice (no invoice and no from_date: no periods). Emits the
  CTEs `params` (the query-time as_of_date, from_date, aging_width, aging_periods, aging_basis) and
  `<prefix>_spine` (period_interval, organization_id, period_start, period_end).
-#}
{% macro arlake_trend_spine(prefix) -%}
params as (
    select
        {{ as_of_date() }} as as_of_date,
        {{ collections_from_date() }} as from_date,
        {{ aging_width() }} as aging_width,
        {{ aging_periods() }} as aging_periods,
        {{ aging_basis() }} as aging_basis
),

{{ prefix }}_bounds as (
    select
        organizations.organization_id,
        coalesce(params.from_date, bounds.first_issued_on) as from_on,
        params.as_of_date
    from {{ ref('int_organizations') }} as organizations
    cross join params
    left join {{ ref('int_collection_bounds') }} as bounds on organizations.organization_id = bounds.organization_id
),

{%- for interval in ['monthly', 'weekly'] %}

{{ prefix }}_{{ interval }} as (
    select
        organization_id,
        as_of_date,
        {{ arlake_date_series(
            arlake_period_start(interval, 'from_on', none),
            arlake_period_start(interval, 'as_of_date', none),
            arlake_period_step(interval)) }} as period_start
    from {{ prefix }}_bounds
    where from_on <= as_of_date
),
{%- endfor %}

{{ prefix }}_spine as (
    {%- for interval in ['monthly', 'weekly'] %}
    select
        '{{ interval }}' as period_interval,
        organization_id,
        period_start,
        {{ arlake_period_end(interval, 'period_start', 'as_of_date') }} as period_end
    from {{ prefix }}_{{ interval }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)
{%- endmacro %}

{#-
  The aging trend rows from `points`: a relation of (the `keys` columns, period_interval, period_start,
  period_end, basis_on, outstanding, open_invoices) giving what is open at period_end per date ages count from
  (basis_on), and `grid`: a relation of every (keys, period_interval, period_start, period_end) to report, zero
  rows included. Reads the CTE `params` (aging_width, aging_periods, aging_basis). Emits the CTEs
  `<prefix>_buckets` and `<prefix>_rows`: per grid row, current, buckets (the P bucket amounts, oldest last),
  total, overdue (= total - current) and open_invoices.
-#}
{% macro arlake_trend_rows(prefix, points, grid, keys) -%}
{%- set key_list = keys + ['period_interval', 'period_start', 'period_end'] -%}
{{ prefix }}_buckets as (
    select
        {%- for key in key_list %}
        points.{{ key }},
        {%- endfor %}
        {{ arlake_aging_bucket(arlake_days_between('points.basis_on', 'points.period_end'),
            'params.aging_basis', 'params.aging_width', 'params.aging_periods') }} as bucket_index,
        sum(points.outstanding) as outstanding,
        sum(points.open_invoices) as open_invoices
    from {{ points }} as points
    cross join params
    group by all
),

{{ prefix }}_cells as (
    select
        {%- for key in key_list %}
        grid.{{ key }},
        {%- endfor %}
        indexes.bucket_index,
        coalesce(buckets.outstanding, 0) as outstanding,
        coalesce(buckets.open_invoices, 0) as open_invoices
    from {{ grid }} as grid
    cross join (
        select cast(unnest(range(0, aging_periods + 1)) as integer) as bucket_index from params
    ) as indexes
    left join {{ prefix }}_buckets as buckets
        on
            {%- for key in key_list %}
            grid.{{ key }} = buckets.{{ key }}
            and {% endfor -%}
            indexes.bucket_index = buckets.bucket_index
),

{{ prefix }}_rows as (
    select
        {%- for key in key_list %}
        cells.{{ key }},
        {%- endfor %}
        cast(sum(cells.outstanding) filter (where cells.bucket_index = 0) as decimal(38, 2)) as current_amount,
        list(cast(cells.outstanding as decimal(38, 2)) order by cells.bucket_index)
            filter (where cells.bucket_index > 0) as bucket_amounts,
        cast(sum(cells.outstanding) as decimal(38, 2)) as total,
        cast(sum(cells.outstanding) filter (where cells.bucket_index > 0) as decimal(38, 2)) as overdue,
        cast(sum(cells.open_invoices) as bigint) as open_invoices
    from {{ prefix }}_cells as cells
    group by all
)
{%- endmacro %}
