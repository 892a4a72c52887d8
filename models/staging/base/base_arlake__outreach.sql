-- Every row of every raw/outreach/*.parquet file, typed and defaulted, before dedupe.
{{ arlake_read_raw('outreach') }}
