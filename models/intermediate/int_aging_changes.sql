{{ config(materialized='table') }}
-- The open stretches of int_invoice_open_periods as changes, per organization, aging basis and the date ages
-- count from (basis_on: due_on on the due_date basis, the issue date on the issue_date basis): on the day a
-- stretch opens, the outstanding grows by its amount and the open invoices by one; on the day it ends
-- (open_until), both shrink by as much. So for any date D, the sum of the changes dated on or before D per
-- (basis, basis_on) is the outstanding and the number of invoices open at D with that due or issue date, and the
-- aging of an organization at many dates (aging_trend) reads this table alone, never the stretches themselves.
-- Changes that cancel (a stretch ending the day the invoice's next one opens with the same amount) are left out.
with

periods as (
    select
        organization_id,
        due_on,
        issued_on,
        outstanding,
        open_from,
        open_until
    from {{ ref('int_invoice_open_periods') }}
),

events as (
    select
        organization_id,
        due_on,
        issued_on,
        open_from as changed_on,
        outstanding as outstanding_change,
        1 as open_invoices_change
    from periods
    union all
    select
        organization_id,
        due_on,
        issued_on,
        open_until as changed_on,
        -outstanding as outstanding_change,
        -1 as open_invoices_change
    from periods
    where open_until is not null
),

by_basis as (
    select
        organization_id,
        'due_date' as aging_basis,
        due_on as basis_on,
        changed_on,
        outstanding_change,
        open_invoices_change
    from events
    union all
    select
        organization_id,
        'issue_date' as aging_basis,
        issued_on as basis_on,
        changed_on,
        outstanding_change,
        open_invoices_change
    from events
)

select
    organization_id,
    aging_basis,
    basis_on,
    changed_on,
    cast(sum(outstanding_change) as decimal(38, 2)) as outstanding_change,
    cast(sum(open_invoices_change) as bigint) as open_invoices_change
from by_basis
group by organization_id, aging_basis, basis_on, changed_on
having sum(outstanding_change) <> 0 or sum(open_invoices_change) <> 0
order by organization_id, aging_basis, changed_on
