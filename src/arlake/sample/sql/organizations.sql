{#- The organizations: three companies (USD, EUR, GBP) whose receivables the data describes. -#}

{% macro organizations_file() -%}
SELECT organization_id::VARCHAR AS organization_id, name::VARCHAR AS name,
       base_currency::VARCHAR AS base_currency, 'DD MMM yyyy'::VARCHAR AS date_format, org
FROM (VALUES
    {%- for o in ORGANIZATIONS %}
    ({{ o.number }}, {{ quote(o.id) }}, {{ quote(o.name) }}, {{ quote(o.currency) }}){{ "," if not loop.last }}
    {%- endfor %}
) t(org, organization_id, name, base_currency)
{%- endmacro %}
