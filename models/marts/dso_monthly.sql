-- The DSO family per organization and calendar month (dso_monthly_by_customer: per customer), at query time
-- (as_of_date, from_date) over the months of int_collection_periods. Inputs per month: AR at start (s - 1) and
-- end (e') and current AR at end (not yet due: due_on >= e') from the per-date balance changes, credit sales
-- (invoices issued in the month that exist at e'), and the allocations applied in the month.
--   standard DSO        = AR_end / credit_sales x days
--   countback DSO       = walk back from this month, subtracting each month's credit sales from AR_end and
--                         adding its days, then the remaining fraction of the last month reached
--   best possible DSO   = current AR_end / credit_sales x days
--   avg days delinquent = DSO - best possible DSO = overdue AR_end / credit_sales x days
--   CEI                 = (AR_start + sales - AR_end) / (AR_start + sales - current AR_end) x 100
--   percent current     = current AR_end / AR_end x 100
--   weighted days late  = sum(amount x max(applied_on - due_on, 0)) / sum(amount), positive allocations
-- days = e' - s + 1 (a month cut at the as-of date counts its elapsed days). Ratios round half-up to 2
-- decimals on exact integers; null where a denominator is 0.
with

spine as (
    select
        organization_id,
        as_of,
        period_start,
        period_end,
        period_end - period_start + 1 as days_in_period
    from {{ ref('int_collection_periods') }}
    where period_interval = 'monthly'
),

bounds as (
    select
        organization_id,
        as_of,
        min(period_start) as first_start
    from spine
    group by all
),

changes as (
    -- Changes of AR and overdue AR per month; period_start null: before the first month.
    select
        changes.organization_id,
        case
            when changes.change_on >= bounds.first_start then cast(date_trunc('month', changes.change_on) as date)
        end as period_start,
        sum(changes.balance) as balance,
        sum(changes.amount_overdue) as amount_overdue
    from {{ ref('int_customer_balance_changes') }} as changes
    inner join bounds on changes.organization_id = bounds.organization_id
    where changes.change_on <= bounds.as_of
    group by all
),

points as (
    select
        spine.organization_id,
        spine.period_start,
        coalesce(opening.balance, 0) + sum(coalesce(changes.balance, 0)) over running as ar_end,
        coalesce(opening.balance, 0) + sum(coalesce(changes.balance, 0)) over running
        - coalesce(changes.balance, 0) as ar_start,
        coalesce(opening.amount_overdue, 0) + sum(coalesce(changes.amount_overdue, 0)) over running as overdue_end
    from spine
    left join changes
        on spine.organization_id = changes.organization_id and spine.period_start = changes.period_start
    left join changes as opening
        on spine.organization_id = opening.organization_id and opening.period_start is null
    window running as (
        partition by spine.organization_id order by spine.period_start
        rows between unbounded preceding and current row
    )
),

sales as (
    -- Invoices issued in the month that exist at its end e' (not voided on or before e').
    select
        invoices.organization_id,
        cast(date_trunc('month', invoices.issued_on) as date) as period_start,
        sum(invoices.total_amount) filter (
            where
            invoices.voided_on is null
            or invoices.voided_on > least(last_day(invoices.issued_on), bounds.as_of)
        ) as credit_sales
    from {{ ref('int_invoices') }} as invoices
    inner join bounds on invoices.organization_id = bounds.organization_id
    where invoices.issued_on between bounds.first_start and bounds.as_of
    group by all
),

allocations as (
    select
        organization_id,
        period_start,
        sum(late_cent_days) as late_cent_days,
        sum(paid_cents) as paid_cents
    from {{ ref('int_allocation_lateness_monthly') }}
    group by all
),

months as (
    select
        'organization' as scope,
        spine.organization_id,
        cast(null as varchar) as customer_id,
        spine.period_start,
        spine.period_end,
        spine.days_in_period,
        {{ arlake_cents('points.ar_start') }} as ar_start,
        {{ arlake_cents('points.ar_end') }} as ar_end,
        {{ arlake_cents('points.ar_end - points.overdue_end') }} as current_ar_end,
        coalesce({{ arlake_cents('sales.credit_sales') }}, 0) as credit_sales,
        coalesce(allocations.late_cent_days, 0) as late_cent_days,
        coalesce(allocations.paid_cents, 0) as paid_cents
    from spine
    inner join points on spine.organization_id = points.organization_id and spine.period_start = points.period_start
    left join sales on spine.organization_id = sales.organization_id and spine.period_start = sales.period_start
    left join allocations
        on spine.organization_id = allocations.organization_id and spine.period_start = allocations.period_start
),

{{ arlake_dso_metrics() }}
