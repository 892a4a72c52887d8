{{ config(materialized='query_view') }}
-- Every receivable invoice at the as-of date D (query-time: SET VARIABLE as_of_date): its attributes from
-- int_invoice_balances (the table dim_invoices is a view of, with the invoice's key) and its outstanding from the
-- ledger folded per day (int_invoice_daily_balances), the row whose stretch [balance_on, next_balance_on) holds D.
-- Before its issue date an invoice owes nothing (its events dated earlier, prepayments, count on the issue date, as
-- in every report).
-- exists_at: issued on or before D and not voided on or before D; is_open: exists and outstanding > 0.
with

params as (
    select {{ as_of_date() }} as as_of_date
),

invoices as (
    select * from {{ ref('int_invoice_balances') }}
),

outstanding as (
    select
        balances.invoice_key,
        balances.balance as outstanding
    from {{ ref('int_invoice_daily_balances') }} as balances, params
    where {{ arlake_stretch_holds('balances', 'params.as_of_date', 'balance_on', 'next_balance_on') }}
)

select
    params.as_of_date,
    invoices.invoice_id,
    invoices.organization_id,
    invoices.customer_id,
    invoices.branch_id,
    invoices.issued_on,
    invoices.due_on,
    invoices.voided_on,
    invoices.total_amount,
    cast(coalesce(outstanding.outstanding, 0) as decimal(18, 2)) as outstanding,
    (
        invoices.issued_on <= params.as_of_date
        and (invoices.voided_on is null or invoices.voided_on > params.as_of_date)
    ) as exists_at,
    (
        invoices.issued_on <= params.as_of_date
        and (invoices.voided_on is null or invoices.voided_on > params.as_of_date)
        and coalesce(outstanding.outstanding, 0) > 0
    ) as is_open
from invoices
cross join params
left join outstanding on invoices.invoice_key = outstanding.invoice_key
