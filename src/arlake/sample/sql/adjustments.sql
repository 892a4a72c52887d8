{#- Adjustments: credit notes and write-offs of the invoice plan (`inv`), in time order. -#}

{#- Adjustment number = rowid + 1. -#}
{% macro adjustments_table() -%}
CREATE TABLE adj AS
WITH credit_notes_and_write_offs AS (
    SELECT i, 'credit_note' AS kind, cn_cents AS cents, cn_sec AS sec FROM inv WHERE cn_ok
    UNION ALL
    SELECT i, 'write_off', wo_cents, wo_sec FROM inv WHERE write_off
)
SELECT * FROM credit_notes_and_write_offs
ORDER BY sec, i, kind
{%- endmacro %}

{% macro adjustments_file() -%}
SELECT fid('adj_', rowid + 1)::VARCHAR AS adjustment_id,
    fid('inv_', i + 1)::VARCHAR AS invoice_id,
    kind::VARCHAR AS kind,
    money(cents) AS amount,
    ts(sec) AS applied_at,
    ts(least({{ end_sec }}, sec + ri(i, 'adj_modified', 0, 3600))) AS modified_at,
    rowid + 1 AS adj_num
FROM adj
{%- endmacro %}
