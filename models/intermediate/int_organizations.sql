-- Every organization id seen in organizations, customers or invoices; one without a row in organizations
-- has a null name and the defaults (USD, `DD MMM yyyy`).
with

ids as (
    select organization_id from {{ ref('stg_arlake__organizations') }}
    union
    select organization_id from {{ ref('stg_arlake__customers') }}
    where organization_id is not null
    union
    select organization_id from {{ ref('stg_arlake__invoices') }}
    where organization_id is not null
),

organizations as (
    select * from {{ ref('stg_arlake__organizations') }}
)

select
    ids.organization_id,
    organizations.name,
    coalesce(organizations.base_currency, 'USD') as base_currency,
    coalesce(organizations.date_format, 'DD MMM yyyy') as date_format
from ids
left join organizations on ids.organization_id = organizations.organization_id
