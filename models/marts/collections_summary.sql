{{ config(materialized='query_view') }}
-- Collections per organization and period (the Stuut collections summary, GET /v1/analytics/collections/summary):
-- the rows of collections_summary_by_customer summed over the organization's customers, for every period from the
-- one holding F to the one holding A (same periods as per customer; a period without activity is a row of zeros),
-- at the query-time as-of date A (as_of_date) and first day F (from_date; null = the organization's first issued
-- invoice date). Every invoice belongs to one customer, so sums and counts add up; the derived fields (balance
-- differences, DSO, the touched-and-collected ratio, the days-to-pay averages) are computed from the organization's
-- sums by the definitions used per customer (arlake_collections_fields). Money in major units (DECIMAL).
with

{{ arlake_collections_reporting() }},

{%- for interval in ['monthly', 'weekly'] %}

{{ interval }}_starts as (
    select
        organization_id,
        as_of,
        {{ arlake_date_series(arlake_period_start(interval, 'from_on', none),
            arlake_period_start(interval, 'as_of', none), arlake_period_step(interval)) }} as period_start
    from reporting
),
{%- endfor %}

spine as (
    {%- for interval in ['monthly', 'weekly'] %}
    select
        '{{ interval }}' as period_interval,
        organization_id,
        period_start,
        {{ arlake_period_end(interval, 'period_start', 'as_of') }} as period_end
    from {{ interval }}_starts
    union all
    {%- endfor %}
    select
        'all' as period_interval,
        organization_id,
        from_on as period_start,
        as_of as period_end
    from reporting
),

{%- set summed = ['balance', 'balance_period_start', 'balance_stuut_touched', 'balance_period_start_stuut_touched',
                  'amount_issued', 'amount_issued_stuut_touched', 'total_invoice_amount', 'amount_collected',
                  'amount_collected_stuut_touched', 'amount_collected_automated', 'amount_overdue',
                  'amount_overdue_stuut_touched', 'amount_receivables', 'amount_receivables_stuut_touched',
                  'invoices_issued', 'invoices_open', 'invoices_overdue', 'invoices_paid', 'invoices_collected',
                  'invoices_collected_stuut_touched', 'invoices_touched', 'invoices_touched_and_collected'] %}

by_customer as (
    select
        period_interval,
        organization_id,
        period_start,
        {%- for m in summed %}
        sum({{ m }}) as {{ m }},
        {%- endfor %}
        sum(days_from_due) as days_from_due,
        sum(days_from_issued) as days_from_issued
    from {{ query_ref('collections_summary_by_customer') }}
    group by period_interval, organization_id, period_start
),

organization_rows as (
    select
        spine.period_interval,
        spine.organization_id,
        cast(null as varchar) as customer_id,
        spine.period_start,
        spine.period_end,
        {%- for m in summed %}
        coalesce(by_customer.{{ m }}, 0) as {{ m }},
        {%- endfor %}
        by_customer.days_from_due,
        by_customer.days_from_issued
    from spine
    left join by_customer
        on
            spine.period_interval = by_customer.period_interval
            and spine.organization_id = by_customer.organization_id
            and spine.period_start = by_customer.period_start
),

fields as (
    select {{ arlake_collections_fields('organization_rows') }}
    from organization_rows
)

select
    period_interval,
    organization_id,
    {%- for m in arlake_collections_measure_names() %}
    {{ m }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from fields
