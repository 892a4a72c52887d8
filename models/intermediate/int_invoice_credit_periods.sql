{{ config(materialized='table') }}
-- When each invoice holds a credit, and how much: one row per stretch of days [credit_from, credit_until) over
-- which the invoice exists and its outstanding is a constant amount < 0 (overpaid or over-credited); credit is
-- minus that outstanding. The mirror of int_invoice_open_periods: credit at D <=> credit_from <= D < credit_until
-- (null: still in credit); voiding ends the last stretch, drafts never appear. Ordered by customer.
with

invoices as (
    select
        invoice_id,
        invoice_key,
        organization_id,
        customer_id,
        voided_on
    from {{ ref('int_invoices') }}
),

daily as (
    select * from {{ ref('int_invoice_daily_balances') }}
    where balance < 0
)

select
    invoices.invoice_id,
    invoices.organization_id,
    invoices.customer_id,
    cast(-daily.balance as decimal(38, 2)) as credit,
    daily.balance_on as credit_from,
    case
        when invoices.voided_on is not null and (daily.next_balance_on is null or invoices.voided_on < daily.next_balance_on)
            then invoices.voided_on
        else daily.next_balance_on
    end as credit_until
from daily
inner join invoices on daily.invoice_key = invoices.invoice_key
where invoices.voided_on is null or daily.balance_on < invoices.voided_on
order by invoices.organization_id, invoices.customer_id, daily.balance_on
