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
  floating-point number.
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
create or replace macro reports.arlake_digits_text(rounded, precision) as
    format('{:,}', rounded // reports.arlake_power_of_ten(precision))
    || case
        when precision > 0
            then '.' || lpad(cast(rounded % reports.arlake_power_of_ten(precision) as varchar), precision, '0')
        else ''
    end;
create or replace macro reports.arlake_unsigned_text(units, precision, show_symbol, currency) as
    (case when show_symbol then reports.arlake_currency_prefix(currency) else '' end)
    || reports.arlake_digits_text(reports.arlake_rounded_units(units, precision), precision);
create or replace macro reports.arlake_signed_text(units, precision, show_symbol, currency, negative_format) as
    case
        when units >= 0 or reports.arlake_rounded_units(units, precision) = 0
            then reports.arlake_unsigned_text(units, precision, show_symbol, currency)
        when negative_format = 'parentheses'
            then '(' || reports.arlake_unsigned_text(units, precision, show_symbol, currency) || ')'
        else '-' || reports.arlake_unsigned_text(units, precision, show_symbol, currency)
    end;
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
