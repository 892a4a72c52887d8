{#-
  Query-time parameters. On DuckDB a view reads the reader's own session variable (SET VARIABLE on its
  cursor) through getvariable(), falling back to the dbt var and then to its default; other adapters use the
  dbt var at build time. Nothing ages against "today" unless no as-of date is given anywhere.
-#}

{% macro arlake_param(name, sql_type, default_sql) -%}
  {{ return(adapter.dispatch('arlake_param', 'arlake')(name, sql_type, default_sql)) }}
{%- endmacro %}

{% macro default__arlake_param(name, sql_type, default_sql) -%}
  {%- set value = var(name, none) -%}
  {%- if value is none -%}
    cast({{ default_sql }} as {{ sql_type }})
  {%- else -%}
    cast('{{ value }}' as {{ sql_type }})
  {%- endif -%}
{%- endmacro %}

{% macro duckdb__arlake_param(name, sql_type, default_sql) -%}
  coalesce(cast(getvariable('{{ name }}') as {{ sql_type }}), {{ default__arlake_param(name, sql_type, default_sql) }})
{%- endmacro %}

{#- Today as a UTC date, whatever the session's time zone. -#}
{% macro arlake_utc_today() -%}
  {{ return(adapter.dispatch('arlake_utc_today', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_utc_today() -%}current_date{%- endmacro %}

{% macro duckdb__arlake_utc_today() -%}cast(timezone('UTC', now()) as date){%- endmacro %}

{#- The as-of date D: end of day D, inclusive. -#}
{% macro as_of_date() -%}
  {{ arlake_param('as_of_date', 'date', arlake_utc_today()) }}
{%- endmacro %}

{#- Aging bucket width N, number of buckets P and basis (due_date or issue_date). -#}
{% macro aging_width() -%}
  {{ arlake_param('aging_width', 'integer', '30') }}
{%- endmacro %}

{% macro aging_periods() -%}
  {{ arlake_param('aging_periods', 'integer', '4') }}
{%- endmacro %}

{% macro aging_basis() -%}
  {{ arlake_param('aging_basis', 'varchar', "'due_date'") }}
{%- endmacro %}

{#- The first day of the collections periods (F); null means each organization's first issued invoice date. -#}
{% macro collections_from_date() -%}
  {{ arlake_param('from_date', 'date', 'null') }}
{%- endmacro %}

{#- Whether the as-of date `as_of` is on or after int_invoice_list_base.final_on (the date from which every
    invoice's listing is final), with final_on read from the warehouse when a model using it is built, so that the
    condition is a constant the engine folds away at query time. `false` when there is no warehouse to read
    (parsing, compiling for lint, unit tests): the model then reads the general path. -#}
{% macro arlake_invoice_list_is_final(as_of) -%}
  {%- if execute and model.resource_type == 'model' -%}
  {%- set base = load_relation(ref('int_invoice_list_base')) -%}
  {%- if base is not none -%}
    {%- set value = run_query('select max(final_on) from ' ~ base).columns[0].values()[0] -%}
    {%- if value is not none -%}
      {{ return(as_of ~ " >= date '" ~ value ~ "'") }}
    {%- endif -%}
  {%- endif -%}
  {%- endif -%}
  {{ return('false') }}
{%- endmacro %}
