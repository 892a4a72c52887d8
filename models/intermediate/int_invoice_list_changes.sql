-- What the invoice_list mart needs at an as-of date D, as stretches of dates: one row per invoice and date on
-- which something changes, valid over [valid_from, valid_until) (valid_until null: to the end). At D each invoice
-- has at most one row with valid_from <= D < valid_until, so the mart reads D with one range filter instead of
-- aggregating the ledger and the outreach on every query. Ordered by invoice, so that reading the rows of a few
-- invoices skips most of the table.
--   outstanding: sum of the ledger's events (events dated before the issue date count on it, as in
--     int_invoice_daily_balances); amount_paid: sum of its allocations (reversals subtract).
--   last_outreach_at / last_outreach_channel: latest linked outbound email or call that was made (status neither
--     draft nor canceled; ties on the time to the greater outreach_id); last_inbound_at: latest inbound one.
with

invoices as (
    select
        invoice_id,
        issued_on
    from {{ ref('int_invoices') }}
),

ledger_days as (
    select
        ledger.invoice_id,
        greatest(ledger.event_on, invoices.issued_on) as change_on,
        sum(ledger.amount) as net_outstanding,
        -coalesce(sum(ledger.amount) filter (where ledger.event_type = 'allocation'), 0) as net_paid
    from {{ ref('int_invoice_ledger') }} as ledger
    inner join invoices on ledger.invoice_id = invoices.invoice_id
    group by all
),

outreach as (
    select
        *,
        cast(occurred_at as date) as occurred_on,
        direction = 'outbound' and (status is null or status not in ('draft', 'canceled'))
            as is_made_outbound
    from {{ ref('stg_arlake__outreach') }}
    where channel in ('email', 'call')
),

outreach_days as (
    select
        links.invoice_id,
        outreach.occurred_on as change_on,
        max(outreach.occurred_at) filter (where outreach.is_made_outbound) as last_outreach_at,
        arg_max(outreach.channel, (outreach.occurred_at, outreach.outreach_id)) filter (
            where outreach.is_made_outbound
        ) as last_outreach_channel,
        max(outreach.occurred_at) filter (where outreach.direction = 'inbound') as last_inbound_at
    from {{ ref('stg_arlake__outreach_invoices') }} as links
    inner join outreach on links.outreach_id = outreach.outreach_id
    group by all
),

days as (
    select
        ledger_days.net_outstanding,
        ledger_days.net_paid,
        outreach_days.last_outreach_at,
        outreach_days.last_outreach_channel,
        outreach_days.last_inbound_at,
        coalesce(ledger_days.invoice_id, outreach_days.invoice_id) as invoice_id,
        coalesce(ledger_days.change_on, outreach_days.change_on) as change_on
    from ledger_days
    full outer join outreach_days
        on ledger_days.invoice_id = outreach_days.invoice_id and ledger_days.change_on = outreach_days.change_on
)

select
    invoice_id,
    change_on as valid_from,
    cast(sum(coalesce(net_outstanding, 0)) over running as decimal(18, 2)) as outstanding,
    cast(sum(coalesce(net_paid, 0)) over running as decimal(18, 2)) as amount_paid,
    lead(change_on) over (partition by invoice_id order by change_on) as valid_until,
    max(last_outreach_at) over running as last_outreach_at,
    last_value(last_outreach_channel ignore nulls) over running as last_outreach_channel,
    max(last_inbound_at) over running as last_inbound_at
from days
window running as (partition by invoice_id order by change_on rows between unbounded preceding and current row)
order by invoice_id, valid_from
