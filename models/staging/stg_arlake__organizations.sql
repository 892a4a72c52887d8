-- organizations has no modified_at: among duplicates the later file, then the later row, wins.
with

deduped as (
    {{ arlake_dedupe(ref('base_arlake__organizations'), 'organization_id', has_modified_at=false) }}
)

select * from deduped
