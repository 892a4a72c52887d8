{{ config(materialized='table') }}
-- The data-quality checks that read one table, or join a small one (customers, organizations) or a small table to a
-- large one (adjustments to invoices); see int_data_quality_issues.
with

base_null_ids as (
    {%- set keyed = {
        'organizations': 'organization_id', 'customers': 'customer_id', 'invoices': 'invoice_id',
        'payments': 'payment_id', 'payment_allocations': 'allocation_id', 'adjustments': 'adjustment_id',
        'outreach': 'outreach_id'} %}
    {%- for table, key in keyed.items() %}
    select
        'null_id' as check_name,
        '{{ table }}' as table_name,
        cast(null as string) as record_id,
        'row ' || _source_row || ' of ' || _source_file || ' has a null {{ key }}' as detail
    from {{ ref('base_arlake__' ~ table) }}
    where {{ key }} is null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

invoices as (select * from {{ ref('stg_arlake__invoices') }}),

known_customers as (select * from {{ ref('int_customers') }}),

customers as (select * from {{ ref('stg_arlake__customers') }}),

payments as (select * from {{ ref('stg_arlake__payments') }}),

adjustments as (select * from {{ ref('stg_arlake__adjustments') }}),

outreach as (select * from {{ ref('stg_arlake__outreach') }}),

organizations as (select * from {{ ref('int_organizations') }}),

ar_invoices as (select * from {{ ref('int_invoices') }}),

valid_allocations as (select * from {{ ref('int_payment_allocations') }}),

balances as (select * from {{ ref('int_invoice_balances') }}),

raw_warnings as (select * from {{ ref('stg_arlake__raw_warnings') }}),

money_rounding as (select * from {{ ref('stg_arlake__money_rounding') }}),

{%- set keys = {
    'customers': 'customer_id', 'invoices': 'invoice_id', 'payments': 'payment_id',
    'payment_allocations': 'allocation_id', 'adjustments': 'adjustment_id', 'outreach': 'outreach_id'} %}

null_required_values as (
    {%- for table, columns in arlake_required_values().items() %}
    select
        'null_required_value' as check_name,
        '{{ table }}' as table_name,
        rows_.{{ keys[table] }} as record_id,
        'null '
        || concat_ws(
            ', '
            {%- for column in columns %},
            case when rows_.{{ column }} is null then '{{ column }}' end
            {%- endfor %}
        )
        || ' (required); the row is left out of every report' as detail
    from {{ ref('stg_arlake__' ~ table) }} as rows_
    where not ({{ arlake_required_present(table, 'rows_') }})
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from base_null_ids

union all
select * from null_required_values

union all
select
    'invoice_unknown_customer' as check_name,
    'invoices' as table_name,
    invoices.invoice_id as record_id,
    case
        when customers.customer_id is null
            then 'customer ' || coalesce(invoices.customer_id, 'null') || ' is not in customers'
        else 'customer ' || invoices.customer_id || ' has no organization'
    end as detail
from invoices
left join customers on invoices.customer_id = customers.customer_id
{{ arlake_anti_join() }} known_customers on invoices.customer_id = known_customers.customer_id

union all
select
    'invoice_unknown_type' as check_name,
    'invoices' as table_name,
    invoice_id as record_id,
    'type ' || coalesce(type, 'null') || ' is neither receivable nor payable' as detail
from invoices
where type not in ('receivable', 'payable')

union all
select
    'invoice_negative_total' as check_name,
    'invoices' as table_name,
    invoice_id as record_id,
    'total_amount ' || total_amount || ' is negative' as detail
from ar_invoices
where total_amount < 0

union all
select
    'invoice_currency_mismatch' as check_name,
    'invoices' as table_name,
    ar_invoices.invoice_id as record_id,
    'currency ' || ar_invoices.currency || {{ arlake_sql_string(" differs from the organization's base currency ") }}
    || organizations.base_currency || '; summed as given' as detail
from ar_invoices
inner join organizations on ar_invoices.organization_id = organizations.organization_id
where ar_invoices.currency is not null and ar_invoices.currency <> organizations.base_currency

union all
select
    'invoice_customer_other_organization' as check_name,
    'invoices' as table_name,
    invoices.invoice_id as record_id,
    'customer ' || invoices.customer_id || ' belongs to organization ' || customers.organization_id
    || '; the invoice is left out of every report' as detail
from invoices
inner join known_customers as customers on invoices.customer_id = customers.customer_id
where invoices.organization_id <> customers.organization_id

union all
select
    'invoice_overpaid' as check_name,
    'invoices' as table_name,
    invoice_id as record_id,
    'outstanding ' || outstanding || ' is below zero; the invoice counts as 0 in every balance' as detail
from balances
where outstanding < 0

union all
select
    'allocation_exceeds_invoice' as check_name,
    'payment_allocations' as table_name,
    balances.invoice_id as record_id,
    'allocations ' || balances.amount_allocated || ' exceed the invoice total ' || balances.total_amount as detail
from balances
where balances.amount_allocated > 0 and balances.amount_allocated > balances.total_amount

union all
select
    'payment_unknown_customer' as check_name,
    'payments' as table_name,
    payments.payment_id as record_id,
    'customer ' || coalesce(payments.customer_id, 'null') || ' is not in customers' as detail
from payments
{{ arlake_anti_join() }} customers on payments.customer_id = customers.customer_id

union all
select
    'allocation_customer_mismatch' as check_name,
    'payment_allocations' as table_name,
    valid_allocations.allocation_id as record_id,
    'payment of customer ' || valid_allocations.payment_customer_id || ' applied to an invoice of customer '
    || valid_allocations.customer_id as detail
from valid_allocations
where valid_allocations.payment_customer_id <> valid_allocations.customer_id

union all
select
    'adjustment_unknown_kind' as check_name,
    'adjustments' as table_name,
    adjustment_id as record_id,
    'kind ' || coalesce(kind, 'null') || ' is neither credit_note nor write_off' as detail
from adjustments
where kind not in ('credit_note', 'write_off') or kind is null

union all
select
    'adjustment_unknown_invoice' as check_name,
    'adjustments' as table_name,
    adjustments.adjustment_id as record_id,
    'invoice ' || coalesce(adjustments.invoice_id, 'null') || ' is not in invoices' as detail
from adjustments
{{ arlake_anti_join() }} invoices on adjustments.invoice_id = invoices.invoice_id

union all
select
    'adjustment_to_non_receivable_invoice' as check_name,
    'adjustments' as table_name,
    adjustments.adjustment_id as record_id,
    'invoice ' || adjustments.invoice_id || ' is a draft, a payable or left out' as detail
from adjustments
{{ arlake_semi_join() }} invoices on adjustments.invoice_id = invoices.invoice_id
{{ arlake_anti_join() }} ar_invoices on adjustments.invoice_id = ar_invoices.invoice_id

union all
select
    'outreach_unknown_customer' as check_name,
    'outreach' as table_name,
    outreach.outreach_id as record_id,
    'customer ' || coalesce(outreach.customer_id, 'null') || ' is not in customers' as detail
from outreach
{{ arlake_anti_join() }} customers on outreach.customer_id = customers.customer_id

union all
select
    check_name,
    table_name,
    cast(null as string) as record_id,
    detail
from raw_warnings

union all
select
    'money_rounded' as check_name,
    table_name,
    record_id,
    'row ' || source_row || ' of ' || source_file || ': ' || column_name || ' ' || given
    || ' rounded half-up to ' || rounded
    || ' (difference ' || regexp_replace(cast(difference as string), '\.?0+$', '')
    || '; all rounded money of ' || table_name || ' together: '
    || regexp_replace(cast(sum(difference) over (partition by table_name) as string), '\.?0+$', '')
    || ')' as detail
from money_rounding
{%- for (table, column), words in arlake_known_words().items() %}
{%- set key = {'invoices': 'invoice_id', 'payments': 'payment_id', 'outreach': 'outreach_id'}[table] %}

{%- set check = {"invoices": "invoice", "payments": "payment", "outreach": "outreach"}[table] ~ '_unknown_' ~ column %}

union all
select
    '{{ check }}' as check_name,
    '{{ table }}' as table_name,
    {{ key }} as record_id,
    '{{ column }} ' || coalesce({{ column }}, 'null') || ' is no known {{ column }} word; kept as given' as detail
from {{ table }}
where
    {{ column }} not in (
        {%- for word in words %}
        '{{ word }}'{{ ',' if not loop.last }}
        {%- endfor %}
    ){% if column == 'channel' %} or {{ column }} is null{% endif %}
{%- endfor %}
