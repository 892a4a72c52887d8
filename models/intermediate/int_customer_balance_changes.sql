{{ config(materialized='table') }}
-- How each customer's point-in-time measures change, per date: a measure at date D is the sum of its changes
-- dated on or before D. Built from the open stretches [open_from, open_until) of int_invoice_open_periods:
--   balance, total_invoice_amount, invoices_open        over the whole stretch;
--   balance_touched                                     from the invoice's first touch date on;
--   amount_overdue, invoices_overdue                    from due_on + 1 on (due_on < D);
--   amount_overdue_touched                              from both.
-- Each part adds its value on its first day and takes it away on open_until. Independent of any as-of date,
-- so collections measures at many period ends are running sums, not range joins.
with

periods as (
    select * from {{ ref('int_invoice_open_periods') }}
),

stretches as (
    select
        periods.organization_id,
        periods.customer_id,
        periods.open_from,
        periods.open_until,
        periods.outstanding,
        periods.total_amount,
        -- greatest() skips nulls: an invoice never touched has no touched part at all.
        case
            when periods.first_touch_on is not null then greatest(periods.open_from, periods.first_touch_on)
        end as touched_from,
        greatest(periods.open_from, {{ arlake_add_days('periods.due_on', 1) }}) as overdue_from,
        case
            when periods.first_touch_on is not null
                then greatest(periods.open_from, {{ arlake_add_days('periods.due_on', 1) }}, periods.first_touch_on)
        end as overdue_touched_from
    from periods
),

parts as (
    select
        organization_id,
        customer_id,
        open_from as starts_on,
        open_until as ends_on,
        outstanding as balance,
        total_amount as total_invoice_amount,
        1 as invoices_open,
        0 as balance_touched,
        0 as amount_overdue,
        0 as invoices_overdue,
        0 as amount_overdue_touched
    from stretches

    union all

    select
        organization_id,
        customer_id,
        touched_from as starts_on,
        open_until as ends_on,
        0 as balance,
        0 as total_invoice_amount,
        0 as invoices_open,
        outstanding as balance_touched,
        0 as amount_overdue,
        0 as invoices_overdue,
        0 as amount_overdue_touched
    from stretches
    where touched_from is not null

    union all

    select
        organization_id,
        customer_id,
        overdue_from as starts_on,
        open_until as ends_on,
        0 as balance,
        0 as total_invoice_amount,
        0 as invoices_open,
        0 as balance_touched,
        outstanding as amount_overdue,
        1 as invoices_overdue,
        0 as amount_overdue_touched
    from stretches

    union all

    select
        organization_id,
        customer_id,
        overdue_touched_from as starts_on,
        open_until as ends_on,
        0 as balance,
        0 as total_invoice_amount,
        0 as invoices_open,
        0 as balance_touched,
        0 as amount_overdue,
        0 as invoices_overdue,
        outstanding as amount_overdue_touched
    from stretches
    where overdue_touched_from is not null
),

live_parts as (
    select * from parts
    where ends_on is null or starts_on < ends_on
),

changes as (
    select
        organization_id,
        customer_id,
        starts_on as change_on,
        balance,
        total_invoice_amount,
        invoices_open,
        balance_touched,
        amount_overdue,
        invoices_overdue,
        amount_overdue_touched
    from live_parts

    union all

    select
        organization_id,
        customer_id,
        ends_on as change_on,
        -balance as balance,
        -total_invoice_amount as total_invoice_amount,
        -invoices_open as invoices_open,
        -balance_touched as balance_touched,
        -amount_overdue as amount_overdue,
        -invoices_overdue as invoices_overdue,
        -amount_overdue_touched as amount_overdue_touched
    from live_parts
    where ends_on is not null
)

select
    organization_id,
    customer_id,
    change_on,
    cast(sum(balance) as decimal(38, 2)) as balance,
    cast(sum(total_invoice_amount) as decimal(38, 2)) as total_invoice_amount,
    cast(sum(invoices_open) as bigint) as invoices_open,
    cast(sum(balance_touched) as decimal(38, 2)) as balance_touched,
    cast(sum(amount_overdue) as decimal(38, 2)) as amount_overdue,
    cast(sum(invoices_overdue) as bigint) as invoices_overdue,
    cast(sum(amount_overdue_touched) as decimal(38, 2)) as amount_overdue_touched
from changes
group by organization_id, customer_id, change_on
order by change_on
