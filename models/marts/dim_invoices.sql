{{ config(materialized='view') }}
-- The invoices the ledger knows (int_invoices: receivable, not drafts, of a customer of their own organization)
-- with their attributes as given (number, total, dates), for BI tools and analysts, and the invoices of
-- invoice_balances_as_of. A view of int_invoice_balances, itself a view of int_invoice_list_base, which stores
-- every invoice once, ordered by organization and issue time (the order the measures read).
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
from {{ ref('int_invoice_balances') }}
