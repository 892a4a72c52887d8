{{ config(materialized='query_view') }}
-- The inputs of the DSO family per customer and calendar month, in integer cents, at the query-time as-of date A:
-- every month from the organization's first stored month to the one holding A, whatever the first month a report
-- shows (a month's countback DSO walks back through all the history before it). Per month: AR at start (s - 1) and
-- end (e'), current AR at end (not yet due: due_on >= e'), credit sales (invoices issued in the month that exist
-- at e'), from the monthly collections measures (int_collections_as_of); cent-days late and cents paid from the
-- positive allocations applied in [s, e'] (int_allocation_lateness_monthly, and for the month holding A the
-- allocations up to A only). A month in which a customer has no collections row had zero AR at both ends and no
-- sales; it is filled with zeros, since countback walks through it.
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
    select * from {{ query_ref('int_collections_as_of') }}
    where period_interval = 'monthly'
),

lateness as (
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
    coalesce({{ arlake_cents('monthly.balance_period_start') }}, 0) as ar_start,
    coalesce({{ arlake_cents('monthly.balance') }}, 0) as ar_end,
    coalesce({{ arlake_cents('monthly.balance - monthly.amount_overdue') }}, 0) as current_ar_end,
    coalesce({{ arlake_cents('monthly.amount_issued') }}, 0) as credit_sales,
    coalesce(lateness.late_cent_days, 0) as late_cent_days,
    coalesce(lateness.paid_cents, 0) as paid_cents
from customers
inner join spine on customers.organization_id = spine.organization_id
left join monthly
    on
        customers.organization_id = monthly.organization_id
        and customers.customer_id = monthly.customer_id
        and spine.period_start = monthly.period_start
left join lateness
    on
        customers.organization_id = lateness.organization_id
        and customers.customer_id = lateness.customer_id
        and spine.period_start = lateness.period_start
