-- Every row of every raw/payment_allocations/*.parquet file, typed and defaulted, before dedupe.
{{ arlake_read_raw('payment_allocations') }}
