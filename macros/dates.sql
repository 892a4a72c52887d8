{#- Date arithmetic that differs between engines: whole days from `start` to `end` (an integer; DuckDB's
    date - date, Spark's datediff), and a date plus a number of days. -#}

{% macro arlake_days_between(start, end) -%}
  {{ return(adapter.dispatch('arlake_days_between', 'arlake')(start, end)) }}
{%- endmacro %}

{% macro default__arlake_days_between(start, end) -%}
  ({{ end }} - {{ start }})
{%- endmacro %}

{% macro spark__arlake_days_between(start, end) -%}
  datediff({{ end }}, {{ start }})
{%- endmacro %}

{% macro arlake_add_days(day, days) -%}
  {{ return(adapter.dispatch('arlake_add_days', 'arlake')(day, days)) }}
{%- endmacro %}

{% macro default__arlake_add_days(day, days) -%}
  cast({{ day }} + ({{ days }}) as date)
{%- endmacro %}

{% macro spark__arlake_add_days(day, days) -%}
  date_add({{ day }}, {{ days }})
{%- endmacro %}

{#- The dates from `start` to `end` (inclusive) by `step` (an interval literal such as `interval 1 month`), one per
    row, as a select-list expression: DuckDB's unnest(generate_series()), Spark's explode(sequence()). -#}
{% macro arlake_date_series(start, end, step) -%}
  {{ return(adapter.dispatch('arlake_date_series', 'arlake')(start, end, step)) }}
{%- endmacro %}

{% macro default__arlake_date_series(start, end, step) -%}
  cast(unnest(generate_series(cast({{ start }} as date), cast({{ end }} as date), {{ step }})) as date)
{%- endmacro %}

{% macro spark__arlake_date_series(start, end, step) -%}
  explode(sequence(cast({{ start }} as date), cast({{ end }} as date), {{ step }}))
{%- endmacro %}

{#- A date plus a number of calendar months. -#}
{% macro arlake_add_months(day, months) -%}
  {{ return(adapter.dispatch('arlake_add_months', 'arlake')(day, months)) }}
{%- endmacro %}

{% macro default__arlake_add_months(day, months) -%}
  cast({{ day }} + to_months({{ months }}) as date)
{%- endmacro %}

{% macro spark__arlake_add_months(day, months) -%}
  add_months({{ day }}, {{ months }})
{%- endmacro %}
