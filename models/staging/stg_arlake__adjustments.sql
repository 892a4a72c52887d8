with

deduped as (
    {{ arlake_dedupe(ref('base_arlake__adjustments'), 'adjustment_id') }}
)

select * from deduped
