{{ config(materialized='table') }}
-- Allocations that move money: their payment is one of int_payments and neither failed nor canceled, their invoice
-- is one of int_invoices, and their amount is present. applied_at falls back to the payment's received_at; negative
-- amounts are reversals. Each carries its invoice's key (not its text id: 68 MiB at 10M invoices), organization,
-- customer (every measure attributes an allocation to the invoice's customer) and due date, the payment's columns
-- the invoice list shows, and whether it was touched (its invoice had a touch strictly before applied_at, full
-- timestamps) and automated (touched, and every touch of the invoice before applied_at was automated). Both come
-- from two bounds per invoice (int_invoice_first_touches), its first touch and its first touch that was not
-- automated, so an allocation is compared with one row instead of joined to every earlier touch. In no order, a
-- table of the build's own file: int_payment_allocations sorts it. The sort inside this query, beside its joins'
-- hash tables, ran out of a 4 GB memory limit at 30M invoices; alone it spills.
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
        invoice_key,
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
        invoices.invoice_key,
        invoices.organization_id,
        invoices.customer_id,
        invoices.due_on,
        allocations.amount,
        allocations.strategy,
        allocations.modified_at,
        payments.organization_id as payment_organization_id,
        payments.customer_id as payment_customer_id,
        payments.amount as payment_amount,
        payments.received_at as payment_received_at,
        payments.currency as payment_currency,
        payments.payment_method,
        payments.status as payment_status,
        payments.reference_number as payment_reference_number,
        payments.modified_at as payment_modified_at,
        coalesce(allocations.applied_at, payments.received_at) as applied_at
    from allocations
    inner join payments on allocations.payment_id = payments.payment_id
    inner join invoices on allocations.invoice_id = invoices.invoice_id
    where payments.status not in ('failed', 'canceled')
),

touch_bounds as (
    select * from {{ ref('int_invoice_first_touches') }}
)

select
    moving.allocation_id,
    moving.payment_id,
    moving.invoice_key,
    moving.organization_id,
    moving.customer_id,
    moving.due_on,
    moving.amount,
    moving.strategy,
    moving.modified_at,
    moving.payment_organization_id,
    moving.payment_customer_id,
    moving.payment_amount,
    moving.payment_received_at,
    moving.payment_currency,
    moving.payment_method,
    moving.payment_status,
    moving.payment_reference_number,
    moving.payment_modified_at,
    moving.applied_at,
    cast(moving.applied_at as date) as applied_on,
    coalesce(touch_bounds.first_touch_at < moving.applied_at, false) as is_touched,
    coalesce(
        touch_bounds.first_touch_at < moving.applied_at
        and not coalesce(touch_bounds.first_manual_touch_at < moving.applied_at, false),
        false
    ) as is_automated
from moving
left join touch_bounds on moving.invoice_key = touch_bounds.invoice_key
