-- The DSO family per customer and calendar month (definitions: models/marts/dso_monthly.sql, docs/metrics.md),
-- from the monthly collections rows of every customer, zero-filled for months without a row (no activity and no AR).
with

spine as (
    select
        organization_id,
        period_start,
        period_end,
        period_end - period_start + 1 as days_in_period
    from {{ ref('int_collection_periods') }}
    where period_interval = 'monthly'
),

monthly as (
    select * from {{ ref('collections_summary_by_customer') }}
    where period_interval = 'monthly'
),

allocations as (
    select * from {{ ref('int_allocation_lateness_monthly') }}
),

customers as (
    select distinct
        organization_id,
        partner_id as customer_id
    from monthly
),

customer_months as (
    -- Every customer with any row, every month: a month without a row had zero AR at both ends and no activity.
    select
        'customer' as scope,
        customers.organization_id,
        customers.customer_id,
        spine.period_start,
        spine.period_end,
        spine.days_in_period,
        coalesce({{ arlake_cents('monthly.balance_period_start') }}, 0) as ar_start,
        coalesce({{ arlake_cents('monthly.balance') }}, 0) as ar_end,
        coalesce({{ arlake_cents('monthly.balance - monthly.amount_overdue') }}, 0) as current_ar_end,
        coalesce({{ arlake_cents('monthly.amount_issued') }}, 0) as credit_sales,
        coalesce(allocations.late_cent_days, 0) as late_cent_days,
        coalesce(allocations.paid_cents, 0) as paid_cents
    from customers
    inner join spine on customers.organization_id = spine.organization_id
    left join monthly
        on
            customers.organization_id = monthly.organization_id
            and customers.customer_id = monthly.partner_id
            and spine.period_start = monthly.period_start
    left join allocations
        on
            customers.organization_id = allocations.organization_id
            and customers.customer_id = allocations.customer_id
            and spine.period_start = allocations.period_start
),

months as (
    select * from customer_months
),

{{ arlake_dso_metrics() }}
