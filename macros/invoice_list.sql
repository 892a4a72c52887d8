{#-
  The invoice_list listing at the as-of date (models/marts/invoice_list.sql says what each column is), and with
  open_only its open and overdue invoices (invoice_list_open). From the listing's final date on, only the invoices
  of int_invoice_list_base with final_open can be open or overdue, and the table is ordered so that they lie
  together: the open listing's scan skips the row groups of the others.
-#}
{% macro arlake_invoice_list(open_only=false) -%}
{%- set as_of = as_of_date() %}
{%- set is_final = arlake_invoice_list_is_final(as_of) %}
-- The as-of date is a scalar expression, not a joined row, so that the branch that does not apply folds away.
with

invoices as (
    select * from {{ ref('int_invoice_list_base') }}
),

latest as (
    select
        invoices.*,
        invoices.final_outstanding as outstanding,
        invoices.final_amount_paid as amount_paid,
        invoices.final_last_outreach_at as last_outreach_at,
        invoices.final_last_outreach_channel as last_outreach_channel,
        invoices.final_last_inbound_at as last_inbound_at
    from invoices
    where {{ is_final }}{% if open_only %} and invoices.final_open{% endif %}
),

balances_at as (
    select balances.*
    from {{ ref('int_invoice_daily_balances') }} as balances
    where
        {{ arlake_stretch_holds('balances', as_of, 'balance_on', 'next_balance_on') }}
        and not ({{ is_final }})
),

outreach_at as (
    select outreach.*
    from {{ ref('int_invoice_outreach_stretches') }} as outreach
    where
        {{ arlake_stretch_holds('outreach', as_of, 'valid_from', 'valid_until') }}
        and not ({{ is_final }})
),

earlier as (
    select
        invoices.*,
        balances_at.balance as outstanding,
        balances_at.amount_paid,
        outreach_at.last_outreach_at,
        outreach_at.last_outreach_channel,
        outreach_at.last_inbound_at
    from invoices
    left join balances_at on invoices.invoice_key = balances_at.invoice_key
    left join outreach_at on invoices.invoice_key = outreach_at.invoice_key
    where invoices.issued_on <= {{ as_of }} and not ({{ is_final }})
),

states as (
    select * from latest
    union all
    select * from earlier
),

listed as (
    select
        states.*,
        {{ as_of }} as as_of_date,
        case
            when states.is_draft then states.total_amount
            else greatest(coalesce(states.outstanding, 0), 0)
        end as amount_due,
        case when states.is_draft then 0 else coalesce(states.amount_paid, 0) end as paid,
        case
            when states.is_draft then 'draft'
            when states.voided_on <= {{ as_of }} then 'void'
            when states.uncollectible_on <= {{ as_of }} then 'uncollectible'
            when coalesce(states.outstanding, 0) <= 0 then 'paid'
            when states.due_on < {{ as_of }} then 'overdue'
            else 'open'
        end as invoice_status,
        case
            when not states.is_draft and states.settled_on <= {{ as_of }} then states.settled_on
        end as paid_on
    from states
)

select
    as_of_date,
    invoice_id,
    invoice_key,
    organization_id,
    customer_id,
    number,
    currency,
    type,
    is_draft,
    invoice_status as status,
    source_status,
    issued_at,
    issued_on,
    due_date,
    due_on,
    paid_on,
    in_dispute,
    promised_to_pay_date,
    created_at,
    modified_at,
    last_outreach_at,
    last_outreach_channel,
    last_inbound_at,
    customer_outreach_paused,
    final_position as default_position,
    cast(total_amount as decimal(18, 2)) as total_amount,
    cast(subtotal as decimal(18, 2)) as subtotal,
    cast(total_tax as decimal(18, 2)) as total_tax,
    cast(total_discount as decimal(18, 2)) as total_discount,
    cast(paid as decimal(38, 2)) as amount_paid,
    cast(amount_due as decimal(38, 2)) as amount_due,
    cast(amount_due as decimal(38, 2)) as amount_remaining,
    case when voided_on <= as_of_date then voided_at end as voided_at,
    case when uncollectible_on <= as_of_date then marked_uncollectible_at end as marked_uncollectible_at,
    last_outreach_at is not null as has_outreach
from listed
{%- if open_only %}
where invoice_status in ('open', 'overdue')
{%- endif %}
{%- endmacro %}
