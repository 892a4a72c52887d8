{{ config(materialized='query_view') }}
-- Open invoices at the as-of date D with their age and bucket. D, the bucket width N, the number of buckets P
-- and the basis are read at query time (SET VARIABLE as_of_date / aging_width / aging_periods / aging_basis).
--   basis due_date:   age = D - due_on; bucket 0 (current) when age <= 0;
--   basis issue_date: age = D - issued_on; never current; bucket 1 holds ages 0..N;
--   bucket k (1 <= k < P): (k-1)*N + 1 <= age <= k*N; bucket P: age >= (P-1)*N + 1. No gaps, no overlaps.
{%- set as_of = as_of_date() %}
{%- set width = aging_width() %}
{%- set periods = aging_periods() %}
{%- set basis = aging_basis() %}
-- The parameters are scalar expressions, not a joined row, so that the date filters reach the scan of the open
-- stretches (zone maps, and the invoice columns read only for the stretches open at D).
with

open_at as (
    select
        stretches.*,
        {{ as_of }} as as_of_date,
        {{ width }} as aging_width,
        {{ periods }} as aging_periods,
        {{ basis }} as aging_basis,
        {{ arlake_days_between(
            "(case when " ~ basis ~ " = 'issue_date' then stretches.issued_on else stretches.due_on end)",
            as_of) }} as age_days
    from {{ ref('int_invoice_open_periods') }} as stretches
    where {{ arlake_stretch_holds('stretches', as_of) }}
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
