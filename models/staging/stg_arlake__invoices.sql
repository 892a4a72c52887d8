with

source as (
    select * from {{ ref('base_arlake__invoices') }}
),

deduped as (
    {{ arlake_dedupe('source', 'invoice_id') }}
)

-- invoice_key: arlake's integer key of the invoice, its place among the invoice ids in order (1 the first). The
-- tables reports look a page's invoices up in carry it and, on DuckDB, are indexed on it: an index on integers
-- numbered in order takes a few bytes per row, where one on the id text takes about 36.
select
    deduped.*,
    cast(row_number() over (order by deduped.invoice_id) as bigint) as invoice_key
from deduped
