{#
  The raw-layer reader. Every Parquet file of <data root>/raw/<table>/ is read on its own and its columns are
  converted to the types declared in models/staging/_arlake__sources.yml (column meta `kind`), so files of one
  table may differ in type (DATE vs TIMESTAMP vs TIMESTAMPTZ: each converted to UTC on its own). A missing
  required column, a column of an incompatible type or a missing required table stops the build with a message
  that names the file, the table and the column. Rows keep their file and row number for the dedupe rule.
#}

{% macro arlake_data_root() -%}
  {{ return(env_var('ARLAKE_DATA', 'data').rstrip('/')) }}
{%- endmacro %}

{% macro arlake_sql_string(value) -%}
  '{{ value | replace("'", "''") }}'
{%- endmacro %}

{% macro arlake_raw_error(message) -%}
  {{ exceptions.raise_compiler_error('arlake raw data error: ' ~ message) }}
{%- endmacro %}

{#- The SQL expression converting column `col` of DuckDB type `src_type` to the column's kind, or none when the
    type is not accepted. -#}
{% macro arlake_convert_expression(col, kind, src_type) -%}
  {%- set t = src_type | upper -%}
  {%- set q = adapter.quote(col) -%}
  {%- set is_int = t in ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT'] -%}
  {%- set is_ts = t.startswith('TIMESTAMP') and 'TIME ZONE' not in t -%}
  {%- set is_tstz = t == 'TIMESTAMP WITH TIME ZONE' -%}
  {%- if t == 'NULL' or t == '"NULL"' -%}
    {%- set expr = 'null' -%}
  {%- elif kind in ['id', 'text'] -%}
    {%- set expr = (q if t == 'VARCHAR' else ('cast(' ~ q ~ ' as varchar)' if is_int else none)) -%}
  {%- elif kind == 'money' -%}
    {%- set expr = ('cast(' ~ q ~ ' as decimal(18, 2))' if (is_int or t.startswith('DECIMAL')) else none) -%}
  {%- elif kind == 'timestamp' -%}
    {%- if is_ts or t == 'DATE' -%}{%- set expr = 'cast(' ~ q ~ ' as timestamp)' -%}
    {%- elif is_tstz -%}{%- set expr = "timezone('UTC', " ~ q ~ ")" -%}
    {%- else -%}{%- set expr = none -%}{%- endif -%}
  {%- elif kind == 'date' -%}
    {%- if is_ts or t == 'DATE' -%}{%- set expr = 'cast(' ~ q ~ ' as date)' -%}
    {%- elif is_tstz -%}{%- set expr = "cast(timezone('UTC', " ~ q ~ ") as date)" -%}
    {%- else -%}{%- set expr = none -%}{%- endif -%}
  {%- elif kind == 'boolean' -%}
    {%- set expr = (q if t == 'BOOLEAN' else none) -%}
  {%- else -%}
    {%- set expr = none -%}
  {%- endif -%}
  {{ return(expr) }}
{%- endmacro %}

{% macro arlake_accepted_types(kind) -%}
  {%- set accepted = {
      'id': 'VARCHAR or an integer type',
      'text': 'VARCHAR or an integer type',
      'money': 'DECIMAL or an integer type in major units (floating point is not exact money)',
      'timestamp': 'TIMESTAMP, TIMESTAMP WITH TIME ZONE or DATE',
      'date': 'DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE',
      'boolean': 'BOOLEAN'} -%}
  {{ return(accepted[kind]) }}
{%- endmacro %}

{#- One SELECT over all files of a raw table, typed, with defaults applied and `_source_file`/`_source_row`. -#}
{% macro arlake_read_raw(table_name) -%}
  {%- set src = source('raw', table_name) -%}
  {%- set node = graph.sources.get('source.arlake.raw.' ~ table_name) if execute else none -%}
  {%- if not execute or node is none -%}
    select 1 as _placeholder
  {%- else -%}
    {%- set columns = node.columns.values() | list -%}
    {%- set folder = arlake_data_root() ~ '/raw/' ~ table_name -%}
    {%- set files = run_query("select file from glob(" ~ arlake_sql_string(folder ~ '/*.parquet') ~ ") order by file").columns[0].values() | list -%}
    {%- if files | length == 0 -%}
      {%- if node.meta.get('required_table') -%}
        {{ arlake_raw_error("required table '" ~ table_name ~ "' has no Parquet files: expected " ~ folder ~ "/*.parquet") }}
      {%- endif -%}
      select
      {%- for c in columns %}
        cast({{ c.meta.get('default') or 'null' }} as {{ c.data_type }}) as {{ adapter.quote(c.name) }},
      {%- endfor %}
        cast(null as varchar) as _source_file,
        cast(null as bigint) as _source_row
      where false
    {%- else -%}
      {%- set file_list = [] -%}
      {%- for f in files -%}{%- do file_list.append(arlake_sql_string(f)) -%}{%- endfor -%}
      {%- set schema_rows = run_query("select file_name, name, duckdb_type from parquet_schema([" ~ file_list | join(', ') ~ "]) where duckdb_type is not null") -%}
      {%- set types = {} -%}
      {%- for r in schema_rows.rows -%}
        {%- do types.setdefault(r[0], {}).update({r[1]: r[2]}) -%}
      {%- endfor -%}
      {%- for f in files %}
      {%- set file_types = types.get(f, {}) %}
      select
        {%- for c in columns %}
        {%- set kind = c.meta.get('kind') %}
        {%- if c.name in file_types %}
          {%- set expr = arlake_convert_expression(c.name, kind, file_types[c.name]) %}
          {%- if expr is none %}
            {{ arlake_raw_error("file " ~ f ~ ": table '" ~ table_name ~ "', column '" ~ c.name ~ "' has type " ~ file_types[c.name] ~ "; expected " ~ arlake_accepted_types(kind)) }}
          {%- endif %}
        {%- elif c.meta.get('required') %}
          {{ arlake_raw_error("file " ~ f ~ ": table '" ~ table_name ~ "' is missing the required column '" ~ c.name ~ "'") }}
        {%- else %}
          {%- set expr = 'null' %}
        {%- endif %}
        {%- if c.meta.get('default') %}
        cast(coalesce({{ expr }}, {{ c.meta.get('default') }}) as {{ c.data_type }}) as {{ adapter.quote(c.name) }},
        {%- else %}
        cast({{ expr }} as {{ c.data_type }}) as {{ adapter.quote(c.name) }},
        {%- endif %}
        {%- endfor %}
        {{ arlake_sql_string(f) }} as _source_file,
        file_row_number as _source_row
      from read_parquet({{ arlake_sql_string(f) }}, file_row_number = true)
      {% if not loop.last %}union all{% endif %}
      {%- endfor %}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{#- Keep, per id, the row with the greatest modified_at (null is oldest), ties to the later file, then the later row.
    Most ids appear once: those rows are kept as they are, and only the rows of ids seen more than once are ranked,
    which spares sorting the whole table. The file and row columns are dropped once they have decided. -#}
{% macro arlake_dedupe(relation, unique_key, has_modified_at=true) -%}
  {%- set repeated -%}
    select {{ unique_key }} from {{ relation }}
    where {{ unique_key }} is not null
    group by {{ unique_key }}
    having count(*) > 1
  {%- endset -%}
  select * exclude (_source_file, _source_row)
  from {{ relation }}
  where {{ unique_key }} is not null and {{ unique_key }} not in ({{ repeated }})
  union all
  select * exclude (_source_file, _source_row, _rank)
  from (
    select
      *,
      row_number() over (
        partition by {{ unique_key }}
        order by {% if has_modified_at %}modified_at desc nulls last, {% endif %}_source_file desc, _source_row desc
      ) as _rank
    from {{ relation }}
    where {{ unique_key }} in ({{ repeated }})
  )
  where _rank = 1
{%- endmacro %}
