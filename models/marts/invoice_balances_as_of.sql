{{ config(materialized='query_view') }}
-- Every receivable invoice at the as-of date D (query-time: SET VARIABLE as_of_date), read from the ledger as
-- one filtered sum: outstanding(i, D) = sum of its events dated on or before D.
-- exists_at: issued on or before D and not voided on or before D; is_open: exists and outstanding > 0.
with

params as (
    select {{ as_of_date() }} as as_of_date
),

invoices as (
    select * from {{ ref('int_invoices') }}
),

ledger as (
    select * from {{ ref('int_invoice_ledger') }}
),

outstanding as (
    select
        ledger.invoice_id,
        sum(ledger.amount) as outstanding
    from ledger, params
    where ledger.event_on <= params.as_of_date
    group by ledger.invoice_id
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
left join outstanding on invoices.invoice_id = outstanding.invoice_id
