{{ config(materialized='table') }}
-- The ledger folded per invoice and day: the outstanding at the end of each date on which it changes (and on
-- the issue date), and the next such date. Events dated before the issue date (prepayments) count on it.
with

invoices as (
    select
        invoice_id,
        issued_on
    from {{ ref('int_invoices') }}
),

ledger as (
    select * from {{ ref('int_invoice_ledger') }}
),

daily as (
    select
        ledger.invoice_id,
        greatest(ledger.event_on, invoices.issued_on) as balance_on,
        sum(ledger.amount) as net_change
    from ledger
    inner join invoices on ledger.invoice_id = invoices.invoice_id
    group by all
)

select
    invoice_id,
    balance_on,
    net_change,
    cast(sum(net_change) over (
        partition by invoice_id order by balance_on
        rows between unbounded preceding and current row
    ) as decimal(18, 2)) as balance,
    lead(balance_on) over (partition by invoice_id order by balance_on) as next_balance_on
from daily
