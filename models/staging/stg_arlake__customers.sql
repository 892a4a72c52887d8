with

source as (
    select * from {{ ref('base_arlake__customers') }}
),

deduped as (
    {{ arlake_dedupe('source', 'customer_id') }}
)

select * from deduped
