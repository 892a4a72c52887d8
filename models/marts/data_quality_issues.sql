-- Every data problem the checks found, one row each (data_quality_summary counts them): the check, the table,
-- the record, what is wrong, and whether the record is left out of every report.
select
    check_name,
    table_name,
    record_id,
    detail,
    excluded
from {{ ref('int_data_quality_issues') }}
