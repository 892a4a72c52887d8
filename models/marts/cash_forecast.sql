{{ config(materialized='query_view') }}
-- Expected collections per organization at the as-of date D (query-time: SET VARIABLE as_of_date,
-- lookback_days): the outstanding at D of its open invoices by the group of their expected date
-- (cash_forecast_invoices): each of the 13 weeks after D (week k: D + 7(k-1) + 1 .. D + 7k), later (from D + 92)
-- and disputed, every group present, zero ones included (sort_order 1..13, 14 later, 15 disputed). The groups
-- add up to AR(organization, D).
with

params as (
    select {{ as_of_date() }} as as_of_date
),

slots as (
    select cast(unnest(range(1, 16)) as integer) as sort_order
),

groups_ as (
    select
        organizations.organization_id,
        slots.sort_order,
        case when slots.sort_order <= 13 then 'week' when slots.sort_order = 14 then 'later' else 'disputed' end
            as forecast_group,
        case when slots.sort_order <= 13 then slots.sort_order end as forecast_week,
        case
            when slots.sort_order <= 14 then {{ arlake_add_days('params.as_of_date', '7 * (slots.sort_order - 1) + 1') }}
        end as from_on,
        case when slots.sort_order <= 13 then {{ arlake_add_days('params.as_of_date', '7 * slots.sort_order') }} end
            as to_on
    from {{ ref('int_organizations') }} as organizations
    cross join slots
    cross join params
),

amounts as (
    select
        organization_id,
        forecast_group,
        forecast_week,
        sum(outstanding) as amount,
        count(*) as invoices
    from {{ query_ref('cash_forecast_invoices') }}
    group by organization_id, forecast_group, forecast_week
)

select
    params.as_of_date,
    groups_.organization_id,
    groups_.sort_order,
    groups_.forecast_group,
    groups_.forecast_week,
    groups_.from_on,
    groups_.to_on,
    cast(coalesce(amounts.amount, 0) as decimal(38, 2)) as amount,
    cast(coalesce(amounts.invoices, 0) as bigint) as invoices
from groups_
cross join params
left join amounts
    on
        groups_.organization_id = amounts.organization_id
        and groups_.forecast_group = amounts.forecast_group
        and groups_.forecast_week is not distinct from amounts.forecast_week
