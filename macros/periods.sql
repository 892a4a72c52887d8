{#- Collections periods: calendar months, ISO weeks (Monday-Sunday), or one period `all` from F to A. -#}

{% macro arlake_intervals() -%}
  {{ return(['monthly', 'weekly', 'all']) }}
{%- endmacro %}

{#- The start of the period holding date `day` (for `all`: F, given day >= F). -#}
{% macro arlake_period_start(interval, day, from_on) -%}
  {%- if interval == 'monthly' -%}cast(date_trunc('month', {{ day }}) as date)
  {%- elif interval == 'weekly' -%}cast(date_trunc('week', {{ day }}) as date)
  {%- else -%}{{ from_on }}{%- endif -%}
{%- endmacro %}

{#- The end of the period starting `start`, cut at the as-of date: e' = min(e, A). -#}
{% macro arlake_period_end(interval, start, as_of) -%}
  {%- if interval == 'monthly' -%}least(last_day({{ start }}), {{ as_of }})
  {%- elif interval == 'weekly' -%}least(cast({{ start }} + 6 as date), {{ as_of }})
  {%- else -%}{{ as_of }}{%- endif -%}
{%- endmacro %}

{#- The step between period starts, for generate_series. -#}
{% macro arlake_period_step(interval) -%}
  {%- if interval == 'monthly' -%}interval 1 month
  {%- elif interval == 'weekly' -%}interval 7 day
  {%- else -%}interval 1 day{%- endif -%}
{%- endmacro %}
