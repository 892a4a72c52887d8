{#-
  SQL that differs between DuckDB (default__ / duckdb__) and Spark (spark__), one dispatched macro each, so that
  the models and the raw reader read the same on both engines.
-#}

{#- A column type of the project as the engine spells it: Spark has no unsized VARCHAR, only STRING. -#}
{% macro arlake_type(data_type) -%}
  {{ return(adapter.dispatch('arlake_type', 'arlake')(data_type)) }}
{%- endmacro %}

{% macro default__arlake_type(data_type) -%}
  {{ return(data_type) }}
{%- endmacro %}

{% macro spark__arlake_type(data_type) -%}
  {%- set t = data_type | lower | trim -%}
  {{ return({'varchar': 'string', 'hugeint': 'decimal(38, 0)'}.get(t, data_type)) }}
{%- endmacro %}

{#- `expr` with every character of `characters` (a SQL string) removed from both ends. -#}
{% macro arlake_trim_characters(expr, characters) -%}
  {{ return(adapter.dispatch('arlake_trim_characters', 'arlake')(expr, characters)) }}
{%- endmacro %}

{% macro default__arlake_trim_characters(expr, characters) -%}
  trim({{ expr }}, {{ characters }})
{%- endmacro %}

{% macro spark__arlake_trim_characters(expr, characters) -%}
  btrim({{ expr }}, {{ characters }})
{%- endmacro %}

{#- A TIMESTAMP WITH TIME ZONE value as the UTC wall-clock TIMESTAMP. -#}
{% macro arlake_utc_timestamp(expr) -%}
  {{ return(adapter.dispatch('arlake_utc_timestamp', 'arlake')(expr)) }}
{%- endmacro %}

{% macro default__arlake_utc_timestamp(expr) -%}
  timezone('UTC', {{ expr }})
{%- endmacro %}

{#- The session time zone is UTC (profiles.yml), so the local timestamp is the UTC one. -#}
{% macro spark__arlake_utc_timestamp(expr) -%}
  cast({{ expr }} as timestamp_ntz)
{%- endmacro %}

{#- Stop the query with `message` (a SQL string expression) as its error. -#}
{% macro arlake_raise_error(message) -%}
  {{ return(adapter.dispatch('arlake_raise_error', 'arlake')(message)) }}
{%- endmacro %}

{% macro default__arlake_raise_error(message) -%}
  error({{ message }})
{%- endmacro %}

{% macro spark__arlake_raise_error(message) -%}
  raise_error({{ message }})
{%- endmacro %}

{#- One Parquet file as a relation, its path taken literally, with its row numbers (arlake_file_row_number). -#}
{% macro arlake_parquet_file(path) -%}
  {{ return(adapter.dispatch('arlake_parquet_file', 'arlake')(path)) }}
{%- endmacro %}

{% macro default__arlake_parquet_file(path) -%}
  read_parquet({{ arlake_sql_string(arlake_glob_literal(path)) }}, file_row_number = true)
{%- endmacro %}

{#- Spark reads a path through Hadoop's glob: `\` escapes its pattern characters. -#}
{% macro spark__arlake_parquet_file(path) -%}
  {%- set escaped = path | replace('[', '\\[') | replace(']', '\\]') | replace('*', '\\*') | replace('?', '\\?')
      | replace('{', '\\{') | replace('}', '\\}') | replace('`', '``') -%}
  parquet.`{{ escaped }}`
{%- endmacro %}

{#- The row number (from 0) of a row in the file read by arlake_parquet_file. -#}
{% macro arlake_file_row_number() -%}
  {{ return(adapter.dispatch('arlake_file_row_number', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_file_row_number() -%}
  file_row_number
{%- endmacro %}

{% macro spark__arlake_file_row_number() -%}
  _metadata.row_index
{%- endmacro %}

{#- The join keywords keeping the rows of the left side with (semi) or without (anti) a match on the right. -#}
{% macro arlake_anti_join() -%}
  {{ return(adapter.dispatch('arlake_anti_join', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_anti_join() -%}anti join{%- endmacro %}

{% macro spark__arlake_anti_join() -%}left anti join{%- endmacro %}

{% macro arlake_semi_join() -%}
  {{ return(adapter.dispatch('arlake_semi_join', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_semi_join() -%}semi join{%- endmacro %}

{% macro spark__arlake_semi_join() -%}left semi join{%- endmacro %}

{#- Integer division of integers, truncated (the operands are non-negative where the models use it). -#}
{% macro arlake_int_div(numerator, denominator) -%}
  {{ return(adapter.dispatch('arlake_int_div', 'arlake')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__arlake_int_div(numerator, denominator) -%}
  ({{ numerator }}) // ({{ denominator }})
{%- endmacro %}

{% macro spark__arlake_int_div(numerator, denominator) -%}
  (({{ numerator }}) div ({{ denominator }}))
{%- endmacro %}

{#- The last non-null value of `expr` in the window frame: a window function call, `over ...` follows. -#}
{% macro arlake_last_value_ignore_nulls(expr) -%}
  {{ return(adapter.dispatch('arlake_last_value_ignore_nulls', 'arlake')(expr)) }}
{%- endmacro %}

{% macro default__arlake_last_value_ignore_nulls(expr) -%}
  last_value({{ expr }} ignore nulls)
{%- endmacro %}

{% macro spark__arlake_last_value_ignore_nulls(expr) -%}
  last_value({{ expr }}, true)
{%- endmacro %}

{#-
  The raw files the reader sees, in lexical order: `pattern` is `/*.parquet` (the files directly in `folder` whose
  name ends in .parquet) or `/**` (every file under `folder`). DuckDB lists them with glob(); Spark with its
  binaryFile source over the raw folder, unless the arlake command passes the listing it made itself (the var
  arlake_raw_files: every file under raw/, as DuckDB's glob lists them).
-#}
{% macro arlake_list_files(folder, pattern) -%}
  {{ return(adapter.dispatch('arlake_list_files', 'arlake')(folder, pattern)) }}
{%- endmacro %}

{% macro default__arlake_list_files(folder, pattern) -%}
  {%- set sql = "select file from glob(" ~ arlake_sql_string(arlake_glob_literal(folder) ~ pattern) ~ ") order by file" -%}
  {{ return(run_query(sql).columns[0].values() | list) }}
{%- endmacro %}

{% macro spark__arlake_list_files(folder, pattern) -%}
  {%- set listed = var('arlake_raw_files', none) -%}
  {%- if listed is none -%}
    {%- set raw = arlake_raw_folder() -%}
    {%- do run_query("create or replace temporary view arlake_raw_listing using binaryFile options (path "
        ~ arlake_sql_string(raw) ~ ", recursiveFileLookup 'true')") -%}
    {%- set listed = [] -%}
    {%- set local = ':' not in raw.split('/')[0] -%}
    {%- for path in run_query("select path from arlake_raw_listing").columns[0].values() -%}
      {%- do listed.append(path[5:] if local and path.startswith('file:') else path) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- set prefix = folder ~ '/' -%}
  {%- set found = [] -%}
  {%- for path in listed if path.startswith(prefix) -%}
    {%- set rest = path[prefix | length:] -%}
    {%- if pattern == '/**' or ('/' not in rest and rest.endswith('.parquet')) -%}
      {%- do found.append(path) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(found | sort) }}
{%- endmacro %}

{#-
  The top-level columns of each file as (name as written, type as DuckDB names it) in file order:
  [(file, [(name, type), ...]), ...]. Spark's types are renamed to DuckDB's, so that the reader decides and
  words its errors the same on both engines.
-#}
{% macro arlake_file_schemas(files) -%}
  {{ return(adapter.dispatch('arlake_file_schemas', 'arlake')(files)) }}
{%- endmacro %}

{% macro default__arlake_file_schemas(files) -%}
  {%- set out = [] -%}
  {%- if files | length > 0 -%}
    {%- set file_list = [] -%}
    {%- for f in files -%}{%- do file_list.append(arlake_sql_string(arlake_glob_literal(f))) -%}{%- endfor -%}
    {%- set rows = run_query(
        "select file_name, name, duckdb_type, coalesce(num_children, 0), column_id from parquet_schema(["
        ~ file_list | join(', ') ~ "]) order by file_name, column_id").rows -%}
    {%- set walk = {'skip': 0, 'file': none} -%}
    {%- for r in rows -%}
      {%- if r[4] == 0 -%}
        {#- The schema root of a file: its top-level columns follow, nested fields (struct members, list
            elements) skipped. -#}
        {%- do out.append((r[0], [])) -%}
        {%- do walk.update({'skip': 0}) -%}
      {%- elif walk['skip'] > 0 -%}
        {%- do walk.update({'skip': walk['skip'] - 1 + r[3]}) -%}
      {%- else -%}
        {%- do out[-1][1].append((r[1], r[2])) -%}
        {%- do walk.update({'skip': r[3]}) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(out) }}
{%- endmacro %}

{% macro spark__arlake_file_schemas(files) -%}
  {%- set out = [] -%}
  {%- for f in files -%}
    {%- set rows = run_query("describe query select * from " ~ arlake_parquet_file(f)).rows -%}
    {%- set columns = [] -%}
    {%- for r in rows if r[0] and not r[0].startswith('#') -%}
      {%- do columns.append((r[0], arlake_duckdb_type_name(r[1]))) -%}
    {%- endfor -%}
    {%- do out.append((f, columns)) -%}
  {%- endfor -%}
  {{ return(out) }}
{%- endmacro %}

{#- A Spark type name as DuckDB names the same Parquet type. -#}
{% macro arlake_duckdb_type_name(spark_type) -%}
  {%- set t = spark_type | lower | trim -%}
  {%- set names = {
      'string': 'VARCHAR', 'tinyint': 'TINYINT', 'smallint': 'SMALLINT', 'int': 'INTEGER', 'bigint': 'BIGINT',
      'boolean': 'BOOLEAN', 'date': 'DATE', 'timestamp_ntz': 'TIMESTAMP', 'timestamp': 'TIMESTAMP WITH TIME ZONE',
      'float': 'FLOAT', 'double': 'DOUBLE', 'binary': 'BLOB', 'void': 'NULL'} -%}
  {%- if t in names -%}{{ return(names[t]) }}
  {%- elif t.startswith('decimal(') -%}{{ return('DECIMAL(' ~ t[8:-1] | replace(' ', '') | replace(',', ',') ~ ')') }}
  {%- else -%}{{ return(spark_type | upper) }}{%- endif -%}
{%- endmacro %}

{#- The lookup index of a table model: the column its meta `lookup_index` names, by which reports look a few rows up
    (a page's invoices). DuckDB answers such a lookup from an ART index instead of scanning the column; Spark has
    no such index, and the DuckDB serving build over Spark's tables creates it when it copies them in
    (macros/spark_outputs.sql). Every model's post-hook (dbt_project.yml): nothing for a model without the meta. -#}
{% macro arlake_lookup_index(relation=none, column=none) -%}
  {%- if column is none -%}
    {%- set column = (config.get('meta') or {}).get('lookup_index') -%}
  {%- endif -%}
  {%- if not column or not execute -%}
    {{ return('') }}
  {%- endif -%}
  {{ return(adapter.dispatch('arlake_lookup_index', 'arlake')(relation or this, column)) }}
{%- endmacro %}

{% macro default__arlake_lookup_index(relation, column) -%}
  create index {{ adapter.quote(relation.identifier ~ '__' ~ column) }} on {{ relation }} ({{ adapter.quote(column) }})
{%- endmacro %}

{% macro spark__arlake_lookup_index(relation, column) -%}
{%- endmacro %}

{#- Every row of `relation`, a table, with `key`: its place in the order of `column` (unique), 1 the first, as a
    bigint. DuckDB numbers the narrow (rowid, column) pairs and joins the numbers back on rowid: a window over the
    whole rows sorts them all, and spills them at 10M invoices (30 s against 20 s; 4.5 GB written to disk against
    1 GB). Spark, which has no rowid, numbers the rows with the window. -#}
{% macro arlake_number_in_order(relation, column, key) -%}
  {{ return(adapter.dispatch('arlake_number_in_order', 'arlake')(relation, column, key)) }}
{%- endmacro %}

{% macro default__arlake_number_in_order(relation, column, key) -%}
select
    numbered.*,
    cast(row_number() over (order by numbered.{{ column }}) as bigint) as {{ key }}
from {{ relation }} as numbered
{%- endmacro %}

{% macro duckdb__arlake_number_in_order(relation, column, key) -%}
with

keys as (
    select
        rowid as numbered_row,
        cast(row_number() over (order by {{ column }}) as bigint) as {{ key }}
    from {{ relation }}
)

select
    numbered.*,
    keys.{{ key }}
from {{ relation }} as numbered
inner join keys on numbered.rowid = keys.numbered_row
{%- endmacro %}
