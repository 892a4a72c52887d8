{#- Generic data tests of the balances, drill-down, trend and forecast marts (shipped with the project). -#}

{#-
  The AR of the balances, trend and forecast marts agrees with the aging at dates taken from the data (the last
  activity date minus each offset; every other parameter at its default): per organization, ar_aging_by_customer's
  total equals customer_balances' receivable, the last monthly and the last weekly row of aging_trend (whose
  period ends at the tested date), payment_behaviour's open_amount (organization scope) and the sum of
  cash_forecast's groups (`model`, the test's anchor, is one of them). Rows returned are (date, organization)
  pairs where one differs.
-#}
{% test arlake_balances_trend_forecast_agree_on_ar(model, as_of_offsets=[0, 45]) %}
{{ arlake_ar_agreement({
    'aging': (ref('ar_aging_by_customer'), 'outstanding', 'true'),
    'balances': (ref('customer_balances'), 'receivable', 'true'),
    'trend_monthly': (ref('aging_trend'), 'total', "period_interval = 'monthly' and period_end = tested_as_of"),
    'trend_weekly': (ref('aging_trend'), 'total', "period_interval = 'weekly' and period_end = tested_as_of"),
    'behaviour': (ref('payment_behaviour'), 'open_amount', "scope = 'organization'"),
    'forecast': (ref('cash_forecast'), 'amount', 'true'),
}, ref('dim_organizations'), as_of_offsets) }}
{% endtest %}

{#-
  Unapplied cash read two ways agrees at dates taken from the data: per customer, customer_balances (`model`,
  from the stretches of int_payment_unapplied_periods) and the sum over payment_balances_as_of (the allocations
  summed at query time) give the same unapplied cash and the same number of payments holding some. Rows
  returned are (date, customer) pairs where they differ.
-#}
{% test arlake_unapplied_cash_agrees(model, as_of_offsets=[0, 45, 365]) %}
with

from_stretches as (
    select
        tested_as_of,
        customer_id,
        unapplied_cash,
        payments_with_unapplied_cash
    from {{ arlake_at_data_dates(model, as_of_offsets, tag_dates=true) }} as balances
    where unapplied_cash <> 0
),

from_allocations as (
    select
        payments.tested_as_of,
        payments.customer_id,
        sum(payments.unapplied) as unapplied_cash,
        count(*) as payments_with_unapplied_cash
    from {{ arlake_at_data_dates(ref('payment_balances_as_of'), as_of_offsets, tag_dates=true) }} as payments
    inner join {{ ref('dim_customers') }} as customers on payments.customer_id = customers.customer_id
    where payments.unapplied > 0
    group by payments.tested_as_of, payments.customer_id
)

select
    coalesce(from_stretches.tested_as_of, from_allocations.tested_as_of) as tested_as_of,
    coalesce(from_stretches.customer_id, from_allocations.customer_id) as customer_id,
    from_stretches.unapplied_cash as stretches_unapplied,
    from_allocations.unapplied_cash as allocations_unapplied,
    from_stretches.payments_with_unapplied_cash as stretches_payments,
    from_allocations.payments_with_unapplied_cash as allocations_payments
from from_stretches
full outer join from_allocations
    on
        from_stretches.tested_as_of = from_allocations.tested_as_of
        and from_stretches.customer_id = from_allocations.customer_id
where
    from_stretches.unapplied_cash is distinct from from_allocations.unapplied_cash
    or from_stretches.payments_with_unapplied_cash is distinct from from_allocations.payments_with_unapplied_cash
{% endtest %}
