-- The DSO family per calendar month, per organization (scope 'organization', customer_id null) and per
-- customer (scope 'customer'), at query time (as_of_date, from_date) over the months of int_collection_periods.
-- Inputs per month (from collections_summary_by_customer, monthly): AR at start (s - 1) and end (e'), current
-- AR at end (not yet due: due_on >= e'), credit sales (amount issued), and allocations applied in the month.
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
        period_start,
        period_end,
        period_end - period_start + 1 as days
    from {{ ref('int_collection_periods') }}
    where period_interval = 'monthly'
),

monthly as (
    select * from {{ ref('collections_summary_by_customer') }}
    where period_interval = 'monthly'
),

allocations as (
    select
        allocations.organization_id,
        allocations.customer_id,
        cast(date_trunc('month', allocations.applied_on) as date) as period_start,
        sum({{ arlake_cents('allocations.amount') }} * greatest(allocations.applied_on - invoices.due_on, 0))
            as late_cent_days,
        sum({{ arlake_cents('allocations.amount') }}) as paid_cents
    from {{ ref('int_allocation_touches') }} as allocations
    inner join {{ ref('int_invoices') }} as invoices on allocations.invoice_id = invoices.invoice_id
    where allocations.amount > 0
    group by all
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
        spine.days,
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

organization_months as (
    select
        'organization' as scope,
        spine.organization_id,
        cast(null as varchar) as customer_id,
        spine.period_start,
        spine.period_end,
        spine.days,
        coalesce(sum(customer_months.ar_start), 0) as ar_start,
        coalesce(sum(customer_months.ar_end), 0) as ar_end,
        coalesce(sum(customer_months.current_ar_end), 0) as current_ar_end,
        coalesce(sum(customer_months.credit_sales), 0) as credit_sales,
        coalesce(sum(customer_months.late_cent_days), 0) as late_cent_days,
        coalesce(sum(customer_months.paid_cents), 0) as paid_cents
    from spine
    left join customer_months
        on
            spine.organization_id = customer_months.organization_id
            and spine.period_start = customer_months.period_start
    group by spine.organization_id, spine.period_start, spine.period_end, spine.days
),

months as (
    select * from customer_months
    union all
    select * from organization_months
),

prefixed as (
    -- Running credit sales and days per series; walk_key orders months by running sales, then by month, so
    -- an ASOF join finds the last month whose running sales are at or below a threshold.
    select
        *,
        row_number() over series as month_index,
        sum(credit_sales) over series as running_sales,
        sum(days) over series as running_days,
        cast(sum(credit_sales) over series as hugeint) * 10000 + row_number() over series as walk_key
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
        cast(running_sales - ar_end as hugeint) * 10000 + 9999 as walk_threshold
    from prefixed
),

walked as (
    select
        thresholds.*,
        coalesce(boundary.month_index, 0) as boundary_index
    from thresholds
    asof left join prefixed as boundary
        on
            thresholds.scope = boundary.scope
            and thresholds.organization_id = boundary.organization_id
            and thresholds.customer_id is not distinct from boundary.customer_id
            and thresholds.walk_threshold >= boundary.walk_key
),

countback as (
    select
        walked.*,
        case
            when walked.ar_end <= 0 then 0
            when reached.credit_sales <= 0 then walked.running_days - reached.running_days + reached.days
            else
                -- full months after `reached`, plus the fraction of `reached` still needed, over its sales
                (walked.running_days - reached.running_days) * reached.credit_sales
                + reached.days * least(reached.running_sales - (walked.running_sales - walked.ar_end), reached.credit_sales)
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
)

select
    scope,
    organization_id,
    customer_id,
    period_start,
    period_end,
    days,
    cast(ar_start / 100 as decimal(18, 2)) as ar_start,
    cast(ar_end / 100 as decimal(18, 2)) as ar_end,
    cast(current_ar_end / 100 as decimal(18, 2)) as current_ar_end,
    cast(credit_sales / 100 as decimal(18, 2)) as credit_sales,
    {{ arlake_round_div('ar_end * days', 'credit_sales', 2) }} as standard_dso,
    {{ arlake_round_div('countback_numerator', 'countback_denominator', 2) }} as countback_dso,
    {{ arlake_round_div('current_ar_end * days', 'credit_sales', 2) }} as best_possible_dso,
    {{ arlake_round_div('(ar_end - current_ar_end) * days', 'credit_sales', 2) }} as average_days_delinquent,
    {{ arlake_round_div('(ar_start + credit_sales - ar_end) * 100', 'ar_start + credit_sales - current_ar_end', 2) }}
        as collection_effectiveness_index,
    {{ arlake_round_div('current_ar_end * 100', 'ar_end', 2) }} as percent_current,
    {{ arlake_round_div('late_cent_days', 'paid_cents', 2) }} as weighted_average_days_late
from countback
