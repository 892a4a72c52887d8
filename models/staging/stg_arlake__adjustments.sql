with

source as (
    select * from {{ ref('base_arlake__adjustments') }}
),

deduped as (
    {{ arlake_dedupe('source', 'adjustment_id') }}
)

select * from deduped
