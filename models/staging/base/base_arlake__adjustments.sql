-- Every row of every raw/adjustments/*.parquet file, typed and defaulted, before dedupe.
{{ arlake_read_raw('adjustments') }}
