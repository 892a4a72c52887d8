{{ config(materialized='table') }}
-- How late money arrived, per customer and calendar month of application: over the positive allocations
-- (reversals left out), cent-days late = sum(cents x max(applied_on - due_on, 0)) and the cents paid. The DSO
-- family's weighted average days late is their ratio (dso_monthly, dso_monthly_by_customer).
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
