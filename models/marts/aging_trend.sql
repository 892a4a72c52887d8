{{ config(materialized='query_view') }}
-- The aging of each organization at the end of every calendar month and ISO week from the one holding F (the
-- query-time from_date, else the organization's first issued invoice) to the one holding the as-of date A:
-- per period, at e' = min(the period's last day, A), the outstanding of the invoices open at e' in current and
-- each of the P buckets (width N, basis: query-time aging_width, aging_periods, aging_basis), their total, the
-- overdue part (total - current) and the number of open invoices. Every period has a row, zero rows included.
-- Read from int_aging_changes, never from the invoices: the changes dated up to A are summed per period (those
-- before the first period into the first), and a running sum over the periods gives, per due (or issue) date,
-- what is open at each e'. The work grows with the number of distinct due dates times the number of periods,
-- not with the number of invoices.
with

{{ arlake_trend_spine('trend') }},

first_periods as (
    select
        organization_id,
        period_interval,
        min(period_start) as first_start
    from trend_spine
    group by organization_id, period_interval
),

period_changes as (
    -- the net change per period and date ages count from
    select
        first_periods.organization_id,
        first_periods.period_interval,
        changes.basis_on,
        greatest(
            case
                when first_periods.period_interval = 'monthly'
                    then {{ arlake_period_start('monthly', 'changes.changed_on', none) }}
                else {{ arlake_period_start('weekly', 'changes.changed_on', none) }}
            end,
            first_periods.first_start
        ) as period_start,
        sum(changes.outstanding_change) as outstanding_change,
        sum(changes.open_invoices_change) as open_invoices_change
    from first_periods
    inner join {{ ref('int_aging_changes') }} as changes on first_periods.organization_id = changes.organization_id
    inner join params
        on
            changes.aging_basis = params.aging_basis
            and changes.changed_on <= params.as_of_date
    group by all
),

basis_dates as (
    select distinct
        organization_id,
        period_interval,
        basis_on
    from period_changes
),

running as (
    -- per period and date ages count from, the changes of this and every earlier period
    select
        spine.organization_id,
        spine.period_interval,
        spine.period_start,
        spine.period_end,
        basis_dates.basis_on,
        sum(coalesce(period_changes.outstanding_change, 0)) over history as outstanding,
        sum(coalesce(period_changes.open_invoices_change, 0)) over history as open_invoices
    from trend_spine as spine
    inner join basis_dates
        on
            spine.organization_id = basis_dates.organization_id
            and spine.period_interval = basis_dates.period_interval
    left join period_changes
        on
            basis_dates.organization_id = period_changes.organization_id
            and basis_dates.period_interval = period_changes.period_interval
            and basis_dates.basis_on = period_changes.basis_on
            and spine.period_start = period_changes.period_start
    window history as (
        partition by spine.organization_id, spine.period_interval, basis_dates.basis_on
        order by spine.period_start
        rows between unbounded preceding and current row
    )
),

points as (
    -- what is open at each e' per date ages count from
    select * from running
    where open_invoices > 0
),

{{ arlake_trend_rows('trend', 'points', 'trend_spine', ['organization_id']) }}

select
    rows_.organization_id,
    rows_.period_interval,
    rows_.period_start,
    rows_.period_end,
    params.aging_basis,
    params.aging_width,
    params.aging_periods,
    rows_.current_amount,
    rows_.bucket_amounts,
    rows_.total,
    rows_.overdue,
    rows_.open_invoices
from trend_rows as rows_
cross join params
