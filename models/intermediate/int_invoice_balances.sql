{{ config(materialized='view') }}
-- Per invoice the ledger knows (int_invoices: receivable, not drafts, of a customer of their own organization), over
-- all time: its dates, the final outstanding and amount paid (the last row of int_invoice_daily_balances),
-- settled_on (the first date, the issue date or a date the balance changes, with an outstanding <= 0), what was
-- credited and written off (adjustments, and the uncollectible write-off of the ledger), and the date of its first
-- touch, with the invoice's attributes as given (number, currency, branch, dispute, promise). Measures over issued,
-- settled or touched invoices read it, and dim_invoices is a view of it. A view of int_invoice_list_base, which
-- computes these per invoice and stores every invoice once, ordered by organization and issue time (within its runs
-- of open and not open invoices), so that the measures' date filters skip the rest; its drafts, which the ledger
-- does not know, have no final outstanding.
select
    invoice_id,
    invoice_key,
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
    promised_to_pay_date,
    final_outstanding as outstanding,
    settled_on,
    first_touch_on,
    final_amount_paid as amount_allocated,
    amount_credited,
    amount_written_off
from {{ ref('int_invoice_list_base') }}
where final_outstanding is not null
