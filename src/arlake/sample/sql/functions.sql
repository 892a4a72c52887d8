{#-
    The DuckDB macros every other file uses: deterministic random draws, money, time, ids.

    A draw is a hash of (seed, entity key, purpose): the same seed gives the same value wherever and in whatever
    order it is computed, and the purpose (a string such as 'fate' or 'delay') makes the draws of one entity
    independent of each other.
-#}

{% macro create() -%}
-- u(k, p): a uniform draw in [0, 1) for key k and purpose p; u2 for a key of two parts
CREATE OR REPLACE TEMP MACRO u(k, p) AS (hash({{ seed }}, k, hash(p)) % 1000000)::DOUBLE / 1000000.0;
CREATE OR REPLACE TEMP MACRO u2(k1, k2, p) AS (hash({{ seed }}, k1, k2, hash(p)) % 1000000)::DOUBLE / 1000000.0;
-- hh(k, p): the raw 64-bit hash behind a draw (to pick from a list)
CREATE OR REPLACE TEMP MACRO hh(k, p) AS hash({{ seed }}, k, hash(p));
-- ri(k, p, lo, hi): a uniform integer in [lo, hi]; ri2 for a key of two parts
CREATE OR REPLACE TEMP MACRO ri(k, p, lo, hi) AS
    ((lo)::BIGINT + (hash({{ seed }}, k, hash(p)) % ((hi)::BIGINT - (lo)::BIGINT + 1)::UBIGINT)::BIGINT);
CREATE OR REPLACE TEMP MACRO ri2(k1, k2, p, lo, hi) AS
    ((lo)::BIGINT + (hash({{ seed }}, k1, k2, hash(p)) % ((hi)::BIGINT - (lo)::BIGINT + 1)::UBIGINT)::BIGINT);
-- money(cents): integer cents as DECIMAL(18,2) major units, exactly
CREATE OR REPLACE TEMP MACRO money(cents) AS ((cents)::BIGINT * 0.01::DECIMAL(3, 2))::DECIMAL(18, 2);
-- ts(sec): seconds since 1970-01-01 as a TIMESTAMP; dt(d): days since 1970-01-01 as a DATE
CREATE OR REPLACE TEMP MACRO ts(sec) AS make_timestamp((sec)::BIGINT * 1000000);
CREATE OR REPLACE TEMP MACRO dt(d) AS (DATE '1970-01-01' + (d)::INTEGER);
-- fid(prefix, n): an id zero-padded to eight digits ('inv_00000042')
CREATE OR REPLACE TEMP MACRO fid(prefix, n) AS
    CASE WHEN (n) < 100000000 THEN prefix || substr((100000000 + (n))::VARCHAR, 2)
         ELSE prefix || (n)::VARCHAR END;
-- org_id(o): the id of organization number o (1-3)
CREATE OR REPLACE TEMP MACRO org_id(o) AS {{ sql_list(organization_ids) }}[o];
-- inv_number(o, i): the invoice number of invoice i (0-based) of organization o ('INV-NW-00000001')
CREATE OR REPLACE TEMP MACRO inv_number(o, i) AS
    fid({{ sql_list(invoice_number_prefixes) }}[o], (i) + 1);
-- branch_id(o, b): branch b (1-4) of organization o ('br_102')
CREATE OR REPLACE TEMP MACRO branch_id(o, b) AS
    {{ sql_list(branch_ids) }}[((o) - 1) * 4 + (b)];
{%- endmacro %}
