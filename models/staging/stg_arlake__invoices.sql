with

source as (
    select * from {{ ref('base_arlake__invoices') }}
),

deduped as (
    {{ arlake_dedupe('source', 'invoice_id') }}
)

select * from deduped
