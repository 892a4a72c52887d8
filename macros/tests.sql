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
  The collections identities, in one test so that the model is read once: amount_collected = touched + other; balance_for_period = balance - balance_period_start (and
  touched); subsets no larger than their sets (touched AR <= AR, overdue <= AR, receivables <= AR, touched counts
  <= counts); and consecutive periods chain - the next period of the same customer opens with this period's
  closing balance, and when the next period was not emitted this balance was 0. Intervals: `intervals`.
-#}
{% test arlake_collections_identities(model, intervals=['monthly', 'weekly']) %}
with

rows_ as (
    select
        *,
        lead(period_start) over chain as next_start,
        lead(balance_period_start) over chain as next_opening,
        max(period_end) over (partition by period_interval, organization_id) as last_end
    from {{ model }}
    where period_interval in ({% for i in intervals %}'{{ i }}'{{ ',' if not loop.last }}{% endfor %})
    window chain as (partition by period_interval, organization_id, customer_id order by period_start)
)

select *
from rows_
where
    amount_collected <> amount_collected_stuut_touched + amount_collected_other
    or balance_for_period <> balance - balance_period_start
    or balance_for_period_stuut_touched <> balance_stuut_touched - balance_period_start_stuut_touched
    or balance_stuut_touched > balance
    or amount_overdue > balance
    or amount_receivables > balance
    or invoices_collected_stuut_touched > invoices_collected
    or invoices_touched_and_collected > invoices_touched
    or (
        period_interval <> 'all' and period_end < last_end
        and (
            (next_start = period_end + 1 and next_opening <> balance)
            or ((next_start is null or next_start > period_end + 1) and balance <> 0)
        )
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

{#- No two rows share the values of `columns` (a composite key). -#}
{% test arlake_unique_key(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as rows_with_key
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
