with

source as (
    select * from {{ ref('base_arlake__payments') }}
),

deduped as (
    {{ arlake_dedupe('source', 'payment_id') }}
)

-- Ordered by id: the invoice list reads the payments of a page's invoices by id, which then skips most of the table.
select * from deduped
order by payment_id
