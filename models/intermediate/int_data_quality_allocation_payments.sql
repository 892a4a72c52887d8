{{ config(materialized='table') }}
-- Data-quality checks of allocations against payments (see int_data_quality_issues and
-- int_data_quality_allocation_invoices).
with

payments as (select * from {{ ref('stg_arlake__payments') }}),

allocations as (select * from {{ ref('stg_arlake__payment_allocations') }}),

kept_payments as (select * from {{ ref('int_payments') }})

select
    'payment_over_allocated' as check_name,
    'payments' as table_name,
    payments.payment_id as record_id,
    'allocations ' || sum(allocations.amount) || ' exceed the payment amount ' || any_value(payments.amount) as detail
from payments
inner join allocations on payments.payment_id = allocations.payment_id
group by payments.payment_id
having sum(allocations.amount) > any_value(payments.amount)

union all
select
    'allocation_unknown_payment' as check_name,
    'payment_allocations' as table_name,
    allocations.allocation_id as record_id,
    'payment ' || coalesce(allocations.payment_id, 'null') || ' is not in payments' as detail
from allocations
{{ arlake_anti_join() }} payments on allocations.payment_id = payments.payment_id

union all
select
    'allocation_of_left_out_payment' as check_name,
    'payment_allocations' as table_name,
    allocations.allocation_id as record_id,
    'payment ' || allocations.payment_id || ' is left out (a required value is null)' as detail
from allocations
{{ arlake_semi_join() }} payments on allocations.payment_id = payments.payment_id
{{ arlake_anti_join() }} kept_payments on allocations.payment_id = kept_payments.payment_id
