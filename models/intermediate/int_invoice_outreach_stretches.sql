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

running as (
    -- Every email or call with the summary through it, in the order (occurred_at, outreach_id): the running
    -- maxima, and the channel of the latest made outbound one (ties on the time to the greater outreach_id, last in
    -- that order); with the date of the invoice's next one. Nearly every invoice and date has one email or call
    -- (15.83M of 15.84M rows at 10M invoices), so the rows are summarized where they stand, not grouped by date
    -- first.
    select
        invoice_key,
        cast(occurred_at as date) as valid_from,
        lead(cast(occurred_at as date)) over in_order as next_on,
        max(case when is_made_outbound then occurred_at end) over through_row as last_outreach_at,
        {{ arlake_last_value_ignore_nulls("case when is_made_outbound then channel end") }} over through_row
            as last_outreach_channel,
        max(case when direction = 'inbound' then occurred_at end) over through_row as last_inbound_at
    from outreach
    window
        in_order as (partition by invoice_key order by occurred_at, outreach_id),
        through_row as (
            partition by invoice_key order by occurred_at, outreach_id
            rows between unbounded preceding and current row
        )
)

-- the last email or call of each date holds the date's summary, valid until the next date with one
select
    invoice_key,
    valid_from,
    next_on as valid_until,
    last_outreach_at,
    last_outreach_channel,
    last_inbound_at
from running
where next_on is null or next_on > valid_from
order by invoice_key, valid_from
