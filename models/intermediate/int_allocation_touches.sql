{{ config(materialized='table') }}
-- Every allocation that moves money, attributed to its invoice's customer, with whether it was touched (its
-- invoice had a touch strictly before applied_at, full timestamps) and automated (touched, and every touch of
-- the invoice before applied_at was automated). Ordered by applied_on, so that reading one period skips the rest.
with

allocations as (
    select * from {{ ref('int_payment_allocations') }}
),

invoices as (
    select
        invoice_id,
        organization_id,
        customer_id,
        due_on
    from {{ ref('int_invoices') }}
),

touches as (
    select * from {{ ref('int_invoice_touches') }}
),

touched_before as (
    select
        allocations.allocation_id,
        count(*) as touches_before,
        bool_and(touches.is_automated) as all_automated
    from allocations
    inner join touches
        on
            allocations.invoice_id = touches.invoice_id
            and allocations.applied_at > touches.occurred_at
    group by allocations.allocation_id
)

select
    allocations.allocation_id,
    allocations.payment_id,
    allocations.invoice_id,
    invoices.organization_id,
    invoices.customer_id,
    invoices.due_on,
    allocations.amount,
    allocations.applied_at,
    allocations.applied_on,
    touched_before.allocation_id is not null as is_touched,
    coalesce(touched_before.all_automated, false) as is_automated
from allocations
inner join invoices on allocations.invoice_id = invoices.invoice_id
left join touched_before on allocations.allocation_id = touched_before.allocation_id
order by allocations.applied_on
