{{ config(materialized='table') }}
-- The outreach summary of each invoice over time, for the invoice list: one row per invoice and date on which an
-- email or call linked to it occurred, valid over [valid_from, valid_until) (valid_until null: to the end).
-- Keyed by the invoice's invoice_key (its place in the order of the ids), not its text id. Ordered by invoice, so
-- that a page of the invoice list at an earlier date reads the rows of its invoices only (the page's keys reach
-- the scan as a filter of the join).
--   last_outreach_at / last_outreach_channel: latest linked outbound email or call that was made (status neither
--     draft nor canceled; ties on the time to the greater outreach_id); last_inbound_at: latest inbound one.
-- The emails and calls are the listing's own (int_invoice_list_outreach_base, one row per link), so both tables
-- take them by one rule and the links are joined to their outreach once.
with

outreach as (
    select
        outreach.*,
        outreach.direction = 'outbound' and (outreach.status is null or outreach.status not in ('draft', 'canceled'))
            as is_made_outbound
    from {{ ref('int_invoice_list_outreach_base') }} as outreach
),

days as (
    select
        outreach.invoice_key,
        cast(outreach.occurred_at as date) as valid_from,
        max(outreach.occurred_at) filter (where outreach.is_made_outbound) as last_outreach_at,
        {{ arlake_arg_max('outreach.channel', 'outreach.occurred_at', 'outreach.outreach_id') }} filter (
            where outreach.is_made_outbound
        ) as last_outreach_channel,
        max(outreach.occurred_at) filter (where outreach.direction = 'inbound') as last_inbound_at
    from outreach
    group by outreach.invoice_key, cast(outreach.occurred_at as date)
)

select
    invoice_key,
    valid_from,
    lead(valid_from) over (partition by invoice_key order by valid_from) as valid_until,
    max(last_outreach_at) over running as last_outreach_at,
    {{ arlake_last_value_ignore_nulls("last_outreach_channel") }} over running as last_outreach_channel,
    max(last_inbound_at) over running as last_inbound_at
from days
window running as (partition by invoice_key order by valid_from rows between unbounded preceding and current row)
order by invoice_key, valid_from
