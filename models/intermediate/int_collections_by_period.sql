{{ config(materialized='table') }}
-- The collections measures of contract 4.4 per customer, for every month and ISO week of the stored grid
-- (int_collection_periods), as they stand at the period's last day. They do not depend on the as-of date A as
-- long as A is on or after that day, so they are computed once here; the query-time models
-- (int_collections_as_of, collections_summary_by_customer) add only the periods the grid cannot answer. A row per
-- (customer, period) with an invoice issued, an allocation applied or a touch in the period, or a non-zero AR at
-- its start or end (macros/collections.sql defines every measure). Money in major units.
--   Point-in-time measures: every open stretch (int_invoice_open_periods) counts at the end of each period it
--   holds; the value at a period's start (s - 1) is the value at the previous period's end.
with

bounds as (
    select * from {{ ref('int_collection_bounds') }}
),

{%- for interval in ['monthly', 'weekly'] %}

{{ interval }}_spine as (
    select
        organization_id,
        period_start,
        period_end
    from {{ ref('int_collection_periods') }}
    where period_interval = '{{ interval }}'
),

{{ interval }}_held as (
    -- Each stretch with the start of every grid period whose last day it holds.
    select
        held.*,
        {{ arlake_period_last_day(interval, 'held.period_start') }} as period_end
    from (
        select
            stretches.*,
            {{ arlake_date_series(
                arlake_period_start(interval, 'stretches.open_from', none),
                arlake_period_start(interval,
                    'least(bounds.through_on, coalesce(' ~ arlake_add_days('stretches.open_until', -1) ~ ', bounds.through_on))',
                    none),
                arlake_period_step(interval)) }} as period_start
        from {{ ref('int_invoice_open_periods') }} as stretches
        inner join bounds on stretches.organization_id = bounds.organization_id
    ) as held
),

{{ interval }}_ends as (
    select
        organization_id,
        customer_id,
        period_start,
        {{ arlake_point_measures('held', 'period_end') }}
    from {{ interval }}_held as held
    where {{ arlake_stretch_holds('held', 'period_end') }}
    group by organization_id, customer_id, period_start
),

{{ interval }}_point_values as (
    select
        *,
        true as is_end
    from {{ interval }}_ends
    union all
    select
        organization_id,
        customer_id,
        {{ arlake_next_period_start(interval, 'period_start') }} as period_start,
        balance,
        balance_touched,
        amount_overdue,
        amount_overdue_touched,
        total_invoice_amount,
        invoices_open,
        invoices_overdue,
        false as is_end
    from {{ interval }}_ends
),

{{ interval }}_points as (
    {{ arlake_pair_points(interval ~ '_point_values', 'is_end', 'not is_end') }}
),

{{ arlake_collections_rows(interval, interval, interval ~ '_spine', interval ~ '_points') }}{{ ',' if not loop.last }}
{%- endfor %}

{%- for interval in ['monthly', 'weekly'] %}
select {{ arlake_collections_fields(interval ~ '_rows') }}
from {{ interval }}_rows
{% if not loop.last %}union all{% endif %}
{%- endfor %}
