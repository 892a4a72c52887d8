with

source as (
    select * from {{ ref('base_arlake__outreach') }}
),

deduped as (
    {{ arlake_dedupe('source', 'outreach_id') }}
)

-- Ordered by id: the invoice list reads the outreach of a page's invoices by id, which then skips most of the table.
select * from deduped
order by outreach_id
