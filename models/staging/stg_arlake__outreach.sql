with

deduped as (
    {{ arlake_dedupe(ref('base_arlake__outreach'), 'outreach_id') }}
)

select * from deduped
