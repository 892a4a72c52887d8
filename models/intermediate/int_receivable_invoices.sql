{{ config(materialized='view') }}
-- Every receivable invoice the reports may show, drafts included (the invoice list can ask for them): type
-- receivable, of a customer of int_customers that belongs to the invoice's own organization, with its required
-- values (total_amount, issued_at) present. An invoice that fails one of these is left out of every report and
-- counted by the data-quality checks. The invoice dates are derived here, once: UTC dates, and due_on falls back
-- to the issued date.
with

invoices as (
    select * from {{ ref('stg_arlake__invoices') }}
),

customers as (
    select
        customer_id,
        organization_id
    from {{ ref('int_customers') }}
)

select
    invoices.invoice_id,
    invoices.invoice_key,
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
    invoices.type,
    cast(invoices.issued_at as date) as issued_on,
    cast(invoices.voided_at as date) as voided_on,
    cast(invoices.marked_uncollectible_at as date) as uncollectible_on,
    coalesce(invoices.status = 'draft', false) as is_draft,
    coalesce(cast(invoices.due_date as date), cast(invoices.issued_at as date)) as due_on
from invoices
inner join customers
    on
        invoices.customer_id = customers.customer_id
        and invoices.organization_id = customers.organization_id
where
    invoices.type = 'receivable'
    and {{ arlake_required_present('invoices', 'invoices') }}
