with

source as (
    select * from {{ ref('base_arlake__outreach') }}
),

deduped as (
    {{ arlake_dedupe('source', 'outreach_id') }}
)

select * from deduped
