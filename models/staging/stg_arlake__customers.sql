with

deduped as (
    {{ arlake_dedupe(ref('base_arlake__customers'), 'customer_id') }}
)

select * from deduped
