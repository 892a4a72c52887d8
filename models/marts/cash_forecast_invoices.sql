{{ config(materialized='query_view') }}
-- When each invoice open at the as-of date D is expected to be paid (query-time: SET VARIABLE as_of_date,
-- lookback_days), in this order:
--   in dispute (in_dispute true; null is not)  -> the disputed group, no date;
--   promised_to_pay_date >= D + 1              -> that date;
--   otherwise                                  -> due_on + shift_days, where shift_days is the customer's
--     average_days_late (payment_behaviour), else the organization's when the customer is unrated, else 0,
--     rounded half away from zero (-2.50 -> -3); a date on or before D becomes D + 1.
-- forecast_week: k = 1..13 when the expected date is in D + 7(k-1) + 1 .. D + 7k, null for later dates and
-- disputes; forecast_group: week, later (from D + 92) or disputed. The amount expected is the outstanding at D.
-- D is written into the query as a scalar rather than joined as a row, so that the condition on the open
-- stretches reaches their scan (the zone maps then skip the stretches closed before D).
{%- set as_of = as_of_date() %}
{%- set next_day = arlake_add_days(as_of, 1) %}
with

behaviour as (
    select * from {{ query_ref('payment_behaviour') }}
),

open_at as (
    select stretches.*
    from {{ ref('int_invoice_open_periods') }} as stretches
    where {{ arlake_stretch_holds('stretches', as_of) }}
),

shifted as (
    select
        open_at.invoice_id,
        open_at.organization_id,
        open_at.customer_id,
        open_at.issued_on,
        open_at.due_on,
        open_at.outstanding,
        open_at.promised_to_pay_date,
        coalesce(open_at.in_dispute, false) as is_disputed,
        coalesce(customers.average_days_late, organizations.average_days_late, 0) as average_days_late
    from open_at
    left join behaviour as customers
        on
            customers.scope = 'customer'
            and open_at.organization_id = customers.organization_id
            and open_at.customer_id = customers.customer_id
    left join behaviour as organizations
        on
            organizations.scope = 'organization'
            and open_at.organization_id = organizations.organization_id
),

shifts as (
    select
        *,
        cast(sign(average_days_late) * floor(abs(average_days_late) + 0.5) as integer) as shift_days
    from shifted
),

expected as (
    select
        shifts.*,
        {{ as_of }} as as_of_date,
        case
            when shifts.is_disputed then null
            when shifts.promised_to_pay_date >= {{ next_day }}
                then shifts.promised_to_pay_date
            else greatest({{ arlake_add_days('shifts.due_on', 'shifts.shift_days') }}, {{ next_day }})
        end as expected_on
    from shifts
)

select
    as_of_date,
    invoice_id,
    organization_id,
    customer_id,
    issued_on,
    due_on,
    outstanding,
    is_disputed,
    promised_to_pay_date,
    average_days_late,
    shift_days,
    expected_on,
    case
        when is_disputed then 'disputed'
        when {{ arlake_days_between('as_of_date', 'expected_on') }} <= 91 then 'week'
        else 'later'
    end as forecast_group,
    case
        when not is_disputed and {{ arlake_days_between('as_of_date', 'expected_on') }} <= 91
            then cast(({{ arlake_days_between('as_of_date', 'expected_on') }} + 6) // 7 as integer)
    end as forecast_week
from expected
