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

{#- The last day of the month or ISO week starting `start`. -#}
{% macro arlake_period_last_day(interval, start) -%}
  {%- if interval == 'monthly' -%}last_day({{ start }})
  {%- else -%}{{ arlake_add_days(start, 6) }}{%- endif -%}
{%- endmacro %}

{#- The end of the period starting `start`, cut at the as-of date: e' = min(e, A). -#}
{% macro arlake_period_end(interval, start, as_of) -%}
  {%- if interval == 'all' -%}{{ as_of }}
  {%- else -%}least({{ arlake_period_last_day(interval, start) }}, {{ as_of }}){%- endif -%}
{%- endmacro %}

{#- The step between period starts (arlake_date_series). -#}
{% macro arlake_period_step(interval) -%}
  {%- if interval == 'monthly' -%}interval 1 month
  {%- elif interval == 'weekly' -%}interval 7 day
  {%- else -%}interval 1 day{%- endif -%}
{%- endmacro %}

{#- The start of the month or ISO week after the one starting `start`. -#}
{% macro arlake_next_period_start(interval, start) -%}
  {%- if interval == 'monthly' -%}{{ arlake_add_months(start, 1) }}
  {%- else -%}{{ arlake_add_days(start, 7) }}{%- endif -%}
{%- endmacro %}
