-- organizations has no modified_at: among duplicates the later file, then the later row, wins.
with

source as (
    select * from {{ ref('base_arlake__organizations') }}
),

deduped as (
    {{ arlake_dedupe('source', 'organization_id', has_modified_at=false) }}
)

select * from deduped
