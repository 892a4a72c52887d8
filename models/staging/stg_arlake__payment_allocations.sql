with

deduped as (
    {{ arlake_dedupe(ref('base_arlake__payment_allocations'), 'allocation_id') }}
)

select * from deduped
