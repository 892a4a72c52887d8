{#-
  The serving build over tables another engine built. With the var `arlake_spark_outputs` (a folder holding one
  Parquet folder per table, as a Spark build writes them: dbt_project.yml, location_root), every table model of
  the project whose folder is there is copied into this DuckDB warehouse under its own schema and name before
  any model runs, so the views and query-time models of the serving layer, and every data test, read them as if
  DuckDB had built them. Run the serving layer alone then, for instance:
    dbt build --vars '{arlake_spark_outputs: /data/.spark}' --select config.materialized:view
        config.materialized:query_view resource_type:test resource_type:unit_test
  Without the var nothing happens (on-run-start).
-#}
{% macro arlake_import_spark_outputs() -%}
  {{ return(adapter.dispatch('arlake_import_spark_outputs', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_import_spark_outputs() -%}
  select 1
{%- endmacro %}

{% macro duckdb__arlake_import_spark_outputs() -%}
  {%- set outputs = var('arlake_spark_outputs', none) -%}
  {%- if outputs is none or not execute -%}
    select 1
  {%- else -%}
    {#- Spark writes a model's rows in its order (part files in name order); reading them in that order keeps the
        zone maps the DuckDB build would have (one customer's rows together). The profile's setting is restored
        after the copies. -#}
    {%- set profile_order = run_query("select current_setting('preserve_insertion_order')").columns[0].values()[0] -%}
    {%- set statements = ['set preserve_insertion_order = true'] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.package_name == 'arlake' and node.config.materialized == 'table' -%}
      {%- set folder = outputs.rstrip('/') ~ '/' ~ node.alias -%}
      {%- set files = arlake_list_files(folder, '/*.parquet') -%}
      {%- if files | length == 0 -%}
        {{ exceptions.raise_compiler_error("the Spark output of " ~ node.name ~ " is missing: expected " ~ folder ~ "/*.parquet") }}
      {%- endif -%}
      {#- in its own database: the warehouse, or the build's own file for a table only the build reads -#}
      {%- set relation = adapter.quote(node.database) ~ '.' ~ adapter.quote(node.schema) ~ '.' ~ adapter.quote(node.alias) -%}
      {%- do statements.append('create schema if not exists ' ~ adapter.quote(node.database) ~ '.' ~ adapter.quote(node.schema)) -%}
      {%- do statements.append('create or replace table ' ~ relation ~ ' as select * from read_parquet('
          ~ arlake_sql_string(arlake_glob_literal(folder) ~ '/*.parquet') ~ ')') -%}
      {%- set lookup = (node.config.meta or {}).get('lookup_index') -%}
      {%- if lookup -%}
        {%- do statements.append(arlake_lookup_index(api.Relation.create(
            database=node.database, schema=node.schema, identifier=node.alias), lookup)) -%}
      {%- endif -%}
      {#- dbt listed the warehouse's relations before this hook: without this, models that read a table at build
          time (load_relation: the invoice list's final date, the stored grid's end) would find none and fall
          back to their slower general form. -#}
      {%- do adapter.cache_added(api.Relation.create(
          database=node.database, schema=node.schema, identifier=node.alias, type='table')) -%}
    {%- endfor -%}
    {%- do statements.append('set preserve_insertion_order = ' ~ ('true' if profile_order else 'false')) -%}
    {{ return(statements | join(';\n')) }}
  {%- endif -%}
{%- endmacro %}
