{{ config(materialized='table') }}
-- Every organization the data holds (an id seen in organizations, customers or invoices), with its name (null
-- when it has no row in organizations), base currency and date format (defaults USD and `DD MMM yyyy`), and the
-- span of its activity: the first invoice issued (drafts aside) and the last date anything happens to its
-- receivables (the natural as-of date of a data set).
select
    organizations.organization_id,
    organizations.name,
    organizations.base_currency,
    organizations.date_format,
    bounds.first_issued_on,
    bounds.through_on as last_activity_on
from {{ ref('int_organizations') }} as organizations
left join {{ ref('int_collection_bounds') }} as bounds on organizations.organization_id = bounds.organization_id
