-- The staged invoices (stg_arlake__invoices_deduped) with invoice_key: arlake's integer key of the invoice, its
-- place among the invoice ids in order (1 the first). The tables reports look a page's invoices up in carry it and,
-- on DuckDB, are indexed on it: an index on integers numbered in order takes a few bytes per row, where one on the
-- id text takes about 36.
{{ arlake_number_in_order(ref('stg_arlake__invoices_deduped'), 'invoice_id', 'invoice_key') }}
