{{ config(materialized='query_view') }}
-- How late each customer pays, and what it owes, at the as-of date D with a lookback of L days (query-time:
-- SET VARIABLE as_of_date, lookback_days). An invoice is settled in the window when its settled_on (the ledger's)
-- is in (D - L, D] and it was not voided on or before settled_on; days_late = settled_on - due_on (negative when
-- early).
--   average_days_late = sum(days_late x total_amount) / sum(total_amount) over the invoices settled in the window,
--                       2 decimals half-up (exact integer arithmetic on cents); null when none or the weight is 0;
--   rating            = A (<= 0), B (<= 15), C (<= 45), D (> 45) on that 2-decimal average; unrated when null;
--   open_amount       = AR at D (invoices open at D), with open_invoices their count.
-- One row per organization (scope organization, customer_id null: the same formulas over all its invoices) and
-- one per customer with an invoice open at D or settled in the window (scope customer).
-- D and L are written into the query as scalars rather than joined as a row, so that the conditions on them
-- reach the scans (the zone maps then skip the stretches closed before D).
{%- set as_of = as_of_date() %}
{%- set lookback_days = arlake_param('lookback_days') %}
with

settled as (
    select
        balances.organization_id,
        balances.customer_id,
        {{ arlake_days_between('balances.due_on', 'balances.settled_on') }} as days_late,
        {{ arlake_cents('balances.total_amount') }} as total_cents
    from {{ ref('int_invoice_balances') }} as balances
    where
        balances.settled_on <= {{ as_of }}
        and balances.settled_on > {{ arlake_add_days(as_of, '-' ~ lookback_days) }}
        and (balances.voided_on is null or balances.voided_on > balances.settled_on)
),

open_at as (
    select
        stretches.organization_id,
        stretches.customer_id,
        stretches.outstanding
    from {{ ref('int_invoice_open_periods') }} as stretches
    where {{ arlake_stretch_holds('stretches', as_of) }}
),

contributions as (
    select
        organization_id,
        customer_id,
        1 as settled_invoices,
        cast(days_late as hugeint) * total_cents as weighted_days,
        total_cents as weight,
        cast(0 as decimal(38, 2)) as open_amount,
        0 as open_invoices
    from settled
    union all
    select
        organization_id,
        customer_id,
        0 as settled_invoices,
        0 as weighted_days,
        0 as weight,
        outstanding as open_amount,
        1 as open_invoices
    from open_at
),

customers as (
    select
        organization_id,
        customer_id,
        sum(settled_invoices) as settled_invoices,
        sum(weighted_days) as weighted_days,
        sum(weight) as weight,
        sum(open_amount) as open_amount,
        sum(open_invoices) as open_invoices
    from contributions
    group by organization_id, customer_id
),

scopes as (
    select
        'customer' as scope,
        organization_id,
        customer_id,
        settled_invoices,
        weighted_days,
        weight,
        open_amount,
        open_invoices
    from customers
    union all
    select
        'organization' as scope,
        organizations.organization_id,
        null as customer_id,
        coalesce(sum(customers.settled_invoices), 0) as settled_invoices,
        coalesce(sum(customers.weighted_days), 0) as weighted_days,
        coalesce(sum(customers.weight), 0) as weight,
        coalesce(sum(customers.open_amount), 0) as open_amount,
        coalesce(sum(customers.open_invoices), 0) as open_invoices
    from {{ ref('int_organizations') }} as organizations
    left join customers on organizations.organization_id = customers.organization_id
    group by organizations.organization_id
),

averages as (
    select
        *,
        {{ arlake_round_div('weighted_days', 'weight', 2) }} as average_days_late
    from scopes
)

select
    {{ as_of }} as as_of_date,
    {{ lookback_days }} as lookback_days,
    averages.scope,
    averages.organization_id,
    averages.customer_id,
    averages.average_days_late,
    cast(averages.settled_invoices as bigint) as settled_invoices,
    cast(averages.open_amount as decimal(38, 2)) as open_amount,
    cast(averages.open_invoices as bigint) as open_invoices,
    case
        when averages.average_days_late is null then 'unrated'
        when averages.average_days_late <= 0 then 'A'
        when averages.average_days_late <= 15 then 'B'
        when averages.average_days_late <= 45 then 'C'
        else 'D'
    end as rating
from averages
