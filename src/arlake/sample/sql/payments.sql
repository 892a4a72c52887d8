{#-
    Payments and their allocations to invoices, from the payment events of the invoice plan (`inv`).

    A payment is identified by (pkey, failed): one key per invoice instalment, or per customer and payment-run day
    for customers who pay several invoices with one payment; a failed attempt is a payment of its own, kept with
    its allocations. Payment times are functions of that key.
-#}

{#- One row per allocation (invoice instalment), including the allocations of failed attempts. -#}
{% macro allocation_events() -%}
CREATE TABLE ev AS
SELECT i, c, org, 1 AS e, key1 AS pkey, false AS failed, psec1 AS psec, a1 AS cents, app1 AS app_sec
    FROM inv WHERE e1_ok
UNION ALL SELECT i, c, org, 1, key1, true, fsec1, a1, NULL FROM inv WHERE e1_ok AND fail1
UNION ALL SELECT i, c, org, 2, key2, false, psec2, a2, app2 FROM inv WHERE e2_ok
UNION ALL SELECT i, c, org, 2, key2, true, fsec2, a2, NULL FROM inv WHERE e2_ok AND fail2
{%- endmacro %}

{#- Payments in time order (payment number = rowid + 1), paid mostly with the customer's usual method. -#}
{% macro payments_table() -%}
CREATE TABLE pay AS
WITH payment_totals AS (
    SELECT pkey, failed, psec, c, org, sum(cents) AS cents FROM ev GROUP BY ALL
)
SELECT p.*,
    CASE WHEN u(p.pkey, 'method') < 0.85 THEN k.method
         ELSE {{ sql_list(["ach", "card", "wire", "check"]) }}[1 + (hh(p.pkey, 'other_method') % 4)::BIGINT] END AS method
FROM payment_totals p
JOIN cust k USING (c)
ORDER BY psec, pkey, failed
{%- endmacro %}

{#- Allocations ordered by payment, then invoice: allocation number = rowid + 1. -#}
{% macro allocations_table() -%}
CREATE TABLE alloc AS
SELECT p.rowid + 1 AS pay_num, ev.i, ev.e, ev.pkey, ev.psec, ev.cents, ev.app_sec
FROM ev JOIN pay p USING (pkey, failed)
ORDER BY pay_num, ev.i, ev.e
{%- endmacro %}

{% macro payments_file() -%}
SELECT fid('pay_', rowid + 1)::VARCHAR AS payment_id,
    org_id(org)::VARCHAR AS organization_id,
    fid('cus_', c + 1)::VARCHAR AS customer_id,
    money(cents) AS amount,
    ts(psec) AS received_at,
    {{ sql_list(currencies) }}[org]::VARCHAR AS currency,
    method::VARCHAR AS payment_method,
    (CASE WHEN failed THEN 'failed' ELSE 'succeeded' END)::VARCHAR AS status,
    -- a reference in the format of the payment method (4% have none)
    (CASE WHEN u2(pkey, failed::INTEGER, 'no_reference') < 0.04 THEN NULL
          WHEN method = 'check'
              THEN 'CHK-' || ri2(pkey, failed::INTEGER, 'reference', 100000, 999999)::VARCHAR
          WHEN method = 'ach'
              THEN 'ACH' || ri2(pkey, failed::INTEGER, 'reference', 100000000000, 999999999999)::VARCHAR
          WHEN method = 'wire'
              THEN 'FT' || upper(substr(to_hex(hash({{ seed }}, pkey, failed::INTEGER, hash('reference'))), 1, 12))
          ELSE 'ch_' || lower(to_hex(hash({{ seed }}, pkey, failed::INTEGER, hash('reference')))) END)::VARCHAR
        AS reference_number,
    -- settled within minutes, or the failure notice within two days
    ts(least({{ end_sec }}, psec + CASE WHEN failed THEN ri(pkey, 'failed_notice', 600, 2 * 86400)
                                   ELSE ri(pkey, 'settle_delay', 0, 600) END)) AS modified_at,
    rowid + 1 AS pay_num
FROM pay
{%- endmacro %}

{% macro allocations_file() -%}
SELECT fid('alc_', rowid + 1)::VARCHAR AS allocation_id,
    fid('pay_', pay_num)::VARCHAR AS payment_id,
    fid('inv_', i + 1)::VARCHAR AS invoice_id,
    money(cents) AS amount,
    (CASE WHEN app_sec IS NOT NULL THEN ts(app_sec) END)::TIMESTAMP AS applied_at,
    (CASE WHEN u(pkey, 'strategy') < 0.7 THEN 'auto' ELSE 'manual' END)::VARCHAR AS strategy,
    ts(coalesce(app_sec, psec)) AS modified_at,
    rowid + 1 AS alloc_num
FROM alloc
{%- endmacro %}
