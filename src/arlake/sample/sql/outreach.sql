{#-
    Collection outreach: automated reminders before and after the due date, manual e-mails, calls, SMS, letters
    and the customer's replies and calls, for receivable invoices still open on the day of the contact.

    Contacts of one kind on one day for one customer are one outreach row linked to every invoice concerned: they
    share the key okey = (day * 16 + kind) * customers + customer number. The kinds are described at
    OUTREACH_CHANNELS (reference.py).
-#}
{% import "customers.sql" as customers with context %}

{#- The customer's next collection weekday on or after day d. -#}
{% macro next_collection_day(d) -%}
(({{ d }}) + ((dun_dow - (({{ d }}) + 3) % 7) % 7 + 7) % 7)
{%- endmacro %}

{#- One row per (invoice, contact) of `kind` on `day` (an SQL expression) where `condition` holds. -#}
{% macro contacts(kind, day, condition) -%}
SELECT i, (day * 16 + {{ kind }}) * {{ n_customers }} + c AS okey
FROM (SELECT *, ({{ day }})::BIGINT AS day FROM inv WHERE recv) WHERE {{ condition }}
{%- endmacro %}

{% macro touches_table() -%}
{#- An outbound contact happens within the history, after the issue day, while the invoice is open and before
    the customer's outreach was paused. -#}
{%- set outbound = "day <= " ~ end_day ~ " AND day >= issue_day + 1 AND day < open_until"
                   ~ " AND NOT (paused AND day >= pause_day)" -%}
{%- set automated_overdue = "NOT no_due AND reminders AND has_email AND NOT (disputed AND day >= dispute_day)" -%}
{%- set manual_email_day = next_collection_day("due_day + 14") ~ " + 1" -%}
CREATE TABLE touch AS
WITH reminder_before_due AS (
    {{ contacts(1, "due_day - 5",
                "NOT no_due AND reminders AND has_email AND u(i, 'before_due') < 0.6 AND " ~ outbound) }}
), overdue_notice AS (
    {{ contacts(2, next_collection_day("due_day + 1"), automated_overdue ~ " AND " ~ outbound) }}
), second_reminder AS (
    {{ contacts(3, next_collection_day("due_day + 1") ~ " + 14", automated_overdue ~ " AND " ~ outbound) }}
), final_notice AS (
    {{ contacts(4, next_collection_day("due_day + 1") ~ " + 35", automated_overdue ~ " AND " ~ outbound) }}
), sms_reminder AS (
    {{ contacts(5, "due_day + 3", "NOT no_due AND sms AND NOT disputed AND " ~ outbound) }}
), manual_email AS (
    {{ contacts(6, manual_email_day,
                "has_email AND u(i, 'manual_email') < " ~ by_beh(P_MANUAL_EMAIL) ~ " AND " ~ outbound) }}
), first_call AS (
    {{ contacts(7, next_collection_day("due_day + 28") ~ " + 1",
                "u(i, 'call1') < " ~ by_beh(P_CALL_1) ~ " AND " ~ outbound) }}
), second_call AS (
    {{ contacts(8, next_collection_day("due_day + 56") ~ " + 1",
                "u(i, 'call2') < " ~ by_beh(P_CALL_2) ~ " AND " ~ outbound) }}
), letter AS (
    {{ contacts(9, next_collection_day("due_day + 90"),
                "u(i, 'letter') < " ~ by_beh(P_LETTER) ~ " AND " ~ outbound) }}
), reply_to_manual_email AS (
    {{ contacts(10, manual_email_day ~ " + ri(i, 'reply_delay', 1, 3)",
                "u(i, 'reply') < 0.25 AND day <= " ~ end_day ~ " AND has_email"
                ~ " AND u(i, 'manual_email') < " ~ by_beh(P_MANUAL_EMAIL)
                ~ " AND " ~ manual_email_day ~ " <= " ~ end_day
                ~ " AND " ~ manual_email_day ~ " >= issue_day + 1 AND " ~ manual_email_day ~ " < open_until"
                ~ " AND NOT (paused AND " ~ manual_email_day ~ " >= pause_day)") }}
), inbound_call AS (
    {{ contacts(11, "due_day + ri(i, 'inbound_call_day', -3, 20)",
                "u(i, 'inbound_call') < " ~ by_beh(P_INBOUND_CALL) ~ " AND day <= " ~ end_day
                ~ " AND day >= issue_day + 1 AND day < open_until") }}
)
SELECT * FROM reminder_before_due
UNION ALL SELECT * FROM overdue_notice
UNION ALL SELECT * FROM second_reminder
UNION ALL SELECT * FROM final_notice
UNION ALL SELECT * FROM sms_reminder
UNION ALL SELECT * FROM manual_email
UNION ALL SELECT * FROM first_call
UNION ALL SELECT * FROM second_call
UNION ALL SELECT * FROM letter
UNION ALL SELECT * FROM reply_to_manual_email
UNION ALL SELECT * FROM inbound_call
{%- endmacro %}

{#- Outreach rows in time order: outreach number = rowid + 1. -#}
{% macro outreach_table() -%}
CREATE TABLE outr AS
WITH contact_invoices AS (
    SELECT okey, count(*) AS n_inv, min(i) AS first_i FROM touch GROUP BY okey
), contact_keys AS (
    SELECT okey, n_inv, first_i,
        okey % {{ n_customers }} AS c, (okey // {{ n_customers }}) % 16 AS kind, okey // {{ n_customers }} // 16 AS day
    FROM contact_invoices
)
SELECT o.*,
    -- automated contacts go out early in the morning, calls and letters in office hours
    day * 86400 + CASE WHEN kind <= 5 THEN 25200 + ri(okey, 'tod', 0, 3599)
                       WHEN kind <= 9 THEN ri(okey, 'tod', 30600, 63000)
                       ELSE ri(okey, 'tod', 25200, 75599) END AS osec,
    k.org, k.bad_email,
    (CASE WHEN kind = 10 THEN {{ sql_list(ar_mailboxes) }}[k.org]
          WHEN kind = 11 THEN {{ sql_list(ar_phones) }}[k.org]
          WHEN kind IN (5, 7, 8) THEN {{ customers.phone() }}
          WHEN kind = 9 THEN {{ customers.address() }}
          ELSE {{ customers.email() }} END)::VARCHAR AS to_address
FROM contact_keys o
JOIN cust k USING (c)
ORDER BY osec, okey
{%- endmacro %}

{#- The invoices of each contact, by outreach number then invoice. -#}
{% macro links_table() -%}
CREATE TABLE olink AS
SELECT o.rowid + 1 AS onum, t.i FROM touch t JOIN outr o USING (okey)
ORDER BY onum, t.i
{%- endmacro %}

{% macro outreach_file() -%}
{%- set about = "(CASE WHEN n_inv = 1 THEN 'invoice ' || inv_number(org, first_i) "
                ~ "ELSE n_inv::VARCHAR || ' invoices' END)" -%}
WITH numbered AS (
    SELECT *, rowid + 1 AS onum, u(okey, 'status') AS us FROM outr
), outcomes AS (
    -- the channel of the kind, and how the contact went
    SELECT *,
        {{ sql_list(outreach_channels) }}[kind] AS channel,
        CASE
            WHEN kind <= 4 THEN (CASE WHEN bad_email THEN 'bounced'
                WHEN us < 0.01 THEN 'canceled' WHEN us < 0.025 THEN 'failed' WHEN us < 0.04 THEN 'bounced'
                WHEN us < 0.20 THEN 'sent' WHEN us < 0.55 THEN 'delivered' ELSE 'opened' END)
            WHEN kind = 5 THEN (CASE WHEN us < 0.06 THEN 'failed' WHEN us < 0.15 THEN 'sent' ELSE 'delivered' END)
            WHEN kind = 6 THEN (CASE WHEN bad_email THEN 'bounced'
                WHEN us < 0.02 THEN 'draft' WHEN us < 0.03 THEN 'failed' WHEN us < 0.05 THEN 'bounced'
                WHEN us < 0.30 THEN 'sent' WHEN us < 0.60 THEN 'delivered' ELSE 'opened' END)
            WHEN kind IN (7, 8) THEN (CASE WHEN us < 0.01 THEN 'canceled' WHEN us < 0.06 THEN 'failed'
                WHEN us < 0.45 THEN 'no_answer' ELSE 'completed' END)
            WHEN kind = 9 THEN (CASE WHEN us < 0.02 THEN 'canceled' ELSE 'sent' END)
            WHEN kind = 10 THEN 'delivered'
            ELSE 'completed' END AS status
    FROM numbered
)
SELECT fid('out_', onum)::VARCHAR AS outreach_id,
    org_id(org)::VARCHAR AS organization_id,
    fid('cus_', c + 1)::VARCHAR AS customer_id,
    channel::VARCHAR AS channel,
    ts(osec) AS occurred_at,
    (CASE WHEN kind >= 10 THEN 'inbound' ELSE 'outbound' END)::VARCHAR AS direction,
    (kind <= 5)::BOOLEAN AS is_automated,
    (CASE WHEN kind <= 5 THEN true WHEN kind = 6 THEN u(okey, 'in_product') < 0.75
          WHEN kind IN (7, 8) THEN u(okey, 'in_product') < 0.6
          WHEN kind IN (9, 10) THEN u(okey, 'in_product') < 0.5 ELSE false END)::BOOLEAN
        AS is_originated_in_product,
    status::VARCHAR AS status,
    (CASE kind
        WHEN 1 THEN 'Reminder: ' || {{ about }} || ' due soon'
        WHEN 2 THEN 'Payment overdue: ' || {{ about }}
        WHEN 3 THEN 'Second reminder: ' || {{ about }} || ' overdue'
        WHEN 4 THEN 'Final notice: ' || {{ about }} || ' overdue'
        WHEN 6 THEN 'Following up on ' || {{ about }}
        WHEN 7 THEN 'Collection call about ' || {{ about }}
        WHEN 8 THEN 'Collection call about ' || {{ about }}
        WHEN 9 THEN 'Final demand for payment of ' || {{ about }}
        WHEN 10 THEN 'RE: Following up on ' || {{ about }}
        WHEN 11 THEN 'Inbound call about ' || {{ about }}
     END)::VARCHAR AS subject,
    to_address,
    ts(least({{ end_sec }}, osec + CASE status WHEN 'opened' THEN ri(okey, 'opened_after', 300, 3 * 86400)
                                         WHEN 'delivered' THEN ri(okey, 'delivered_after', 1, 600)
                                         WHEN 'completed' THEN ri(okey, 'call_length', 60, 1200)
                                         ELSE 0 END)) AS modified_at,
    onum
FROM outcomes
{%- endmacro %}

{% macro links_file() -%}
SELECT fid('out_', onum)::VARCHAR AS outreach_id,
    fid('inv_', i + 1)::VARCHAR AS invoice_id,
    rowid + 1 AS link_num
FROM olink
{%- endmacro %}
