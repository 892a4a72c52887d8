{{ config(materialized='query_view') }}
-- Open invoices at the as-of date D with their age and bucket. D, the bucket width N, the number of buckets P
-- and the basis are read at query time (SET VARIABLE as_of_date / aging_width / aging_periods / aging_basis).
--   basis due_date:   age = D - due_on; bucket 0 (current) when age <= 0;
--   basis issue_date: age = D - issued_on; never current; bucket 1 holds ages 0..N;
--   bucket k (1 <= k < P): (k-1)*N + 1 <= age <= k*N; bucket P: age >= (P-1)*N + 1. No gaps, no overlaps.
with

params as (
    select
        {{ as_of_date() }} as as_of_date,
        {{ aging_width() }} as aging_width,
        {{ aging_periods() }} as aging_periods,
        {{ aging_basis() }} as aging_basis
),

open_at as (
    select
        periods.*,
        params.*,
        {{ arlake_days_between(
            "(case when params.aging_basis = 'issue_date' then periods.issued_on else periods.due_on end)",
            'params.as_of_date') }} as age_days
    from {{ ref('int_invoice_open_periods') }} as periods, params
    where
        periods.open_from <= params.as_of_date
        and (periods.open_until is null or periods.open_until > params.as_of_date)
),

bucketed as (
    select
        *,
        case
            when aging_basis = 'due_date' and age_days <= 0 then 0
            else least(greatest({{ arlake_int_div('age_days + aging_width - 1', 'aging_width') }}, 1), aging_periods)
        end as bucket_index
    from open_at
)

select
    as_of_date,
    aging_basis,
    aging_width,
    aging_periods,
    invoice_id,
    number,
    organization_id,
    customer_id,
    branch_id,
    issued_on,
    due_on,
    total_amount,
    outstanding,
    age_days,
    bucket_index,
    case
        when bucket_index = 0 then 'current'
        when bucket_index = aging_periods then ((bucket_index - 1) * aging_width + 1) || '+'
        when bucket_index = 1 and aging_basis = 'issue_date' then '0-' || aging_width
        else ((bucket_index - 1) * aging_width + 1) || '-' || (bucket_index * aging_width)
    end as bucket_label
from bucketed
