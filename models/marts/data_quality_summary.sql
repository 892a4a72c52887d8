{{ config(materialized='table') }}
-- Every data-quality check with its count (zero included), so a clean run is visibly clean.
with

checks as (
    select
        known_checks.check_name,
        known_checks.table_name,
        known_checks.excluded,
        known_checks.description
    from (
        values
        {%- for name, table, excluded, what in arlake_data_quality_checks() %}
        ('{{ name }}', '{{ table }}', {{ excluded }}, {{ arlake_sql_string(what) }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as known_checks (check_name, table_name, excluded, description)
),

issues as (
    select
        check_name,
        table_name,
        count(*) as issue_count
    from {{ ref('int_data_quality_issues') }}
    group by all
)

select
    checks.check_name,
    checks.table_name,
    checks.excluded,
    checks.description,
    coalesce(issues.issue_count, 0) as issue_count
from checks
left join issues on checks.check_name = issues.check_name and checks.table_name = issues.table_name
order by checks.check_name, checks.table_name
