{#-
  Exact division rounded half-up (away from zero) to `scale` decimals, for integer numerator and
  denominator (e.g. cents, days, counts); null when the denominator is 0. DECIMAL / DECIMAL is a DOUBLE on
  DuckDB, so ratios go through integer arithmetic instead: sign * ((2|n| * 10^scale + |d|) div (2|d|)).
-#}
{% macro arlake_round_div(numerator, denominator, scale) -%}
  {{ return(adapter.dispatch('arlake_round_div', 'arlake')(numerator, denominator, scale)) }}
{%- endmacro %}

{% macro default__arlake_round_div(numerator, denominator, scale) -%}
  case when ({{ denominator }}) = 0 then null else cast(
    sign(({{ numerator }})) * sign(({{ denominator }}))
    * floor((2 * abs(cast(({{ numerator }}) as decimal(38, 0))) * {{ 10 ** scale }} + abs(({{ denominator }})))
        / (2 * abs(cast(({{ denominator }}) as decimal(38, 0)))))
    * cast('{{ '%.*f' % (scale, 10 ** -scale) }}' as decimal({{ scale + 1 }}, {{ scale }})) as decimal(38, {{ scale }})) end
{%- endmacro %}

{% macro duckdb__arlake_round_div(numerator, denominator, scale) -%}
  case when ({{ denominator }}) = 0 then null else cast(
    sign(cast(({{ numerator }}) as hugeint)) * sign(cast(({{ denominator }}) as hugeint))
    * ((2 * abs(cast(({{ numerator }}) as hugeint)) * {{ 10 ** scale }} + abs(cast(({{ denominator }}) as hugeint)))
        // (2 * abs(cast(({{ denominator }}) as hugeint))))
    as decimal(36, 0)) * cast('{{ '%.*f' % (scale, 10 ** -scale) }}' as decimal({{ scale + 1 }}, {{ scale }})) end
{%- endmacro %}

{#- Spark: exact integer division (`div`) on DECIMAL(38,0); sign() is a DOUBLE there, so the sign is a CASE. -#}
{% macro spark__arlake_round_div(numerator, denominator, scale) -%}
  case when ({{ denominator }}) = 0 then null else cast(
    (case when (({{ numerator }}) < 0) = (({{ denominator }}) < 0) then 1 else -1 end)
    * ((2 * abs(cast(({{ numerator }}) as decimal(38, 0))) * {{ 10 ** scale }} + abs(cast(({{ denominator }}) as decimal(38, 0))))
        div (2 * abs(cast(({{ denominator }}) as decimal(38, 0)))))
    as decimal(36, 0)) * cast('{{ '%.*f' % (scale, 10 ** -scale) }}' as decimal({{ scale + 1 }}, {{ scale }})) end
{%- endmacro %}

{#- Money in major units (DECIMAL, 2 places) as integer cents. -#}
{% macro arlake_cents(amount) -%}
  {{ return(adapter.dispatch('arlake_cents', 'arlake')(amount)) }}
{%- endmacro %}

{% macro default__arlake_cents(amount) -%}
  cast(({{ amount }}) * 100 as bigint)
{%- endmacro %}

{#- DuckDB: below 10^13 through DECIMAL(18, 2), whose product stays a 64-bit integer; a DECIMAL(38, 2) product is
    128-bit and about 14 times slower. Larger amounts take the 128-bit path: exact either way. -#}
{% macro duckdb__arlake_cents(amount) -%}
  case
    when abs({{ amount }}) < 10000000000000 then cast(cast(({{ amount }}) as decimal(18, 2)) * 100 as bigint)
    else cast(({{ amount }}) * 100 as bigint)
  end
{%- endmacro %}

{#- Integer cents as money in major units, exactly (a decimal product, never a division). -#}
{% macro arlake_from_cents(cents) -%}
  cast(cast(({{ cents }}) as decimal(38, 0)) * 0.01 as decimal(38, 2))
{%- endmacro %}

{#-
  Running sums per `key` at the end of each date: `relation`'s rows (several may share a date) ordered by `day`,
  each sum taken over a RANGE frame (a date's rows are peers, so every row holds its date's end), and only the
  date's last row kept, with the key's next date (`next_day`, null after the last). `sums` is a list of (name,
  expression) pairs. Most keys have one row per date, so the rows are summed where they stand instead of grouped by
  date first (the daily balances and the unapplied cash).
-#}
{% macro arlake_day_end_sums(relation, key, day, sums, next_day) -%}
select *
from (
    select
        {{ key }},
        {{ day }},
        {%- for name, expression in sums %}
        sum({{ expression }}) over through_day as {{ name }},
        {%- endfor %}
        lead({{ day }}) over in_order as {{ next_day }}
    from {{ relation }}
    window
        in_order as (partition by {{ key }} order by {{ day }}),
        through_day as (partition by {{ key }} order by {{ day }} range between unbounded preceding and current row)
) as running
where {{ next_day }} is null or {{ next_day }} > {{ day }}
{%- endmacro %}
