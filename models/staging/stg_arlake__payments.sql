with

source as (
    select * from {{ ref('base_arlake__payments') }}
),

deduped as (
    {{ arlake_dedupe('source', 'payment_id') }}
)

select * from deduped
