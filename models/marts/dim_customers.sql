{{ config(materialized='table', meta={'lookup_index': 'customer_id'}) }}
-- The customers the reports show: every customer of an organization (int_customers), with its attributes as
-- given and the defaults applied (active, outreach not paused).
select
    customer_id,
    organization_id,
    name,
    account_number,
    external_id,
    business_unit_id,
    email,
    phone,
    address,
    category,
    currency,
    is_active,
    outreach_paused,
    created_at,
    modified_at
from {{ ref('int_customers') }}
