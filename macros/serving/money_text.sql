{#-
  DuckDB macros the report layer uses to shape numbers, created in the `reports` schema by every build
  (on-run-start), so that formatting happens in the same query that reads the numbers. They follow the rules of
  the A/R Aging Summary's money cells (docs/reports.md):
    arlake_money_text(amount, precision, divide_on1000, blank_zero, show_symbol, currency, negative_format)
      1. with divide_on1000 the value is amount / 1000 (exactly);
      2. blank_zero and a value of zero (before rounding) -> '';
      3. |value| rounded half-up to `precision` (0..10) decimals, `,` between thousands, `.` before decimals;
      4. the currency's symbol in front when show_symbol (arlake_currency_prefix);
      5. a negative value whose rounded digits are not all zero: `-text` (mines) or `(text)` (parentheses).
  All arithmetic is on integers (HUGEINT) in units of 10^-5 of the currency, so no value ever goes through a
  floating-point number. Two things keep them fast (276k cells of the 10M aging summary: 0.38 s, 0.72 s before):
    - the text of the whole part is written from a BIGINT whenever it fits one (every amount below 9.2
      quintillion), as DuckDB formats a HUGEINT about ten times slower; the decimals (at most 10 digits) always do;
    - the digits are written once: the sign and the parentheses are concatenated around them, since a macro's
      argument is expanded again wherever its body names it.
-#}
{% macro arlake_serving_macros() -%}
  {{ return(adapter.dispatch('arlake_serving_macros', 'arlake')()) }}
{%- endmacro %}

{% macro default__arlake_serving_macros() -%}
  select 1
{%- endmacro %}

{% macro duckdb__arlake_serving_macros() -%}
create schema if not exists reports;
create or replace macro reports.arlake_power_of_ten(n) as
    list_element([
        1::hugeint, 10::hugeint, 100::hugeint, 1000::hugeint, 10000::hugeint, 100000::hugeint,
        1000000::hugeint, 10000000::hugeint, 100000000::hugeint, 1000000000::hugeint, 10000000000::hugeint
    ], n + 1);
create or replace macro reports.arlake_currency_prefix(code) as
    case
        when code is null or trim(code) = '' then ''
        else coalesce(
            map_extract_value(
                map {
                    'USD': '$', 'EUR': '€', 'GBP': '£', 'JPY': '¥', 'INR': '₹', 'NGN': '₦', 'GHS': 'GH₵',
                    'KES': 'KSh'
                },
                upper(trim(code))
            ),
            upper(trim(code)) || ' '
        )
    end;
create or replace macro reports.arlake_cents(amount) as
    {{ arlake_cents('amount') }};
create or replace macro reports.arlake_money_units(amount, divide_on1000) as
    cast(cast(amount as decimal(38, 2)) * 100 as hugeint) * (case when divide_on1000 then 1 else 1000 end);
create or replace macro reports.arlake_rounded_units(units, precision) as
    case
        when precision <= 5
            then (abs(units) + reports.arlake_power_of_ten(5 - precision) // 2)
                // reports.arlake_power_of_ten(5 - precision)
        else abs(units) * reports.arlake_power_of_ten(precision - 5)
    end;
create or replace macro reports.arlake_whole_text(whole) as
    case
        when whole <= 9223372036854775807 then format('{:,}', cast(whole as bigint))
        else format('{:,}', whole)
    end;
create or replace macro reports.arlake_digits_text(rounded, precision) as
    reports.arlake_whole_text(rounded // reports.arlake_power_of_ten(precision))
    || case
        when precision > 0
            then '.' || lpad(
                cast(cast(rounded % reports.arlake_power_of_ten(precision) as bigint) as varchar), precision, '0'
            )
        else ''
    end;
create or replace macro reports.arlake_unsigned_text(units, precision, show_symbol, currency) as
    (case when show_symbol then reports.arlake_currency_prefix(currency) else '' end)
    || reports.arlake_digits_text(reports.arlake_rounded_units(units, precision), precision);
create or replace macro reports.arlake_is_shown_negative(units, precision) as
    units < 0 and reports.arlake_rounded_units(units, precision) <> 0;
create or replace macro reports.arlake_signed_text(units, precision, show_symbol, currency, negative_format) as
    (case
        when reports.arlake_is_shown_negative(units, precision)
            then (case when negative_format = 'parentheses' then '(' else '-' end)
        else ''
    end)
    || reports.arlake_unsigned_text(units, precision, show_symbol, currency)
    || (case
        when negative_format = 'parentheses' and reports.arlake_is_shown_negative(units, precision) then ')'
        else ''
    end);
create or replace macro reports.arlake_money_text(
    amount, precision, divide_on1000, blank_zero, show_symbol, currency, negative_format
) as
    case
        when blank_zero and amount = 0 then ''
        else reports.arlake_signed_text(
            reports.arlake_money_units(amount, divide_on1000), precision, show_symbol, currency, negative_format
        )
    end;
{%- endmacro %}
