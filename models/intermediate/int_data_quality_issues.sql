{{ config(materialized='table') }}
-- One row per data problem found in the raw layer: the check, the table, the record and what is wrong.
-- Rows marked excluded are left out of every report; the others are reported as they are.
-- The checks run in separate models, one query each, so that no query holds the hash tables of every join of a
-- large table to another at once (a 30M-invoice build within a 4 GB memory limit).
with

checks as (
    select * from {{ ref('int_data_quality_rows') }}
    union all
    select * from {{ ref('int_data_quality_allocation_invoices') }}
    union all
    select * from {{ ref('int_data_quality_allocation_payments') }}
    union all
    select * from {{ ref('int_data_quality_outreach_links') }}
),

catalog as (
    -- excluded: whether the record is left out of every report (macros/data_quality.sql lists the checks)
    select
        known_checks.check_name,
        known_checks.table_name,
        known_checks.excluded
    from (
        values
        {%- for name, table, excluded, what in arlake_data_quality_checks() %}
        ('{{ name }}', '{{ table }}', {{ excluded }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as known_checks (check_name, table_name, excluded)
)

select
    checks.check_name,
    checks.table_name,
    checks.record_id,
    checks.detail,
    catalog.excluded
from checks
left join catalog on checks.check_name = catalog.check_name and checks.table_name = catalog.table_name
