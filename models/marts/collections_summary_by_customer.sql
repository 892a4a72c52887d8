-- Collections per customer and period (contract 4.4), for every interval (monthly, weekly, all), read at
-- query time: as-of date A (SET VARIABLE as_of_date) and first day F (SET VARIABLE from_date; null = the
-- organization's first issued invoice date). Periods run from the one holding F to the one holding A; a period
-- [s, e] ends at e' = min(e, A). A row per (customer, period) with an invoice issued, an allocation applied or
-- a touch in [s, e'], or a non-zero AR at s - 1 or e'. Money in major units (DECIMAL).
with

periods as (
    select * from {{ ref('int_collection_periods') }}
),

first_touches as (
    select
        invoice_id,
        min(occurred_on) as first_touch_on
    from {{ ref('int_invoice_touches') }}
    group by invoice_id
),

customers as (
    select * from {{ ref('stg_arlake__customers') }}
),

{%- for interval in arlake_intervals() %}

{{ interval }}_bounds as (
    select
        organization_id,
        as_of,
        from_on,
        min(period_start) as first_start
    from periods
    where period_interval = '{{ interval }}'
    group by all
),

{{ interval }}_spine as (
    select
        organization_id,
        as_of,
        period_start,
        period_end
    from periods
    where period_interval = '{{ interval }}'
),

{{ interval }}_changes as (
    -- Changes of the point-in-time measures per period; period_start null: before the first period.
    select
        changes.organization_id,
        changes.customer_id,
        case
            when changes.change_on >= bounds.first_start
                then {{ arlake_period_start(interval, 'changes.change_on', 'bounds.from_on') }}
        end as period_start,
        sum(changes.balance) as balance,
        sum(changes.balance_touched) as balance_touched,
        sum(changes.amount_overdue) as amount_overdue,
        sum(changes.amount_overdue_touched) as amount_overdue_touched,
        sum(changes.total_invoice_amount) as total_invoice_amount,
        sum(changes.invoices_open) as invoices_open,
        sum(changes.invoices_overdue) as invoices_overdue
    from {{ ref('int_customer_balance_changes') }} as changes
    inner join {{ interval }}_bounds as bounds on changes.organization_id = bounds.organization_id
    where changes.change_on <= bounds.as_of
    group by all
),

{{ interval }}_points as (
    -- Point-in-time measures at e' (running sums of the changes) and at s - 1 (the same, before this period).
    select
        spine.organization_id,
        spine.period_start,
        customers_with_changes.customer_id,
        coalesce(opening.balance, 0) + sum(coalesce(changes.balance, 0)) over running as balance,
        coalesce(opening.balance, 0) + sum(coalesce(changes.balance, 0)) over running
        - coalesce(changes.balance, 0) as balance_period_start,
        coalesce(opening.balance_touched, 0) + sum(coalesce(changes.balance_touched, 0)) over running
            as balance_stuut_touched,
        coalesce(opening.balance_touched, 0) + sum(coalesce(changes.balance_touched, 0)) over running
        - coalesce(changes.balance_touched, 0) as balance_period_start_stuut_touched,
        coalesce(opening.amount_overdue, 0) + sum(coalesce(changes.amount_overdue, 0)) over running
            as amount_overdue,
        coalesce(opening.amount_overdue_touched, 0) + sum(coalesce(changes.amount_overdue_touched, 0)) over running
            as amount_overdue_stuut_touched,
        coalesce(opening.total_invoice_amount, 0) + sum(coalesce(changes.total_invoice_amount, 0)) over running
            as total_invoice_amount,
        coalesce(opening.invoices_open, 0) + sum(coalesce(changes.invoices_open, 0)) over running as invoices_open,
        coalesce(opening.invoices_overdue, 0) + sum(coalesce(changes.invoices_overdue, 0)) over running
            as invoices_overdue
    from (
        select distinct
            organization_id,
            customer_id
        from {{ interval }}_changes
    ) as customers_with_changes
    inner join {{ interval }}_spine as spine on customers_with_changes.organization_id = spine.organization_id
    left join {{ interval }}_changes as changes
        on
            customers_with_changes.organization_id = changes.organization_id
            and customers_with_changes.customer_id = changes.customer_id
            and spine.period_start = changes.period_start
    left join {{ interval }}_changes as opening
        on
            customers_with_changes.organization_id = opening.organization_id
            and customers_with_changes.customer_id = opening.customer_id
            and opening.period_start is null
    window running as (
        partition by spine.organization_id, customers_with_changes.customer_id
        order by spine.period_start
        rows between unbounded preceding and current row
    )
),

{{ interval }}_issued_invoices as (
    select
        invoices.invoice_id,
        invoices.organization_id,
        invoices.customer_id,
        invoices.total_amount,
        invoices.voided_on,
        first_touches.first_touch_on,
        {{ arlake_period_start(interval, 'invoices.issued_on', 'bounds.from_on') }} as period_start,
        {{ arlake_period_end(interval, arlake_period_start(interval, 'invoices.issued_on', 'bounds.from_on'), 'bounds.as_of') }}
            as period_end
    from {{ ref('int_invoices') }} as invoices
    inner join {{ interval }}_bounds as bounds on invoices.organization_id = bounds.organization_id
    left join first_touches on invoices.invoice_id = first_touches.invoice_id
    where invoices.issued_on between bounds.first_start and bounds.as_of
),

{{ interval }}_issued as (
    -- Issued in [s, e'] and existing at e' (not voided on or before e'); touched by e'.
    select
        organization_id,
        customer_id,
        period_start,
        count(*) as invoices_issued_any,
        coalesce(sum(total_amount) filter (where voided_on is null or voided_on > period_end), 0) as amount_issued,
        coalesce(sum(total_amount) filter (
            where (voided_on is null or voided_on > period_end) and first_touch_on <= period_end
        ), 0) as amount_issued_stuut_touched,
        count(*) filter (where voided_on is null or voided_on > period_end) as invoices_issued
    from {{ interval }}_issued_invoices
    group by all
),

{{ interval }}_receivables as (
    -- Outstanding at e' of the invoices issued in [s, e'] that are open at e'.
    select
        issued.organization_id,
        issued.customer_id,
        issued.period_start,
        sum(periods.outstanding) as amount_receivables,
        coalesce(sum(periods.outstanding) filter (where issued.first_touch_on <= issued.period_end), 0)
            as amount_receivables_stuut_touched
    from {{ interval }}_issued_invoices as issued
    inner join {{ ref('int_invoice_open_periods') }} as periods
        on
            issued.invoice_id = periods.invoice_id
            and issued.period_end >= periods.open_from
            and (periods.open_until is null or issued.period_end < periods.open_until)
    group by all
),

{{ interval }}_allocations as (
    select
        allocations.*,
        {{ arlake_period_start(interval, 'allocations.applied_on', 'bounds.from_on') }} as period_start
    from {{ ref('int_allocation_touches') }} as allocations
    inner join {{ interval }}_bounds as bounds on allocations.organization_id = bounds.organization_id
    where allocations.applied_on between bounds.first_start and bounds.as_of
),

{{ interval }}_collected as (
    select
        organization_id,
        customer_id,
        period_start,
        sum(amount) as amount_collected,
        coalesce(sum(amount) filter (where is_touched), 0) as amount_collected_stuut_touched,
        coalesce(sum(amount) filter (where is_automated), 0) as amount_collected_automated,
        count(distinct invoice_id) as invoices_collected,
        count(distinct invoice_id) filter (where is_touched) as invoices_collected_stuut_touched
    from {{ interval }}_allocations
    group by all
),

{{ interval }}_touches as (
    select
        touches.*,
        {{ arlake_period_start(interval, 'touches.occurred_on', 'bounds.from_on') }} as period_start
    from {{ ref('int_invoice_touches') }} as touches
    inner join {{ interval }}_bounds as bounds on touches.organization_id = bounds.organization_id
    where touches.occurred_on between bounds.first_start and bounds.as_of
),

{{ interval }}_touched as (
    select
        organization_id,
        customer_id,
        period_start,
        count(distinct invoice_id) as invoices_touched
    from {{ interval }}_touches
    group by all
),

{{ interval }}_first_touch_in_period as (
    select
        invoice_id,
        organization_id,
        customer_id,
        period_start,
        min(occurred_at) as first_at
    from {{ interval }}_touches
    group by all
),

{{ interval }}_last_allocation_in_period as (
    select
        invoice_id,
        period_start,
        max(applied_at) as last_at
    from {{ interval }}_allocations
    group by all
),

{{ interval }}_touched_and_collected as (
    -- Invoices with a touch t and an allocation a in the period, t strictly before a: the period's first touch
    -- is before its last allocation.
    select
        first_touch.organization_id,
        first_touch.customer_id,
        first_touch.period_start,
        count(*) as invoices_touched_and_collected
    from {{ interval }}_first_touch_in_period as first_touch
    inner join {{ interval }}_last_allocation_in_period as last_allocation
        on
            first_touch.invoice_id = last_allocation.invoice_id
            and first_touch.period_start = last_allocation.period_start
    where first_touch.first_at < last_allocation.last_at
    group by all
),

{{ interval }}_paid as (
    select
        balances.organization_id,
        balances.customer_id,
        {{ arlake_period_start(interval, 'balances.settled_on', 'bounds.from_on') }} as period_start,
        count(*) as invoices_paid,
        sum(balances.settled_on - invoices.due_on) as days_from_due,
        sum(balances.settled_on - invoices.issued_on) as days_from_issued
    from {{ ref('int_invoice_balances') }} as balances
    inner join {{ ref('int_invoices') }} as invoices on balances.invoice_id = invoices.invoice_id
    inner join {{ interval }}_bounds as bounds on balances.organization_id = bounds.organization_id
    where balances.settled_on between bounds.first_start and bounds.as_of
    group by all
),

{{ interval }}_keys as (
    select
        organization_id,
        customer_id,
        period_start
    from {{ interval }}_points
    where balance <> 0 or balance_period_start <> 0
    union
    select
        organization_id,
        customer_id,
        period_start
    from {{ interval }}_issued
    union
    select
        organization_id,
        customer_id,
        period_start
    from {{ interval }}_collected
    union
    select
        organization_id,
        customer_id,
        period_start
    from {{ interval }}_touched
),

{{ interval }}_rows as (
    select
        '{{ interval }}' as period_interval,
        period_keys.organization_id,
        period_keys.customer_id,
        period_keys.period_start,
        spine.period_end,
        coalesce(points.balance, 0) as balance,
        coalesce(points.balance_period_start, 0) as balance_period_start,
        coalesce(points.balance_stuut_touched, 0) as balance_stuut_touched,
        coalesce(points.balance_period_start_stuut_touched, 0) as balance_period_start_stuut_touched,
        coalesce(issued.amount_issued, 0) as amount_issued,
        coalesce(issued.amount_issued_stuut_touched, 0) as amount_issued_stuut_touched,
        coalesce(points.total_invoice_amount, 0) as total_invoice_amount,
        coalesce(collected.amount_collected, 0) as amount_collected,
        coalesce(collected.amount_collected_stuut_touched, 0) as amount_collected_stuut_touched,
        coalesce(collected.amount_collected_automated, 0) as amount_collected_automated,
        coalesce(points.amount_overdue, 0) as amount_overdue,
        coalesce(points.amount_overdue_stuut_touched, 0) as amount_overdue_stuut_touched,
        coalesce(receivables.amount_receivables, 0) as amount_receivables,
        coalesce(receivables.amount_receivables_stuut_touched, 0) as amount_receivables_stuut_touched,
        coalesce(issued.invoices_issued, 0) as invoices_issued,
        coalesce(points.invoices_open, 0) as invoices_open,
        coalesce(points.invoices_overdue, 0) as invoices_overdue,
        coalesce(paid.invoices_paid, 0) as invoices_paid,
        coalesce(collected.invoices_collected, 0) as invoices_collected,
        coalesce(collected.invoices_collected_stuut_touched, 0) as invoices_collected_stuut_touched,
        coalesce(touched.invoices_touched, 0) as invoices_touched,
        coalesce(touched_and_collected.invoices_touched_and_collected, 0) as invoices_touched_and_collected,
        paid.days_from_due,
        paid.days_from_issued
    from {{ interval }}_keys as period_keys
    inner join {{ interval }}_spine as spine
        on period_keys.organization_id = spine.organization_id and period_keys.period_start = spine.period_start
    left join {{ interval }}_points as points
        on
            period_keys.organization_id = points.organization_id
            and period_keys.customer_id = points.customer_id
            and period_keys.period_start = points.period_start
    left join {{ interval }}_issued as issued
        on
            period_keys.organization_id = issued.organization_id
            and period_keys.customer_id = issued.customer_id
            and period_keys.period_start = issued.period_start
    left join {{ interval }}_receivables as receivables
        on
            period_keys.organization_id = receivables.organization_id
            and period_keys.customer_id = receivables.customer_id
            and period_keys.period_start = receivables.period_start
    left join {{ interval }}_collected as collected
        on
            period_keys.organization_id = collected.organization_id
            and period_keys.customer_id = collected.customer_id
            and period_keys.period_start = collected.period_start
    left join {{ interval }}_touched as touched
        on
            period_keys.organization_id = touched.organization_id
            and period_keys.customer_id = touched.customer_id
            and period_keys.period_start = touched.period_start
    left join {{ interval }}_touched_and_collected as touched_and_collected
        on
            period_keys.organization_id = touched_and_collected.organization_id
            and period_keys.customer_id = touched_and_collected.customer_id
            and period_keys.period_start = touched_and_collected.period_start
    left join {{ interval }}_paid as paid
        on
            period_keys.organization_id = paid.organization_id
            and period_keys.customer_id = paid.customer_id
            and period_keys.period_start = paid.period_start
),
{%- endfor %}

every_interval as (
    {%- for interval in arlake_intervals() %}
    select * from {{ interval }}_rows
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    every_interval.period_interval,
    every_interval.organization_id,
    every_interval.customer_id as partner_id,
    customers.name as partner_name,
    customers.account_number as partner_account_number,
    customers.business_unit_id,
    every_interval.period_start,
    every_interval.period_end,
    cast(every_interval.balance as decimal(18, 2)) as balance,
    cast(every_interval.balance_period_start as decimal(18, 2)) as balance_period_start,
    cast(every_interval.balance - every_interval.balance_period_start as decimal(18, 2)) as balance_for_period,
    cast(every_interval.balance_stuut_touched as decimal(18, 2)) as balance_stuut_touched,
    cast(every_interval.balance_period_start_stuut_touched as decimal(18, 2)) as balance_period_start_stuut_touched,
    cast(every_interval.balance_stuut_touched - every_interval.balance_period_start_stuut_touched as decimal(18, 2))
        as balance_for_period_stuut_touched,
    cast(every_interval.amount_issued as decimal(18, 2)) as amount_issued,
    cast(every_interval.amount_issued_stuut_touched as decimal(18, 2)) as amount_issued_stuut_touched,
    cast(every_interval.total_invoice_amount as decimal(18, 2)) as total_invoice_amount,
    cast(every_interval.amount_collected as decimal(18, 2)) as amount_collected,
    cast(every_interval.amount_collected_stuut_touched as decimal(18, 2)) as amount_collected_stuut_touched,
    cast(every_interval.amount_collected_automated as decimal(18, 2)) as amount_collected_automated,
    cast(every_interval.amount_collected - every_interval.amount_collected_stuut_touched as decimal(18, 2))
        as amount_collected_other,
    cast(every_interval.amount_overdue as decimal(18, 2)) as amount_overdue,
    cast(every_interval.amount_overdue_stuut_touched as decimal(18, 2)) as amount_overdue_stuut_touched,
    cast(every_interval.amount_receivables as decimal(18, 2)) as amount_receivables,
    cast(every_interval.amount_receivables_stuut_touched as decimal(18, 2)) as amount_receivables_stuut_touched,
    {{ arlake_round_div(
        arlake_cents('every_interval.balance') ~ ' * (every_interval.period_end - every_interval.period_start + 1)',
        arlake_cents('every_interval.amount_issued'), 2) }} as dso,
    {{ arlake_round_div(
        arlake_cents('every_interval.balance_stuut_touched') ~ ' * (every_interval.period_end - every_interval.period_start + 1)',
        arlake_cents('every_interval.amount_issued_stuut_touched'), 2) }} as dso_stuut_touched,
    every_interval.invoices_issued,
    every_interval.invoices_open,
    every_interval.invoices_overdue,
    every_interval.invoices_paid,
    every_interval.invoices_collected,
    every_interval.invoices_collected_stuut_touched,
    every_interval.invoices_touched,
    every_interval.invoices_touched_and_collected,
    {{ arlake_round_div('every_interval.invoices_touched_and_collected', 'every_interval.invoices_touched', 4) }}
        as invoices_touched_and_collected_ratio,
    {{ arlake_round_div('every_interval.days_from_due', 'every_interval.invoices_paid', 2) }} as avg_days_to_pay_from_due,
    {{ arlake_round_div('every_interval.days_from_issued', 'every_interval.invoices_paid', 2) }} as avg_days_to_pay_from_issued
from every_interval
left join customers on every_interval.customer_id = customers.customer_id
