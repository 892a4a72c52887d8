-- Credit notes and write-offs of receivable invoices; other kinds, and adjustments with a null amount or
-- applied_at, are left out and counted by the data-quality checks. With the invoice's key, which the tables per
-- invoice are keyed by.
with

adjustments as (
    select * from {{ ref('stg_arlake__adjustments') }}
),

invoices as (
    select
        invoice_id,
        invoice_key
    from {{ ref('int_invoices') }}
)

select
    adjustments.adjustment_id,
    adjustments.invoice_id,
    invoices.invoice_key,
    adjustments.kind,
    adjustments.amount,
    adjustments.applied_at,
    cast(adjustments.applied_at as date) as applied_on
from adjustments
inner join invoices on adjustments.invoice_id = invoices.invoice_id
where
    adjustments.kind in ('credit_note', 'write_off')
    and {{ arlake_required_present('adjustments', 'adjustments') }}
