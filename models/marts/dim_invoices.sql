{{ config(materialized='table') }}
-- The invoices the ledger knows (int_invoices: receivable, not drafts, of a customer of their own organization)
-- with their attributes as given (number, total, dates), for BI tools and analysts, and the invoices of
-- invoice_balances_as_of: int_invoices is a view of the build's own file. Ordered by customer, so that a lookup of
-- one customer's invoices skips the rest.
select
    invoice_id,
    organization_id,
    customer_id,
    number,
    currency,
    total_amount,
    issued_on,
    due_on,
    voided_on,
    branch_id,
    in_dispute,
    promised_to_pay_date
from {{ ref('int_invoices') }}
order by organization_id, customer_id, invoice_id
