with

source as (
    select * from {{ ref('base_arlake__payment_allocations') }}
),

deduped as (
    {{ arlake_dedupe('source', 'allocation_id') }}
)

select * from deduped
