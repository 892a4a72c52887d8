{{ config(materialized='table') }}
-- The ledger folded per invoice and day: the outstanding and the amount paid (allocations; reversals subtract)
-- at the end of each date on which either changes (and on the issue date), and the next such date. Events dated
-- before the issue date (prepayments) count on it. Every balance at any date is read from here. settled_on, the
-- invoice's first such date with an outstanding <= 0, is on each of its rows (int_invoice_balances keeps it).
-- The day's net change is not stored (no reader; 60 MiB at 10M invoices): it is the difference of two balances.
-- Keyed by the invoice's invoice_key (its place in the order of the ids), not its text id: at 10M invoices the id
-- took 83 MiB of the table's 264, the key takes 6. Ordered by invoice, so that a page of the invoice list at
-- an earlier date reads the rows of its invoices only (the page's keys reach the scan as a filter of the join).
{%- set day_end_sums = [('balance', 'amount'), ('amount_paid', 'paid')] %}
with

invoices as (
    select
        invoice_key,
        issued_on
    from {{ ref('int_invoices') }}
),

ledger as (
    select * from {{ ref('int_invoice_ledger') }}
),

events as (
    -- each event on the date it counts (a prepayment on the issue date)
    select
        ledger.invoice_key,
        ledger.amount,
        greatest(ledger.event_on, invoices.issued_on) as balance_on,
        case when ledger.event_type = 'allocation' then -ledger.amount else 0 end as paid
    from ledger
    inner join invoices on ledger.invoice_key = invoices.invoice_key
),

days as (
    -- The balances at the end of each date (19.82M dates of 19.93M events at 10M invoices: summed where they
    -- stand, macros/arithmetic.sql)
    {{ arlake_day_end_sums('events', 'invoice_key', 'balance_on', day_end_sums, 'next_balance_on') }}
)

select
    invoice_key,
    balance_on,
    next_balance_on,
    cast(balance as decimal(38, 2)) as balance,
    cast(amount_paid as decimal(38, 2)) as amount_paid,
    min(case when balance <= 0 then balance_on end) over (partition by invoice_key) as settled_on
from days
order by invoice_key, balance_on
