{{ config(materialized='query_view') }}
-- The open and overdue invoices of invoice_list at the as-of date D (query-time: SET VARIABLE as_of_date), with its
-- columns: macros/invoice_list.sql with open_only. From the listing's final date on, only the invoices of
-- int_invoice_list_base with final_open can be open or overdue, and they lie together in that table, so the
-- listing's scan skips the row groups of the other invoices; before it, the listing is computed for every invoice
-- issued by D and filtered on status.
{{ arlake_invoice_list(open_only=true) }}
