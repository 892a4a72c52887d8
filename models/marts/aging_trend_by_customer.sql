{{ config(materialized='query_view') }}
-- The aging trend of aging_trend per customer: for every customer of an organization and every period of the
-- organization's trend (the same periods and parameters), the aging at e' of the customer's invoices, zero rows
-- included. Read from the open stretches (int_invoice_open_periods, clustered by customer, so that the trend of one
-- customer reads that customer's stretches only).
with

{{ arlake_trend_spine('trend') }},

grid as (
    select
        customers.organization_id,
        customers.customer_id,
        spine.period_interval,
        spine.period_start,
        spine.period_end
    from {{ ref('int_customers') }} as customers
    inner join trend_spine as spine on customers.organization_id = spine.organization_id
),

points as (
    select
        spine.organization_id,
        stretches.customer_id,
        spine.period_interval,
        spine.period_start,
        spine.period_end,
        stretches.outstanding,
        1 as open_invoices,
        case when params.aging_basis = 'issue_date' then stretches.issued_on else stretches.due_on end as basis_on
    from trend_spine as spine
    inner join {{ ref('int_invoice_open_periods') }} as stretches
        on
            spine.organization_id = stretches.organization_id
            and {{ arlake_stretch_holds('stretches', 'spine.period_end') }}
    cross join params
),

{{ arlake_trend_rows('trend', 'points', 'grid', ['organization_id', 'customer_id']) }}

select
    rows_.organization_id,
    rows_.customer_id,
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
