{#- Generic data tests (shipped with the project, usable from YAML). -#}

{#- Rows where the expression is false or null fail. -#}
{% test arlake_expression_is_true(model, expression) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}

{#-
  Aging reconciles with the ledger at several as-of dates taken from the data itself (the last ledger date,
  90 and 365 days before it): per customer, the outstanding of the open stretches in int_invoice_open_periods
  (what ar_aging buckets) equals the ledger's sum over invoices that exist at D with outstanding > 0. Every
  row returned is a customer and date where the two disagree.
-#}
{% test arlake_open_periods_match_ledger(model, offsets_days=[0, 90, 365]) %}
with

dates as (
    select max(event_on) - offset_days as as_of_date
    from {{ ref('int_invoice_ledger') }}, unnest({{ offsets_days }}) as t (offset_days)
    group by offset_days
),

open_invoices as (
    select
        dates.as_of_date,
        invoices.customer_id,
        invoices.invoice_id,
        sum(ledger.amount) as outstanding
    from dates
    cross join {{ ref('int_invoices') }} as invoices
    inner join {{ ref('int_invoice_ledger') }} as ledger on invoices.invoice_id = ledger.invoice_id
    where
        ledger.event_on <= dates.as_of_date
        and invoices.issued_on <= dates.as_of_date
        and (invoices.voided_on is null or invoices.voided_on > dates.as_of_date)
    group by all
    having sum(ledger.amount) > 0
),

from_ledger as (
    select
        as_of_date,
        customer_id,
        sum(outstanding) as ar
    from open_invoices
    group by all
),

from_periods as (
    select
        dates.as_of_date,
        periods.customer_id,
        sum(periods.outstanding) as ar
    from dates
    inner join {{ model }} as periods
        on
            periods.open_from <= dates.as_of_date
            and (periods.open_until is null or periods.open_until > dates.as_of_date)
    group by all
)

select
    coalesce(from_ledger.as_of_date, from_periods.as_of_date) as as_of_date,
    coalesce(from_ledger.customer_id, from_periods.customer_id) as customer_id,
    from_ledger.ar as ledger_ar,
    from_periods.ar as periods_ar
from from_ledger
full outer join from_periods
    on from_ledger.as_of_date = from_periods.as_of_date and from_ledger.customer_id = from_periods.customer_id
where from_ledger.ar is distinct from from_periods.ar
{% endtest %}

{#-
  Consecutive collections periods chain: for every emitted row, the next period of the same interval and
  customer starts with this period's closing balance (balance_period_start = balance), and when that next
  period was not emitted, this balance must have been 0 (rows are emitted whenever AR at s - 1 or e' is not 0).
  Read at the build's as-of date.
-#}
{% test arlake_periods_chain(model) %}
with

rows_ as (
    select
        period_interval,
        partner_id,
        period_start,
        period_end,
        balance,
        balance_period_start,
        lead(period_start) over w as next_start,
        lead(balance_period_start) over w as next_opening,
        max(period_end) over (partition by period_interval, organization_id) as last_end
    from {{ model }}
    window w as (partition by period_interval, partner_id order by period_start)
)

select *
from rows_
where
    period_interval <> 'all'
    and period_end < last_end
    and (
        (next_start = period_end + 1 and next_opening <> balance)
        or ((next_start is null or next_start > period_end + 1) and balance <> 0)
    )
{% endtest %}

{#-
  Sigma(current, buckets) = AR at D, per customer and overall: the bucketed ar_aging_by_customer summed per
  customer equals the ledger's outstanding over open invoices (invoice_balances_as_of), both read at the same
  query-time as-of date. Rows returned are customers (or the overall total, customer_id null) that disagree.
-#}
{% test arlake_buckets_sum_to_ar(model) %}
with

buckets as (
    select
        customer_id,
        sum(outstanding) as bucketed
    from {{ model }}
    group by grouping sets ((customer_id), ())
),

ledger as (
    select
        customer_id,
        sum(outstanding) as ar
    from {{ ref('invoice_balances_as_of') }}
    where is_open
    group by grouping sets ((customer_id), ())
)

select
    coalesce(buckets.customer_id, ledger.customer_id) as customer_id,
    buckets.bucketed,
    ledger.ar
from buckets
full outer join ledger on buckets.customer_id is not distinct from ledger.customer_id
where buckets.bucketed is distinct from ledger.ar
{% endtest %}
