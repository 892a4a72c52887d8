{{ config(materialized='table') }}
-- Per organization, the first and the last date on which anything the collections and DSO measures read happens:
-- an invoice issued, an allocation applied, a touch, a settlement, or a change of a point-in-time measure (an
-- invoice opening, closing, becoming overdue or touched while open). Before first_on and after through_on
-- nothing changes. The stored periods of int_collection_periods run from the period holding first_on to the one
-- holding grid_through_on, the last through_on of all organizations (one end for the whole grid, so that a
-- query-time model knows which periods are stored from that date alone). first_issued_on: the organization's
-- first issued invoice (drafts aside), the reports' default first period.
with

dates as (
    select
        organization_id,
        issued_on as event_on
    from {{ ref('int_invoice_balances') }}
    union all
    select
        organization_id,
        settled_on as event_on
    from {{ ref('int_invoice_balances') }}
    where settled_on is not null
    union all
    select
        organization_id,
        applied_on as event_on
    from {{ ref('int_payment_allocations') }}
    union all
    select
        organization_id,
        occurred_on as event_on
    from {{ ref('int_invoice_touches') }}
    union all
    select
        organization_id,
        coalesce(open_until, open_from) as event_on
    from {{ ref('int_invoice_open_periods') }}
    union all
    select
        organization_id,
        {{ arlake_add_days('due_on', 1) }} as event_on
    from {{ ref('int_invoice_open_periods') }}
    where open_until is null or {{ arlake_add_days('due_on', 1) }} < open_until
),

per_organization as (
    select
        organization_id,
        min(event_on) as first_on,
        max(event_on) as through_on
    from dates
    group by organization_id
),

first_issued as (
    select
        organization_id,
        min(issued_on) as first_issued_on
    from {{ ref('int_invoice_balances') }}
    group by organization_id
)

select
    per_organization.organization_id,
    per_organization.first_on,
    per_organization.through_on,
    first_issued.first_issued_on,
    max(per_organization.through_on) over () as grid_through_on
from per_organization
left join first_issued on per_organization.organization_id = first_issued.organization_id
