-- What the raw layer holds but the reader does not read: files outside <table>/*.parquet, folders that are no
-- table, columns a table does not have. One row each, naming the path; `arlake build` prints them and the
-- data-quality checks count them (macros/raw.sql, arlake_raw_warnings).
{%- set warnings = arlake_raw_warnings() if execute else [] %}

with

warnings as (
    {%- if warnings %}
    select
        found.check_name,
        found.table_name,
        found.file_path,
        found.detail
    from (
        values
        {%- for check_name, table_name, file_path, detail in warnings %}
        (
            {{ arlake_sql_string(check_name) }},
            {{ arlake_sql_string(table_name) }},
            {{ arlake_sql_string(file_path) }},
            {{ arlake_sql_string(detail) }}
        ){{ ',' if not loop.last }}
        {%- endfor %}
    ) as found (check_name, table_name, file_path, detail)
    {%- else %}
    select
        cast(null as string) as check_name,
        cast(null as string) as table_name,
        cast(null as string) as file_path,
        cast(null as string) as detail
    where false
    {%- endif %}
)

select * from warnings
