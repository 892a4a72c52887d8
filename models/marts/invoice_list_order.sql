{{ config(materialized='view') }}
-- The order of the invoices report's default listing: each organization's non-draft invoices by issued_at
-- descending, then id descending (int_invoice_list_base.final_position, stored at build time; the last place is
-- their number). At any as-of date D the default listing is the places from the smallest one issued on or before
-- D to the last.
select
    organization_id,
    invoice_id,
    invoice_key,
    issued_on,
    final_position as default_position
from {{ ref('int_invoice_list_base') }}
where not is_draft
