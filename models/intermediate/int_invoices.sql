-- The receivable invoices every AR measure reads: type receivable, not draft, of a known customer.
-- Dates are UTC dates; due_on falls back to the issued date.
with

invoices as (
    select * from {{ ref('stg_arlake__invoices') }}
),

customers as (
    select customer_id from {{ ref('stg_arlake__customers') }}
)

select
    invoices.invoice_id,
    invoices.organization_id,
    invoices.customer_id,
    invoices.number,
    invoices.currency,
    invoices.total_amount,
    invoices.subtotal,
    invoices.total_tax,
    invoices.total_discount,
    invoices.status as source_status,
    invoices.in_dispute,
    invoices.promised_to_pay_date,
    invoices.branch_id,
    invoices.issued_at,
    invoices.due_date,
    invoices.voided_at,
    invoices.marked_uncollectible_at,
    invoices.created_at,
    invoices.modified_at,
    cast(invoices.issued_at as date) as issued_on,
    cast(invoices.voided_at as date) as voided_on,
    cast(invoices.marked_uncollectible_at as date) as uncollectible_on,
    coalesce(cast(invoices.due_date as date), cast(invoices.issued_at as date)) as due_on
from invoices
inner join customers on invoices.customer_id = customers.customer_id
where
    invoices.type = 'receivable'
    and invoices.status is distinct from 'draft'
