-- Every row of every raw/outreach_invoices/*.parquet file, typed and defaulted, before dedupe.
{{ arlake_read_raw('outreach_invoices') }}
