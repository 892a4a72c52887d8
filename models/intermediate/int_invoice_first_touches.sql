{{ config(materialized='view') }}
-- The date of each invoice's first touch (int_invoice_touches): an invoice is touched by T when this date is <= T.
select
    invoice_id,
    min(occurred_on) as first_touch_on
from {{ ref('int_invoice_touches') }}
group by invoice_id
