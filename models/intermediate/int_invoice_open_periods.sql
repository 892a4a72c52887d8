{{ config(materialized='table', contract={'enforced': target.type != 'spark'}) }}
-- When each invoice is open, and for how much: one row per stretch of days [open_from, open_until) over which
-- the invoice exists and its outstanding is a constant amount > 0. Open at D <=> open_from <= D < open_until
-- (open_until null: still open). Voiding ends the last stretch; drafts never appear (see int_invoices).
-- Every point-in-time measure (aging, AR, the collections balances, the forecast) is a range filter here; the
-- invoice attributes those measures need (dates, first touch, dispute, promise) travel with each stretch, and its
-- number, so that the drill-down to a cell's invoices needs no lookup among all invoices.
-- Ordered by organization, then the stretches still open (open_until null) before the closed ones, then customer:
-- at a date after the last balance change (the usual as-of, today) only the still-open stretches can hold it, and
-- they fill a few row groups of their own that the scan reads alone; reading one customer's stretches reads two
-- short ranges and skips the rest.
with

invoices as (
    -- the invoices the ledger knows, each with its first touch (one table read, no join to the invoices by id)
    select * from {{ ref('int_invoice_balances') }}
),

daily as (
    select * from {{ ref('int_invoice_daily_balances') }}
)

select
    invoices.invoice_id,
    invoices.number,
    invoices.organization_id,
    invoices.customer_id,
    invoices.branch_id,
    invoices.issued_on,
    invoices.due_on,
    invoices.total_amount,
    invoices.in_dispute,
    invoices.promised_to_pay_date,
    invoices.first_touch_on,
    daily.balance as outstanding,
    daily.balance_on as open_from,
    case
        when invoices.voided_on is not null and (daily.next_balance_on is null or invoices.voided_on < daily.next_balance_on)
            then invoices.voided_on
        else daily.next_balance_on
    end as open_until
from daily
inner join invoices on daily.invoice_key = invoices.invoice_key
where
    daily.balance > 0
    and (invoices.voided_on is null or daily.balance_on < invoices.voided_on)
order by invoices.organization_id, open_until is not null, invoices.customer_id, daily.balance_on
