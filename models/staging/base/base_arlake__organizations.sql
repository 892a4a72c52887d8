-- Every row of every raw/organizations/*.parquet file, typed and defaulted, before dedupe.
{{ arlake_read_raw('organizations') }}
