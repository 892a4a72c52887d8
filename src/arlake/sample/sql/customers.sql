{#-
    Customers: who they are (name, contact details, organization) and how they pay.

    A customer's attributes are pure functions of (seed, customer number c), so they are computed wherever they
    are needed (the customers table, and again for every invoice in invoices.sql) instead of joined: a join would
    not keep the row order the writers rely on.
-#}

{#- CASE over the organization picking one of values[org] (a list per organization) with the draw `purpose`. -#}
{% macro by_org(values, purpose) -%}
CASE org {% for o in (1, 2, 3) -%}
    WHEN {{ o }} THEN {{ pick(values[o], "hh(c, '" ~ purpose ~ "')") }} {% endfor -%}
END
{%- endmacro %}

{#- Every customer attribute added to the rows of `source`, which has a column c (0-based customer number). -#}
{% macro attributes(source) -%}
WITH customer_draws AS (
    -- The draws the attributes are made of; the lowest customer numbers are large "key accounts".
    SELECT *,
        c < {{ [1, n_customers // 200] | max }} AS key_account,
        CASE WHEN u(c, 'org') < 0.55 THEN 1 WHEN u(c, 'org') < 0.80 THEN 2 ELSE 3 END AS org,
        u(c, 'beh') AS cu_beh, u(c, 'cat') AS cu_cat, u(c, 'terms') AS cu_terms,
        u(c, 'method') AS cu_method,
        {{ pick(NAME_FIRST, "hh(c, 'name1')") }} AS w1,
        {{ pick(NAME_SECOND, "hh(c, 'name2')") }} AS w2
    FROM {{ source }}
), customer_behaviours AS (
    -- Payment behaviour (0 prompt, 1 late, 2 chronically late, 3 partial payer, 4 disputer, 5 non-payer),
    -- category (drives invoice sizes) and whether the customer pays in weekly or bi-weekly payment runs.
    SELECT *,
        CASE WHEN key_account THEN (CASE WHEN cu_beh < 0.6 THEN 0 WHEN cu_beh < 0.9 THEN 1 ELSE 2 END)
             ELSE (CASE WHEN cu_beh < 0.45 THEN 0 WHEN cu_beh < 0.70 THEN 1 WHEN cu_beh < 0.80 THEN 2
                        WHEN cu_beh < 0.90 THEN 3 WHEN cu_beh < 0.96 THEN 4 ELSE 5 END) END AS beh,
        CASE WHEN key_account THEN 'enterprise'
             WHEN cu_cat < 0.08 THEN 'enterprise' WHEN cu_cat < 0.35 THEN 'mid_market'
             WHEN cu_cat < 0.90 THEN 'smb' WHEN cu_cat < 0.95 THEN 'government'
             ELSE 'nonprofit' END AS category,
        key_account OR u(c, 'batch') < 0.3 AS batch,
        CASE WHEN u(c, 'period') < 0.6 THEN 7 ELSE 14 END AS period
    FROM customer_draws
), customer_terms AS (
    -- Net terms, invoice size and tax, payment-run phase, collection habits, payment method, where the customer
    -- sits in the organization and its postal address.
    SELECT *,
        CASE WHEN key_account THEN (CASE WHEN cu_terms < 0.5 THEN 45 ELSE 60 END)
             WHEN cu_terms < 0.15 THEN 15 WHEN cu_terms < 0.60 THEN 30 WHEN cu_terms < 0.80 THEN 45
             ELSE 60 END AS terms,
        CASE category WHEN 'enterprise' THEN 8.5 WHEN 'mid_market' THEN 7.6 WHEN 'smb' THEN 6.6
                      WHEN 'government' THEN 8.0 ELSE 6.4 END AS amount_mu,
        CASE org
            WHEN 1 THEN (CASE WHEN category IN ('government', 'nonprofit') OR u(c, 'tax') < 0.35 THEN 0.0
                              ELSE {{ pick([0.0625, 0.0725, 0.0825, 0.0875], "hh(c, 'taxrate')") }} END)
            WHEN 2 THEN (CASE WHEN u(c, 'tax') < 0.85 THEN 0.19 WHEN u(c, 'tax') < 0.95 THEN 0.07 ELSE 0.0 END)
            ELSE (CASE WHEN u(c, 'tax') < 0.90 THEN 0.20 ELSE 0.0 END) END AS tax_rate,
        ri(c, 'phase', 0, period - 1) AS phase,
        ri(c, 'dunning_day', 0, 3) AS dun_dow,
        u(c, 'reminders') < 0.85 AS reminders,
        u(c, 'sms') < 0.15 AS sms,
        NOT key_account AND u(c, 'no_email') < 0.02 AS no_email,
        u(c, 'bad_email') < 0.03 AS bad_email,
        u(c, 'paused') < 0.04 AS paused,
        {{ end_day }} - ri(c, 'pause_day', 0, 120) AS pause_day,
        u(c, 'inactive') >= 0.03 AS is_active,
        CASE WHEN key_account THEN (CASE WHEN cu_method < 0.5 THEN 'wire' ELSE 'ach' END)
             WHEN cu_method < 0.45 THEN 'ach' WHEN cu_method < 0.70 THEN 'check' WHEN cu_method < 0.85 THEN 'wire'
             ELSE 'card' END AS method,
        ri(c, 'branch', 1, 4) AS home_branch,
        CASE WHEN key_account THEN 1 ELSE ri(c, 'bu', 1, 3) END AS bu,
        ({{ start_day }} - ri(c, 'created_day', 1, 1095)) * 86400 + ri(c, 'created_tod', 28800, 64799) AS created_sec,
        {{ by_org(SUFFIXES, "suffix") }} AS suffix,
        {{ by_org(CITIES, "city") }} AS city,
        {{ pick(STREETS, "hh(c, 'street')") }} AS street,
        ri(c, 'street_no', 1, 9800) AS street_no
    FROM customer_behaviours
)
SELECT *,
    fid('cus_', c + 1) AS customer_id,
    w1 || ' ' || w2 || ' ' || suffix AS name
FROM customer_terms
{%- endmacro %}

{#- A customer's e-mail address, phone number and postal address (over the columns of `attributes`). -#}
{% macro email() -%}
(CASE WHEN no_email THEN NULL ELSE
    {{ pick(["ap", "accounts.payable", "billing", "finance", "invoices"], "hh(c, 'mailbox')") }}
    || '@' || lower(w1) || '-' || lower(w2) || '-' || (c + 1)::VARCHAR
    || CASE org WHEN 1 THEN '.example.com' WHEN 2 THEN '.example.de' ELSE '.example.co.uk' END
END)
{%- endmacro %}

{% macro phone() -%}
{%- set last4 = "lpad(ri(c, 'phone', 0, 9999)::VARCHAR, 4, '0')" -%}
(CASE org
    WHEN 1 THEN '+1-' || ri(c, 'area', 201, 989)::VARCHAR || '-555-' || {{ last4 }}
    WHEN 2 THEN '+49 ' || ri(c, 'area', 30, 899)::VARCHAR || ' 5550 ' || {{ last4 }}
    ELSE '+44 ' || ri(c, 'area', 113, 199)::VARCHAR || ' 496 ' || {{ last4 }}
END)
{%- endmacro %}

{% macro address() -%}
(CASE org WHEN 2 THEN street || ' ' || street_no::VARCHAR || ', ' || city
          ELSE street_no::VARCHAR || ' ' || street || ', ' || city END)
{%- endmacro %}

{#- The customers, one row per customer number, kept for the later steps (payment method, contact details). -#}
{% macro customers_table() -%}
CREATE TABLE cust AS {{ attributes("(SELECT c FROM range(" ~ n_customers ~ ") t(c))") }}
{%- endmacro %}

{% macro customers_file() -%}
SELECT customer_id::VARCHAR AS customer_id,
    org_id(org)::VARCHAR AS organization_id,
    name::VARCHAR AS name,
    fid('AC-', c + 1)::VARCHAR AS account_number,
    (CASE WHEN u(c, 'ext') < 0.08 THEN NULL ELSE 'CRM-' || ri(c, 'ext_id', 1000000, 9999999)::VARCHAR END)::VARCHAR
        AS external_id,
    ('bu_' || org::VARCHAR || '0' || bu::VARCHAR)::VARCHAR AS business_unit_id,
    {{ email() }}::VARCHAR AS email,
    {{ phone() }}::VARCHAR AS phone,
    {{ address() }}::VARCHAR AS address,
    category::VARCHAR AS category,
    {{ sql_list(currencies) }}[org]::VARCHAR AS currency,
    is_active::BOOLEAN AS is_active,
    paused::BOOLEAN AS outreach_paused,
    ts(created_sec) AS created_at,
    -- the last change: a random edit, pausing outreach, or becoming inactive
    ts(least({{ end_sec }}, greatest(
        created_sec + ri(c, 'modified', 0, 400 * 86400),
        CASE WHEN paused THEN pause_day * 86400 + ri(c, 'pause_tod', 28800, 64799) END,
        CASE WHEN NOT is_active THEN ({{ end_day }} - ri(c, 'inactive_day', 0, 60)) * 86400 + 43200 END))) AS modified_at,
    c
FROM cust
{%- endmacro %}
