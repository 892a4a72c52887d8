{{ config(materialized='query_view') }}
-- Per customer at the as-of date D (query-time: SET VARIABLE as_of_date), what the customer owes and what it has
-- paid or been credited that no invoice has absorbed:
--   receivable      AR(c, D): the outstanding of its open invoices (int_invoice_open_periods), with their count
--                   and the oldest due date among them;
--   unapplied_cash  the unapplied cash of its payments at D (int_payment_unapplied_periods; the payment's own
--                   customer), with the number of payments holding some;
--   credits         minus the outstanding of its invoices that exist at D with an outstanding < 0
--                   (int_invoice_credit_periods);
--   net_balance     receivable - unapplied_cash - credits.
-- A customer (of int_customers; its organization) has a row when one of these is non-zero; a payment of a
-- customer the data does not know is left out (counted by the payment_unknown_customer check).
-- D is written into each condition as a scalar rather than joined as a row, so that the conditions reach the
-- scans: at the usual D, after the last change, the zone maps skip the stretches that closed before it.
{%- set as_of = as_of_date() %}
with

contributions as (
    -- one row per open invoice, payment holding unapplied cash and invoice in credit at D
    select
        stretches.organization_id,
        stretches.customer_id,
        stretches.outstanding as receivable,
        cast(0 as decimal(38, 2)) as unapplied_cash,
        cast(0 as decimal(38, 2)) as credits,
        1 as open_invoices,
        0 as payments_with_unapplied_cash,
        stretches.due_on as open_due_on
    from {{ ref('int_invoice_open_periods') }} as stretches
    where {{ arlake_stretch_holds('stretches', as_of) }}
    union all
    select
        customers.organization_id,
        stretches.customer_id,
        0 as receivable,
        stretches.unapplied as unapplied_cash,
        0 as credits,
        0 as open_invoices,
        1 as payments_with_unapplied_cash,
        null as open_due_on
    from {{ ref('int_payment_unapplied_periods') }} as stretches
    inner join {{ ref('int_customers') }} as customers on stretches.customer_id = customers.customer_id
    where {{ arlake_stretch_holds('stretches', as_of, 'unapplied_from', 'unapplied_until') }}
    union all
    select
        stretches.organization_id,
        stretches.customer_id,
        0 as receivable,
        0 as unapplied_cash,
        stretches.credit as credits,
        0 as open_invoices,
        0 as payments_with_unapplied_cash,
        null as open_due_on
    from {{ ref('int_invoice_credit_periods') }} as stretches
    where {{ arlake_stretch_holds('stretches', as_of, 'credit_from', 'credit_until') }}
),

amounts as (
    select
        organization_id,
        customer_id,
        cast(sum(receivable) as decimal(38, 2)) as receivable,
        cast(sum(unapplied_cash) as decimal(38, 2)) as unapplied_cash,
        cast(sum(credits) as decimal(38, 2)) as credits,
        cast(sum(open_invoices) as bigint) as open_invoices,
        cast(sum(payments_with_unapplied_cash) as bigint) as payments_with_unapplied_cash,
        min(open_due_on) as oldest_open_due_on
    from contributions
    group by organization_id, customer_id
)

select
    {{ as_of }} as as_of_date,
    amounts.organization_id,
    amounts.customer_id,
    amounts.receivable,
    amounts.unapplied_cash,
    amounts.credits,
    cast(amounts.receivable - amounts.unapplied_cash - amounts.credits as decimal(38, 2)) as net_balance,
    amounts.open_invoices,
    amounts.payments_with_unapplied_cash,
    amounts.oldest_open_due_on
from amounts
where amounts.receivable <> 0 or amounts.unapplied_cash <> 0 or amounts.credits <> 0
