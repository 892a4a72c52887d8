-- The as-of independent part of the invoice_list mart: every receivable invoice of a known customer, drafts
-- included, with its dates, the customer's outreach flag and the settlement date (int_invoice_balances).
with

invoices as (
    select * from {{ ref('stg_arlake__invoices') }}
    where type = 'receivable'
),

customers as (
    select
        customer_id,
        outreach_paused
    from {{ ref('stg_arlake__customers') }}
),

settled as (
    select
        invoice_id,
        settled_on
    from {{ ref('int_invoice_balances') }}
)

select
    invoices.invoice_id,
    invoices.organization_id,
    invoices.customer_id,
    invoices.number,
    invoices.currency,
    invoices.type,
    invoices.status as source_status,
    invoices.total_amount,
    invoices.subtotal,
    invoices.total_tax,
    invoices.total_discount,
    invoices.issued_at,
    invoices.due_date,
    invoices.voided_at,
    invoices.marked_uncollectible_at,
    invoices.in_dispute,
    invoices.promised_to_pay_date,
    invoices.created_at,
    invoices.modified_at,
    customers.outreach_paused as customer_outreach_paused,
    settled.settled_on,
    cast(invoices.issued_at as date) as issued_on,
    cast(invoices.voided_at as date) as voided_on,
    cast(invoices.marked_uncollectible_at as date) as uncollectible_on,
    coalesce(invoices.status = 'draft', false) as is_draft,
    coalesce(cast(invoices.due_date as date), cast(invoices.issued_at as date)) as due_on
from invoices
inner join customers on invoices.customer_id = customers.customer_id
left join settled on invoices.invoice_id = settled.invoice_id
order by invoices.invoice_id
