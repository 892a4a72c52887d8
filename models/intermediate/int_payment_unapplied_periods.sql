{{ config(materialized='table') }}
-- When each payment holds unapplied cash, and how much: one row per stretch of days [unapplied_from,
-- unapplied_until) over which a payment that counts (int_payments, neither failed nor canceled, from its received
-- date on) has a constant unapplied amount > 0. unapplied = amount - applied, floored at 0, where applied is the sum
-- of the payment's allocations (int_payment_allocations: to receivable, non-draft invoices, voided ones included;
-- dated by applied_at, else received_at) applied on or before the day; a reversal (negative allocation) lowers
-- applied, so a charged-back payment holds unapplied cash again. Allocations dated before the payment was received
-- count from its received date. Unapplied at D <=> unapplied_from <= D < unapplied_until (null: still unapplied).
-- The payment belongs to its own customer (payments.customer_id). Ordered by customer, so that reading one
-- customer's stretches skips the rest.
{%- set day_end_sums = [('applied', 'applied_change')] %}
with

payments as (
    select
        payment_id,
        organization_id,
        customer_id,
        amount,
        received_on
    from {{ ref('int_payments') }}
    where status not in ('failed', 'canceled')
),

changes as (
    -- the received date (nothing applied yet) and every date an allocation of the payment applies
    select
        payment_id,
        received_on as changed_on,
        cast(0 as decimal(38, 2)) as applied_change
    from payments
    union all
    -- (every allocation of int_payment_allocations is of a payment that counts, and carries its received_at)
    select
        payment_id,
        greatest(applied_on, cast(payment_received_at as date)) as changed_on,
        amount as applied_change
    from {{ ref('int_payment_allocations') }}
),

days as (
    -- the applied amount at the end of each date with a change, and the payment's next such date (most payments
    -- and dates have one change: summed where they stand, macros/arithmetic.sql)
    {{ arlake_day_end_sums('changes', 'payment_id', 'changed_on', day_end_sums, 'next_changed_on') }}
)

select
    payments.payment_id,
    payments.organization_id,
    payments.customer_id,
    payments.amount,
    payments.received_on,
    cast(days.applied as decimal(38, 2)) as applied,
    cast(payments.amount - days.applied as decimal(38, 2)) as unapplied,
    days.changed_on as unapplied_from,
    days.next_changed_on as unapplied_until
from days
inner join payments on days.payment_id = payments.payment_id
where payments.amount - days.applied > 0
order by payments.organization_id, payments.customer_id, days.changed_on
