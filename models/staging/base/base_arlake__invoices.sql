-- Every row of every raw/invoices/*.parquet file, typed and defaulted, before dedupe.
{{ arlake_read_raw('invoices') }}
