{#
  The raw-layer reader. Every Parquet file of <data root>/raw/<table>/ is read on its own and its columns are
  converted to the types declared in models/staging/_arlake__sources.yml (column meta `kind`), so files of one
  table may differ in type (DATE vs TIMESTAMP vs TIMESTAMPTZ: each converted to UTC on its own). A missing
  required column, a column of an incompatible type, two columns whose names differ only in case, money beyond
  DECIMAL(18,2) or a missing required table stop the build with a message that names the file, the table and
  the column. Column names match case-insensitively, as DuckDB identifiers do. Rows keep their file and row
  number for the dedupe rule.

  Paths: the data root is taken literally. DuckDB reads `*`, `?` and `[` in a file path as a pattern, so every
  path handed to it goes through arlake_glob_literal, which writes each of those characters as a one-character
  class (`[` -> `[[]`): a data directory named `d[12]` is read from `d[12]`, never from a sibling `d1`.
#}

{% macro arlake_data_root() -%}
  {{ return(env_var('ARLAKE_DATA', 'data').rstrip('/')) }}
{%- endmacro %}

{% macro arlake_sql_string(value) -%}
  {{ return(adapter.dispatch('arlake_sql_string', 'arlake')(value)) }}
{%- endmacro %}

{% macro default__arlake_sql_string(value) -%}
  '{{ value | replace("'", "''") }}'
{%- endmacro %}

{#- Spark reads string literals as written (profiles.yml: no escapes, not even a doubled quote): a value with a
    single quote is written between double quotes, and one with both kinds of quote is concatenated from parts. -#}
{% macro spark__arlake_sql_string(value) -%}
  {%- if "'" not in value -%}
    '{{ value }}'
  {%- elif '"' not in value -%}
    "{{ value }}"
  {%- else -%}
    concat('{{ value.split("'") | join("', \"'\", '") }}')
  {%- endif -%}
{%- endmacro %}

{% macro arlake_raw_error(message) -%}
  {{ exceptions.raise_compiler_error('arlake raw data error: ' ~ message) }}
{%- endmacro %}

{#- A path as a DuckDB file pattern that matches exactly that path. -#}
{% macro arlake_glob_literal(path) -%}
  {{ return(path | replace('[', '[[]') | replace('*', '[*]') | replace('?', '[?]')) }}
{%- endmacro %}

{#- The raw folder, <data root>/raw. DuckDB's file listing takes a backslash for a path separator, so a data root
    holding one cannot be listed: refuse it by name rather than read nothing. -#}
{% macro arlake_raw_folder() -%}
  {%- set root = arlake_data_root() -%}
  {%- if '\\' in root -%}
    {{ arlake_raw_error("the data directory " ~ root ~ " holds a backslash, which DuckDB's file reader takes for a path separator: rename or move it") }}
  {%- endif -%}
  {{ return(root ~ '/raw') }}
{%- endmacro %}

{#- The top-level columns of each file: {file: {lower-case name: (name as written, DuckDB type)}} (the engine's
    schema reading: arlake_file_schemas). Two top-level names equal but for case stop the build. -#}
{% macro arlake_file_columns(table_name, files) -%}
  {%- set out = {} -%}
  {%- for file, columns in arlake_file_schemas(files) -%}
    {%- set seen = out.setdefault(file, {}) -%}
    {%- for name, type in columns -%}
      {%- set key = name | lower -%}
      {%- if key in seen -%}
        {{ arlake_raw_error("file " ~ file ~ ": table '" ~ table_name ~ "' has the columns '" ~ seen[key][0] ~ "' and '" ~ name ~ "', whose names differ only in case (column names match case-insensitively)") }}
      {%- endif -%}
      {%- do seen.update({key: (name, type)}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(out) }}
{%- endmacro %}

{#- The SQL expression converting column `col` (as written in the file) of DuckDB type `src_type` to the column's
    kind, or none when the type is not accepted. `file` and `table_name` name the file in data errors raised while
    reading (money beyond DECIMAL(18,2)). -#}
{% macro arlake_convert_expression(col, kind, src_type, file=none, table_name=none, column=none) -%}
  {%- set t = src_type | upper -%}
  {%- set q = adapter.quote(col) -%}
  {%- set is_int = t in ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT'] -%}
  {%- set is_ts = t.startswith('TIMESTAMP') and 'TIME ZONE' not in t -%}
  {%- set is_tstz = t == 'TIMESTAMP WITH TIME ZONE' -%}
  {%- if t == 'NULL' or t == '"NULL"' -%}
    {%- set expr = 'null' -%}
  {%- elif kind == 'id' -%}
    {#- An empty or blank id is no id: it reads as null (excluded and counted like a null id). -#}
    {%- if t == 'VARCHAR' -%}
      {#- The first character decides for almost every id (a letter or digit: kept as it is); only an id that
          starts with a blank is trimmed to test it, which keeps this cheap on millions of rows. -#}
      {%- set blank = arlake_trim_characters(q, "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)") -%}
      {%- set expr = "case when ascii(" ~ q ~ ") > 32 then " ~ q ~ " when " ~ blank ~ " = '' then null else " ~ q ~ " end" -%}
    {%- else -%}
      {%- set expr = ('cast(' ~ q ~ ' as ' ~ arlake_type('varchar') ~ ')' if is_int else none) -%}
    {%- endif -%}
  {%- elif kind == 'text' -%}
    {%- set expr = (q if t == 'VARCHAR' else ('cast(' ~ q ~ ' as ' ~ arlake_type('varchar') ~ ')' if is_int else none)) -%}
  {%- elif kind == 'money' -%}
    {%- set expr = arlake_money_expression(q, t, is_int, file, table_name, column or col) -%}
  {%- elif kind == 'timestamp' -%}
    {%- if is_ts or t == 'DATE' -%}{%- set expr = 'cast(' ~ q ~ ' as timestamp)' -%}
    {%- elif is_tstz -%}{%- set expr = arlake_utc_timestamp(q) -%}
    {%- else -%}{%- set expr = none -%}{%- endif -%}
  {%- elif kind == 'date' -%}
    {%- if is_ts or t == 'DATE' -%}{%- set expr = 'cast(' ~ q ~ ' as date)' -%}
    {%- elif is_tstz -%}{%- set expr = "cast(" ~ arlake_utc_timestamp(q) ~ " as date)" -%}
    {%- else -%}{%- set expr = none -%}{%- endif -%}
  {%- elif kind == 'boolean' -%}
    {%- set expr = (q if t == 'BOOLEAN' else none) -%}
  {%- else -%}
    {%- set expr = none -%}
  {%- endif -%}
  {{ return(expr) }}
{%- endmacro %}

{#- The scale of a DuckDB DECIMAL(w,s) type string, or 0 for any other type. -#}
{% macro arlake_decimal_scale(t) -%}
  {{ return((t[8:-1].split(',')[1] | trim | int) if t.startswith('DECIMAL(') else 0) }}
{%- endmacro %}

{#- Money (an integer or DECIMAL column `q` of type `t`) as DECIMAL(18,2): more than two decimals are rounded
    half-up (away from zero) to cents; a value that does not fit DECIMAL(18,2) stops the build naming file,
    table, column and value. Types that always fit get a plain cast. -#}
{% macro arlake_money_expression(q, t, is_int, file, table_name, column) -%}
  {%- if not (is_int or t.startswith('DECIMAL(')) -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set scale = arlake_decimal_scale(t) -%}
  {%- set width = (t[8:-1].split(',')[0] | trim | int) if t.startswith('DECIMAL(') else 0 -%}
  {%- set value = ('round(' ~ q ~ ', 2)' if scale > 2 else q) -%}
  {%- set fits = (t in ['TINYINT', 'SMALLINT', 'INTEGER', 'UTINYINT', 'USMALLINT', 'UINTEGER']) or (width > 0 and scale <= 2 and width - scale <= 16) -%}
  {%- if fits -%}
    {{ return('cast(' ~ value ~ ' as decimal(18, 2))') }}
  {%- endif -%}
  {%- set message = "arlake raw data error: file " ~ file ~ ": table '" ~ table_name ~ "', column '" ~ column ~ "' holds " -%}
  {%- set tail = " (type " ~ t ~ "), beyond DECIMAL(18,2) (money is at most 9999999999999999.99 in absolute value)" -%}
  {%- set failure = arlake_raise_error(arlake_sql_string(message) ~ " || cast(" ~ q ~ " as " ~ arlake_type('varchar')
      ~ ") || " ~ arlake_sql_string(tail)) -%}
  {{ return("case when " ~ q ~ " is not null and try_cast(" ~ value ~ " as decimal(18, 2)) is null then "
      ~ failure ~ " else cast(" ~ value ~ " as decimal(18, 2)) end") }}
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

{#- The source node of a raw table (none while dbt parses, and in unit tests, whose graph has no sources). -#}
{% macro arlake_raw_source(table_name) -%}
  {{ return(graph.get('sources', {}).get('source.arlake.raw.' ~ table_name) if execute else none) }}
{%- endmacro %}

{#- The files a raw table is read from: *.parquet directly in raw/<table>/, in lexical order. -#}
{% macro arlake_raw_table_files(table_name) -%}
  {{ return(arlake_list_files(arlake_raw_folder() ~ '/' ~ table_name, '/*.parquet')) }}
{%- endmacro %}

{#- One SELECT over all files of a raw table, typed, with defaults applied and `_source_file`/`_source_row`. -#}
{% macro arlake_read_raw(table_name) -%}
  {%- set src = source('raw', table_name) -%}
  {%- set node = arlake_raw_source(table_name) -%}
  {%- if not execute or node is none -%}
    select 1 as _placeholder
  {%- else -%}
    {%- set columns = node.columns.values() | list -%}
    {%- set folder = arlake_raw_folder() ~ '/' ~ table_name -%}
    {%- set files = arlake_raw_table_files(table_name) -%}
    {%- if files | length == 0 -%}
      {%- if node.meta.get('required_table') -%}
        {{ arlake_raw_error("required table '" ~ table_name ~ "' has no Parquet files: expected " ~ folder ~ "/*.parquet") }}
      {%- endif -%}
      select
      {%- for c in columns %}
        cast({{ c.meta.get('default') or 'null' }} as {{ arlake_type(c.data_type) }}) as {{ adapter.quote(c.name) }},
      {%- endfor %}
        cast(null as {{ arlake_type('varchar') }}) as _source_file,
        cast(null as bigint) as _source_row
      where false
    {%- else -%}
      {%- set file_columns = arlake_file_columns(table_name, files) -%}
      {%- for f in files %}
      {%- set found = file_columns.get(f, {}) %}
      select
        {%- for c in columns %}
        {%- set kind = c.meta.get('kind') %}
        {%- set given = found.get(c.name | lower) %}
        {%- if given %}
          {%- set expr = arlake_convert_expression(given[0], kind, given[1], f, table_name, c.name) %}
          {%- if expr is none %}
            {{ arlake_raw_error("file " ~ f ~ ": table '" ~ table_name ~ "', column '" ~ given[0] ~ "' has type " ~ given[1] ~ "; expected " ~ arlake_accepted_types(kind)) }}
          {%- endif %}
        {%- elif c.meta.get('required') %}
          {{ arlake_raw_error("file " ~ f ~ ": table '" ~ table_name ~ "' is missing the required column '" ~ c.name ~ "'") }}
        {%- else %}
          {%- set expr = 'null' %}
        {%- endif %}
        {%- if c.meta.get('default') %}
        cast(coalesce({{ expr }}, {{ c.meta.get('default') }}) as {{ arlake_type(c.data_type) }}) as {{ adapter.quote(c.name) }},
        {%- else %}
        cast({{ expr }} as {{ arlake_type(c.data_type) }}) as {{ adapter.quote(c.name) }},
        {%- endif %}
        {%- endfor %}
        {{ arlake_sql_string(f) }} as _source_file,
        {{ arlake_file_row_number() }} as _source_row
      from {{ arlake_parquet_file(f) }}
      {% if not loop.last %}union all{% endif %}
      {%- endfor %}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{#- The raw tables (the `raw` source's tables), in the order of _arlake__sources.yml. -#}
{% macro arlake_raw_tables() -%}
  {%- set tables = [] -%}
  {%- for node in graph.sources.values() if node.source_name == 'raw' -%}
    {%- do tables.append(node.name) -%}
  {%- endfor -%}
  {{ return(tables) }}
{%- endmacro %}

{#- What the raw layer holds but the reader does not read, as (check_name, table_name, path, detail):
    - unread_file: any file under raw/ other than *.parquet directly in a table's folder (`x.PARQUET`,
      `notes.csv`, `raw/invoices/2026/a.parquet`, a file directly in raw/ (table `raw`));
    - unknown_table_folder (table `raw`): a folder of raw/ that is no table (`raw/invoice/`), once per folder;
    - unknown_column: a top-level column of a read file that its table does not have.
    Empty folders hold nothing to miss and are not listed. -#}
{% macro arlake_raw_warnings() -%}
  {%- set raw = arlake_raw_folder() -%}
  {%- set tables = arlake_raw_tables() -%}
  {%- set out = [] -%}
  {%- set unknown_folders = {} -%}
  {%- for f in arlake_list_files(raw, '/**') -%}
    {%- set parts = (f[raw | length + 1:] if f.startswith(raw ~ '/') else f).split('/') -%}
    {%- if parts | length == 1 -%}
      {%- do out.append(('unread_file', 'raw', f, 'file ' ~ f ~ ' is not read: files belong in raw/<table>/ (' ~ tables | join(', ') ~ ')')) -%}
    {%- elif parts[0] not in tables -%}
      {%- do unknown_folders.update({parts[0]: unknown_folders.get(parts[0], 0) + 1}) -%}
    {%- elif parts | length > 2 or not parts[1].endswith('.parquet') -%}
      {%- do out.append(('unread_file', parts[0], f, 'file ' ~ f ~ ' is not read: only *.parquet files directly in raw/' ~ parts[0] ~ '/ are')) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- for folder, count in unknown_folders | dictsort -%}
    {%- set path = raw ~ '/' ~ folder -%}
    {%- do out.append(('unknown_table_folder', 'raw', path, 'folder ' ~ path ~ '/ is no table of the raw layer (' ~ tables | join(', ') ~ '); its ' ~ count ~ ' file(s) are not read')) -%}
  {%- endfor -%}
  {%- for table_name in tables -%}
    {%- set node = arlake_raw_source(table_name) -%}
    {%- set known = [] -%}
    {%- for c in node.columns.values() -%}{%- do known.append(c.name | lower) -%}{%- endfor -%}
    {%- set files = arlake_raw_table_files(table_name) -%}
    {%- set file_columns = arlake_file_columns(table_name, files) -%}
    {%- for f in files -%}
      {%- for key, given in file_columns.get(f, {}).items() if key not in known -%}
        {%- do out.append(('unknown_column', table_name, f, 'file ' ~ f ~ ': column ' ~ given[0] ~ ' is no column of table ' ~ table_name ~ '; not read')) -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(out) }}
{%- endmacro %}

{#- One SELECT over every money value with more than two decimals that was rounded to cents, with its table,
    record id, column, file and row, the value as given, the rounded value and the difference (rounded - given,
    DECIMAL(38,20)); only files whose money columns have more than two decimals are read again. -#}
{% macro arlake_money_rounding() -%}
  {%- set string = arlake_type('varchar') -%}
  {%- set selects = [] -%}
  {%- for table_name in (arlake_raw_tables() if execute else []) -%}
    {%- set node = arlake_raw_source(table_name) -%}
    {%- set money = [] -%}
    {%- for c in node.columns.values() if c.meta.get('kind') == 'money' -%}{%- do money.append(c.name) -%}{%- endfor -%}
    {%- set files = arlake_raw_table_files(table_name) if money else [] -%}
    {%- set file_columns = arlake_file_columns(table_name, files) -%}
    {%- for f in files -%}
      {%- set found = file_columns.get(f, {}) -%}
      {%- set key = found.get(node.meta.get('unique_key')) -%}
      {%- set id_expr = (arlake_convert_expression(key[0], 'id', key[1]) if key else none) or 'null' -%}
      {%- for column in money -%}
        {%- set given = found.get(column) -%}
        {%- if given and arlake_decimal_scale(given[1] | upper) > 2 -%}
          {%- set q = adapter.quote(given[0]) -%}
          {%- do selects.append(
              "select " ~ arlake_sql_string(table_name) ~ " as table_name, cast(" ~ id_expr ~ " as " ~ string ~ ") as record_id, "
              ~ arlake_sql_string(column) ~ " as column_name, " ~ arlake_sql_string(f) ~ " as source_file, "
              ~ arlake_file_row_number() ~ " as source_row, cast(" ~ q ~ " as " ~ string ~ ") as given, "
              ~ "try_cast(round(" ~ q ~ ", 2) as decimal(18, 2)) as rounded, "
              ~ "cast(round(" ~ q ~ ", 2) - " ~ q ~ " as decimal(38, 20)) as difference "
              ~ "from " ~ arlake_parquet_file(f) ~ " "
              ~ "where round(" ~ q ~ ", 2) <> " ~ q) -%}
        {%- endif -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- if selects -%}
    {{ return(selects | join('\nunion all\n')) }}
  {%- endif -%}
  {{ return(("select cast(null as varchar) as table_name, cast(null as varchar) as record_id, cast(null as varchar) as column_name, cast(null as varchar) as source_file, cast(null as bigint) as source_row, cast(null as varchar) as given, cast(null as decimal(18, 2)) as rounded, cast(null as decimal(38, 20)) as difference where false") | replace('varchar', string)) }}
{%- endmacro %}

{#- Keep, per id, the row with the greatest modified_at (null is oldest), ties to the later file, then the later row.
    Most ids appear once: those rows are kept as they are, and only the rows of ids seen more than once are ranked,
    which spares sorting the whole table. The file and row columns are dropped once they have decided: the
    table's columns (`table_name`, by default the staging model's raw table) are listed by name. `relation` is read
    three times: pass the base view itself, not a CTE over it, which DuckDB would first copy whole (at 10M invoices
    the copy cost the staged outreach about 3 s and the payments 2 s; the invoices, 2 % of whose rows share an id,
    gained 1 s from it). -#}
{% macro arlake_dedupe(relation, unique_key, has_modified_at=true, table_name=none) -%}
  {%- set node = arlake_raw_source(table_name or model.name.split('__')[-1]) if execute else none -%}
  {%- set kept = [] -%}
  {%- for c in (node.columns.values() if node is not none else []) -%}{%- do kept.append(adapter.quote(c.name)) -%}{%- endfor -%}
  {#- dbt's unit tests compile without the project graph's sources: there (on DuckDB only) the helper columns are
      left out with EXCLUDE. -#}
  {%- set columns = kept | join(', ') if kept else '* exclude (_source_file, _source_row)' -%}
  {%- set repeated -%}
    select {{ unique_key }} from {{ relation }}
    where {{ unique_key }} is not null
    group by {{ unique_key }}
    having count(*) > 1
  {%- endset -%}
  select {{ columns }}
  from {{ relation }}
  where {{ unique_key }} is not null and {{ unique_key }} not in ({{ repeated }})
  union all
  select {{ kept | join(', ') if kept else '* exclude (_source_file, _source_row, _rank)' }}
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
