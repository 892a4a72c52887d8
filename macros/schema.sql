{#- A model's custom schema is used as it is (marts: `reports`), not appended to the target's schema, so that
    consumer-facing objects sit in a schema of their own and the staging and intermediate layers in the target's. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}

{#- A model's custom database (arlake_build: tables only the build reads, dbt_project.yml) is the file the DuckDB
    profile attaches under that name, removed after `arlake build`. Spark has one catalog and writes every table as
    Parquet: there, and for every other model, the target's database. -#}
{% macro generate_database_name(custom_database_name, node) -%}
  {%- if custom_database_name is not none and target.type == 'duckdb' -%}
    {{ custom_database_name | trim }}
  {%- else -%}
    {{ default__generate_database_name(none, node) }}
  {%- endif -%}
{%- endmacro %}
