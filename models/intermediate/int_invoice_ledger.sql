{{ config(materialized='view') }}
-- The one source of "outstanding as of D": signed events per receivable invoice (a view: the tables built on it,
-- int_invoice_daily_balances first, hold what the reports read).
--   outstanding(i, D) = sum(amount) over the invoice's events with event_on <= D
-- issue (+total), allocation (-amount; a reversal is negative so it adds back), credit_note / write_off
-- (-amount), uncollectible (-what is outstanding at the end of that day, never negative), void (0: voiding
-- changes whether an invoice exists, not its balance).
with

invoices as (
    select * from {{ ref('int_invoices') }}
),

allocations as (
    select * from {{ ref('int_payment_allocations') }}
),

adjustments as (
    select * from {{ ref('int_adjustments') }}
),

money_events as (
    select
        invoice_id,
        'issue' as event_type,
        invoice_id as source_id,
        issued_at as event_at,
        issued_on as event_on,
        total_amount as amount
    from invoices

    union all

    select
        invoices.invoice_id,
        'allocation' as event_type,
        allocations.allocation_id as source_id,
        allocations.applied_at as event_at,
        allocations.applied_on as event_on,
        -allocations.amount as amount
    from allocations
    inner join invoices on allocations.invoice_key = invoices.invoice_key

    union all

    select
        invoice_id,
        kind as event_type,
        adjustment_id as source_id,
        applied_at as event_at,
        applied_on as event_on,
        -amount as amount
    from adjustments
),

uncollectible as (
    select
        invoices.invoice_id,
        'uncollectible' as event_type,
        invoices.invoice_id as source_id,
        invoices.marked_uncollectible_at as event_at,
        invoices.uncollectible_on as event_on,
        -greatest(coalesce(sum(money_events.amount), 0), 0) as amount
    from invoices
    left join money_events
        on
            invoices.invoice_id = money_events.invoice_id
            and invoices.uncollectible_on >= money_events.event_on
    where invoices.uncollectible_on is not null
    group by all
),

voids as (
    select
        invoice_id,
        'void' as event_type,
        invoice_id as source_id,
        voided_at as event_at,
        voided_on as event_on,
        cast(0 as decimal(18, 2)) as amount
    from invoices
    where voided_on is not null
),

events as (
    select * from money_events
    union all
    select * from uncollectible
    union all
    select * from voids
)

select
    invoice_id,
    event_type,
    source_id,
    event_at,
    event_on,
    cast(amount as decimal(38, 2)) as amount
from events
