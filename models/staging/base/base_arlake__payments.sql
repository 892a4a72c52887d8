-- Every row of every raw/payments/*.parquet file, typed and defaulted, before dedupe.
{{ arlake_read_raw('payments') }}
