{{ config(materialized='table') }}
-- The ledger folded per invoice and day: the outstanding and the amount paid (allocations; reversals subtract)
-- at the end of each date on which either changes (and on the issue date), and the next such date. Events dated
-- before the issue date (prepayments) count on it. Every balance at any date is read from here. settled_on, the
-- invoice's first such date with an outstanding <= 0, is on each of its rows (int_invoice_balances keeps it).
-- The day's net change is not stored (no reader; 60 MiB at 10M invoices): it is the difference of two balances.
-- Keyed by the invoice's invoice_key (its place in the order of the ids), not its text id: at 10M invoices the id
-- took 83 MiB of the table's 264, the key takes 6. Ordered by invoice, so that a page of the invoice list at
-- an earlier date reads the rows of its invoices only (the page's keys reach the scan as a filter of the join).
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

daily as (
    select
        invoices.invoice_key,
        greatest(ledger.event_on, invoices.issued_on) as balance_on,
        sum(ledger.amount) as net_change,
        -coalesce(sum(ledger.amount) filter (where ledger.event_type = 'allocation'), 0) as net_paid
    from ledger
    inner join invoices on ledger.invoice_key = invoices.invoice_key
    group by invoices.invoice_key, greatest(ledger.event_on, invoices.issued_on)
),

running as (
    select
        invoice_key,
        balance_on,
        net_change,
        sum(net_change) over through_day as balance,
        sum(net_paid) over through_day as amount_paid,
        lead(balance_on) over (partition by invoice_key order by balance_on) as next_balance_on
    from daily
    window through_day as (
        partition by invoice_key order by balance_on rows between unbounded preceding and current row
    )
)

select
    invoice_key,
    balance_on,
    next_balance_on,
    cast(balance as decimal(38, 2)) as balance,
    cast(amount_paid as decimal(38, 2)) as amount_paid,
    min(case when balance <= 0 then balance_on end) over (partition by invoice_key) as settled_on
from running
order by invoice_key, balance_on
