{{ config(materialized='view') }}
-- The one source of "outstanding as of D": signed events per receivable invoice, by its id and its key (a view: the
-- tables built on it, int_invoice_daily_balances first, hold what the reports read).
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
    {{ arlake_money_events('invoices', 'allocations', 'adjustments') }}
),

uncollectible_invoices as (
    -- a filter of the view, not of the invoices CTE: a reader of the write-offs alone reads these invoices only
    select * from {{ ref('int_invoices') }}
    where uncollectible_on is not null
),

uncollectible_money_events as (
    {{ arlake_money_events('uncollectible_invoices', 'allocations', 'adjustments', subset=true) }}
),

uncollectible as (
    select
        invoices.invoice_id,
        invoices.invoice_key,
        'uncollectible' as event_type,
        invoices.invoice_id as source_id,
        invoices.marked_uncollectible_at as event_at,
        invoices.uncollectible_on as event_on,
        -greatest(coalesce(sum(money_events.amount), 0), 0) as amount
    from uncollectible_invoices as invoices
    left join uncollectible_money_events as money_events
        on
            invoices.invoice_key = money_events.invoice_key
            and invoices.uncollectible_on >= money_events.event_on
    group by all
),

voids as (
    select
        invoice_id,
        invoice_key,
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
    invoice_key,
    event_type,
    source_id,
    event_at,
    event_on,
    cast(amount as decimal(38, 2)) as amount
from events
