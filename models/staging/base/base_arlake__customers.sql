-- Every row of every raw/customers/*.parquet file, typed and defaulted, before dedupe.
{{ arlake_read_raw('customers') }}
