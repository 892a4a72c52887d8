-- Every raw money value with more than two decimals that the reader rounded half-up to cents: table, record id,
-- column, file and row, the value as given (text, exact), the rounded value and the difference (rounded - given).
-- Only files whose money columns carry more than two decimals are read here (macros/raw.sql).
with

rounded as (
    {{ arlake_money_rounding() }}
)

select * from rounded
