{{ config(materialized='query_view') }}
-- The DSO family per organization and calendar month, at the query-time as-of date, for the months from the one
-- holding the query-time from_date (null: every month). Inputs per month are the sums over the organization's
-- customers of int_dso_months (int_dso_months_by_organization; a data test holds them equal); the metrics use
-- every month of the history, from_date only chooses the months shown.
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

months as (
    select
        'organization' as scope,
        organization_id,
        customer_id,
        period_start,
        period_end,
        days_in_period,
        ar_start,
        ar_end,
        current_ar_end,
        credit_sales,
        late_cent_days,
        paid_cents
    from {{ query_ref('int_dso_months_by_organization') }}
),

{{ arlake_dso_metrics(['organization_id']) }}

select dso_metrics.*
from dso_metrics
where
    dso_metrics.period_start
    >= coalesce({{ arlake_period_start('monthly', collections_from_date(), none) }}, dso_metrics.period_start)
