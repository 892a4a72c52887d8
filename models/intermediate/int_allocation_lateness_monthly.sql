{{ config(materialized='table') }}
-- How late money arrived, per customer and calendar month of application, for every month: over the positive
-- allocations (reversals left out), cent-days late = sum(cents x max(applied_on - due_on, 0)) and the cents paid
-- (macro arlake_lateness_sums). The DSO family's weighted average days late is their ratio; the month holding the
-- as-of date is recomputed up to that date by the DSO models.
select
    organization_id,
    customer_id,
    {{ arlake_period_start('monthly', 'applied_on', none) }} as period_start,
    {{ arlake_lateness_sums('allocations') }}
from {{ ref('int_payment_allocations') }} as allocations
where amount > 0
group by organization_id, customer_id, {{ arlake_period_start('monthly', 'applied_on', none) }}
