{{ config(materialized='table') }}
-- Allocations that move money: their payment is one of int_payments and neither failed nor canceled, their
-- invoice is one of int_invoices, and their amount is present. applied_at falls back to the payment's
-- received_at; negative amounts are reversals. Each carries its invoice's organization, customer (every measure
-- attributes an allocation to the invoice's customer) and due date, and whether it was touched (its invoice had a
-- touch strictly before applied_at, full timestamps) and automated (touched, and every touch of the invoice
-- before applied_at was automated). Ordered by invoice, so that reading the allocations of a page of the invoice
-- list skips most of the table.
with

allocations as (
    select * from {{ ref('stg_arlake__payment_allocations') }} as allocations
    where {{ arlake_required_present('payment_allocations', 'allocations') }}
),

payments as (
    select * from {{ ref('int_payments') }}
),

invoices as (
    select
        invoice_id,
        organization_id,
        customer_id,
        due_on
    from {{ ref('int_invoices') }}
),

moving as (
    select
        allocations.allocation_id,
        allocations.payment_id,
        allocations.invoice_id,
        invoices.organization_id,
        invoices.customer_id,
        invoices.due_on,
        allocations.amount,
        allocations.strategy,
        allocations.modified_at,
        payments.customer_id as payment_customer_id,
        coalesce(allocations.applied_at, payments.received_at) as applied_at
    from allocations
    inner join payments on allocations.payment_id = payments.payment_id
    inner join invoices on allocations.invoice_id = invoices.invoice_id
    where payments.status not in ('failed', 'canceled')
),

touched_before as (
    select
        moving.allocation_id,
        bool_and(touches.is_automated) as all_automated
    from moving
    inner join {{ ref('int_invoice_touches') }} as touches
        on
            moving.invoice_id = touches.invoice_id
            and moving.applied_at > touches.occurred_at
    group by moving.allocation_id
)

select
    moving.allocation_id,
    moving.payment_id,
    moving.invoice_id,
    moving.organization_id,
    moving.customer_id,
    moving.due_on,
    moving.amount,
    moving.strategy,
    moving.modified_at,
    moving.payment_customer_id,
    moving.applied_at,
    cast(moving.applied_at as date) as applied_on,
    touched_before.allocation_id is not null as is_touched,
    coalesce(touched_before.all_automated, false) as is_automated
from moving
left join touched_before on moving.allocation_id = touched_before.allocation_id
order by moving.invoice_id
