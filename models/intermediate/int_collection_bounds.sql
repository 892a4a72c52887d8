{{ config(materialized='table') }}
-- Per organization, the first and the last date on which anything the collections and DSO measures read happens:
-- an invoice issued, an allocation applied, a touch, a settlement, or a change of a point-in-time measure (an
-- invoice opening, closing, becoming overdue or touched while open). Before first_on and after through_on
-- nothing changes, so the stored periods of int_collection_periods run from the period holding first_on to the
-- one holding through_on.
with

dates as (
    select
        organization_id,
        issued_on as day
    from {{ ref('int_invoice_balances') }}
    union all
    select
        organization_id,
        settled_on as day
    from {{ ref('int_invoice_balances') }}
    where settled_on is not null
    union all
    select
        organization_id,
        applied_on as day
    from {{ ref('int_payment_allocations') }}
    union all
    select
        organization_id,
        occurred_on as day
    from {{ ref('int_invoice_touches') }}
    union all
    select
        organization_id,
        coalesce(open_until, open_from) as day
    from {{ ref('int_invoice_open_periods') }}
    union all
    select
        organization_id,
        {{ arlake_add_days('due_on', 1) }} as day
    from {{ ref('int_invoice_open_periods') }}
    where open_until is null or {{ arlake_add_days('due_on', 1) }} < open_until
)

select
    organization_id,
    min(day) as first_on,
    max(day) as through_on
from dates
group by organization_id
