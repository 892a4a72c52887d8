{#-
    Invoices: the plan of every invoice's whole life (table `inv`: amounts, payments, credit notes, write-off,
    status, disputes and promises), which payments.sql, adjustments.sql and outreach.sql read, and the invoice
    rows written from it.

    Times are integers: days (`*_day`) and seconds (`*_sec`) since 1970-01-01; money is integer cents.
-#}
{% import "customers.sql" as customers with context %}

{#- The customer's next payment-run day on or after day d (batch payers pay on a weekly or bi-weekly run). -#}
{% macro payment_run_day(d) -%}
(CASE WHEN batch THEN ({{ d }}) + ((phase - ({{ d }})) % period + period) % period ELSE ({{ d }}) END)
{%- endmacro %}

{#- range() is a single-threaded source; a stored table is scanned in parallel. -#}
{% macro invoice_numbers() -%}
CREATE TABLE inv_ids AS SELECT i FROM range({{ n_invoices }}) t(i)
{%- endmacro %}

{#- One row per invoice (i, 0-based, in issue order) with its whole life cycle. -#}
{% macro plan(p_draft) -%}
CREATE TABLE inv AS
WITH invoice_customer_and_day AS (
    -- The customer (skewed towards the low numbers, the key accounts) and the nominal issue day: invoice numbers
    -- follow issue dates, with the daily volume growing linearly over the history.
    SELECT i, least({{ n_customers - 1 }}, floor({{ n_customers }} * pow(u(i, 'customer'), 1.5)))::BIGINT AS c,
           {{ start_day }} + least({{ history_days - 1 }},
               floor({{ history_days }} * (sqrt(1 + {{ 2 * growth * (1 + growth / 2) }} * ((i + 0.5) / {{ n_invoices }})) - 1) / {{ growth }}))::BIGINT AS d0
    FROM inv_ids
), invoice_customers AS (
    -- The customer's attributes; the issue day moved off the weekend; the draws of type, fate and payment mode.
    SELECT i, c, org, beh, terms, batch, period, phase, home_branch,
        amount_mu, tax_rate, category, reminders, sms, NOT no_email AS has_email,
        paused, pause_day, dun_dow,
        CASE (d0 + 3) % 7 WHEN 5 THEN d0 - 1
                          WHEN 6 THEN (CASE WHEN d0 + 1 <= {{ end_day }} THEN d0 + 1 ELSE d0 - 2 END)
                          ELSE d0 END AS issue_day,
        u(i, 'type') < 0.005 AS payable,
        u(i, 'fate') AS uf,
        u(i, 'mode') AS um
    FROM ({{ customers.attributes("invoice_customer_and_day") }})
), invoice_terms_and_fate AS (
    -- Issue time, due day, draft and void draws, the subtotal before rounding, how the invoice gets paid
    -- (in full, in two instalments, partly then never, never) and whether it is disputed.
    SELECT *,
        issue_day * 86400 + ri(i, 'issue_tod', 28800, 64799) AS issued_sec,
        issue_day + terms AS due_day,
        u(i, 'no_due_date') < 0.02 AS no_due,
        issue_day >= {{ end_day - 20 }} AND u(i, 'draft') < {{ p_draft }} AS is_draft,
        uf < 0.01 AS is_void_draw,
        -- lognormal subtotal in cents (Box-Muller from two hash draws)
        greatest(500, least(500000000, round(exp(amount_mu + 0.9 *
            sqrt(-2 * ln((hh(i, 'amount1') % 1000000 + 0.5) / 1000000.0)) *
            cos(2 * pi() * u(i, 'amount2'))) * 100)))::BIGINT AS sub0,
        CASE WHEN um < {{ by_beh(P_NEVER) }} THEN 'never'
             WHEN um < {{ by_beh(P_NEVER) }} + {{ by_beh(P_PART_NEVER) }} THEN 'partial_never'
             WHEN um < {{ by_beh(P_NEVER) }} + {{ by_beh(P_PART_NEVER) }} + {{ by_beh(P_SPLIT) }} THEN 'split'
             ELSE 'full' END AS mode,
        u(i, 'dispute') < {{ by_beh(P_DISPUTE) }} AS disputed
    FROM invoice_customers
), invoice_kind_and_subtotal AS (
    -- Void, receivable (what collections works on), the subtotal (30% are round amounts) and a discount rate.
    SELECT *,
        NOT is_draft AND is_void_draw AS is_void,
        NOT is_draft AND NOT is_void_draw AND NOT payable AS recv,
        CASE WHEN u(i, 'round') < 0.3 THEN greatest(100, round(sub0 / 100) * 100)::BIGINT ELSE sub0 END AS sub_cents,
        CASE WHEN u(i, 'discount') < 0.08 THEN {{ pick([0.02, 0.05, 0.10], "hh(i, 'discount_pct')") }} ELSE 0.0 END AS disc_pct
    FROM invoice_terms_and_fate
), invoice_tax_and_discount AS (
    SELECT *,
        round(sub_cents * tax_rate)::BIGINT AS tax_cents,
        round(sub_cents * disc_pct)::BIGINT AS disc_cents
    FROM invoice_kind_and_subtotal
), invoice_totals AS (
    -- The total, and the kind of credit note if any (a generic one, or one that settles a dispute).
    SELECT *,
        sub_cents + tax_cents - disc_cents AS total_cents,
        CASE WHEN u(i, 'credit_note') < 0.023 THEN 'generic'
             WHEN disputed AND mode IN ('full', 'split') AND u(i, 'settle') < 0.5 THEN 'settle' END AS cn_kind
    FROM invoice_tax_and_discount
), credit_note_and_first_payment_day AS (
    -- The credit note's amount and day, and the nominal day of the first payment (by behaviour).
    SELECT *,
        CASE cn_kind
            WHEN 'generic' THEN least(total_cents - 1, greatest(1, round(total_cents * (0.05 + 0.35 * u(i, 'cn_pct')))))
            WHEN 'settle' THEN least(total_cents - 1, greatest(1, round(total_cents * (0.10 + 0.50 * u(i, 'cn_pct')))))
            ELSE 0 END::BIGINT AS cn_cents,
        CASE cn_kind WHEN 'generic' THEN issue_day + ri(i, 'cn_day', 2, 25)
                     WHEN 'settle' THEN due_day + ri(i, 'cn_day', 20, 90) END AS cn_day,
        CASE
            WHEN disputed AND cn_kind = 'settle' THEN due_day + ri(i, 'cn_day', 20, 90) + ri(i, 'delay', 1, 15)
            WHEN disputed THEN due_day + ri(i, 'delay', 60, 200)
            WHEN beh = 0 THEN (CASE WHEN u(i, 'late') < 0.9 THEN due_day - ri(i, 'delay', 0, least(terms - 2, 12))
                                    ELSE due_day + ri(i, 'delay', 1, 10) END)
            WHEN beh = 1 THEN (CASE WHEN u(i, 'late') < 0.1 THEN due_day - ri(i, 'delay', 0, 5)
                                    ELSE due_day + ri(i, 'delay', 1, 30) END)
            WHEN beh = 2 THEN due_day + 30 + floor(pow(u(i, 'delay'), 1.3) * 121)::BIGINT
            WHEN beh = 3 THEN due_day + ri(i, 'delay', -5, 20)
            WHEN beh = 4 THEN due_day + ri(i, 'delay', 0, 45)
            ELSE due_day + ri(i, 'delay', 60, 300) END AS nominal1
    FROM invoice_totals
), first_payment_run AS (
    -- What is left to pay after the credit note, and the day of the first payment (on the next payment run,
    -- after the issue day and the credit note).
    SELECT *,
        total_cents - cn_cents AS rem_cents,
        {{ payment_run_day("greatest(issue_day + 1, nominal1, coalesce(cn_day + 1, 0))") }} AS snap1
    FROM credit_note_and_first_payment_day
), first_payment_key AS (
    -- The first payment's key: one payment per customer and run day for batch payers (it pays every invoice of
    -- that run), else one per invoice; and the days until a retry should the attempt fail.
    SELECT *,
        CASE WHEN batch THEN -(1 + c * 16777216 + snap1) ELSE i * 2 END AS key1,
        ri(CASE WHEN batch THEN -(1 + c * 16777216 + snap1) ELSE i * 2 END, 'retry', 2, 6) AS retry1
    FROM first_payment_run
), first_payment_failure AS (
    -- About 2% of payment attempts fail (only when the retry still falls within the history).
    SELECT *,
        u(key1, 'fail') < 0.02 AND snap1 + retry1 <= {{ end_day }} AS fail1
    FROM first_payment_key
), first_payment_day AS (
    SELECT *,
        snap1 + CASE WHEN fail1 THEN retry1 ELSE 0 END AS final1
    FROM first_payment_failure
), instalments_and_write_off_day AS (
    -- The second instalment's run day, the first payment's amount (the rest in full, with a rare small
    -- overpayment, or a part) and the day a never-paid invoice would be written off.
    SELECT *,
        {{ payment_run_day("final1 + ri(i, 'gap', 15, 90)") }} AS snap2,
        CASE WHEN mode = 'full' THEN rem_cents + CASE WHEN u(i, 'overpay') < 0.0005 THEN ri(i, 'overpay_cents', 1, 2500) ELSE 0 END
             ELSE greatest(1, least(rem_cents - 1, round(rem_cents * (0.25 + 0.5 * u(i, 'part')))))::BIGINT
        END AS a1,
        due_day + ri(i, 'writeoff_day', 90, 270) AS wo_day
    FROM first_payment_day
), second_payment_key AS (
    SELECT *,
        CASE WHEN batch THEN -(1 + c * 16777216 + snap2) ELSE i * 2 + 1 END AS key2,
        CASE WHEN mode = 'split' THEN rem_cents - a1 ELSE 0 END AS a2
    FROM instalments_and_write_off_day
), second_payment_failure AS (
    SELECT *,
        ri(key2, 'retry', 2, 6) AS retry2,
        u(key2, 'fail') < 0.02 AND snap2 + ri(key2, 'retry', 2, 6) <= {{ end_day }} AS fail2
    FROM second_payment_key
), payments_within_history AS (
    -- Which payments and credit notes happen by the end date (later ones have not happened yet).
    SELECT *,
        snap2 + CASE WHEN fail2 THEN retry2 ELSE 0 END AS final2,
        recv AND mode <> 'never' AND final1 <= {{ end_day }} AS e1_ok,
        recv AND cn_kind IS NOT NULL AND cn_day <= {{ end_day }} AS cn_ok
    FROM second_payment_failure
), payment_times AS (
    -- Times of day of the payments (psec) and of their failed attempts (fsec).
    SELECT *,
        e1_ok AND mode = 'split' AND final2 <= {{ end_day }} AS e2_ok,
        final1 * 86400 + ri(key1, 'pay_tod', 21600, 71999) AS psec1,
        snap1 * 86400 + ri(key1, 'fail_tod', 21600, 71999) AS fsec1,
        final2 * 86400 + ri(key2, 'pay_tod', 21600, 71999) AS psec2,
        snap2 * 86400 + ri(key2, 'fail_tod', 21600, 71999) AS fsec2
    FROM payments_within_history
), applications_and_settlement AS (
    -- 8% of allocations are applied to the invoice some time after the payment arrived; whether the invoice is
    -- settled by its payments; whether it may be written off.
    SELECT *,
        CASE WHEN e1_ok AND u(i, 'applied1') < 0.08
             THEN least({{ end_sec }}, psec1 + ri(i, 'applied_delay1', 3600, 7 * 86400)) END AS app1,
        CASE WHEN e2_ok AND u(i, 'applied2') < 0.08
             THEN least({{ end_sec }}, psec2 + ri(i, 'applied_delay2', 3600, 7 * 86400)) END AS app2,
        recv AND ((mode = 'full' AND e1_ok) OR (mode = 'split' AND e2_ok)) AS settled,
        recv AND mode IN ('never', 'partial_never') AND wo_day <= {{ end_day }}
            AND (mode = 'never' OR final1 < wo_day) AS wo_eligible
    FROM payment_times
), write_offs AS (
    -- 30% of the eligible invoices are written off, 10% marked uncollectible; the last payment's day and time.
    SELECT *,
        wo_eligible AND u(i, 'writeoff') < 0.30 AS write_off,
        wo_eligible AND u(i, 'writeoff') >= 0.30 AND u(i, 'writeoff') < 0.40 AS mark_unc,
        wo_day * 86400 + ri(i, 'writeoff_tod', 28800, 64799) AS wo_sec,
        CASE WHEN mode = 'split' THEN final2 ELSE final1 END AS last_pay_day,
        greatest(coalesce(app1, psec1), CASE WHEN mode = 'split' THEN coalesce(app2, psec2) END) AS paid_sec
    FROM applications_and_settlement
), invoice_status AS (
    -- The status as of the end date, the written-off amount, the day the invoice closed, the dispute day,
    -- creation and void times.
    SELECT *,
        CASE WHEN is_draft THEN 'draft' WHEN is_void THEN 'void'
             WHEN payable THEN (CASE WHEN due_day + 5 <= {{ end_day }} THEN 'paid' ELSE 'open' END)
             WHEN settled THEN 'paid'
             WHEN write_off OR mark_unc THEN 'uncollectible'
             ELSE 'open' END AS status,
        total_cents - (CASE WHEN cn_ok THEN cn_cents ELSE 0 END)
            - (CASE WHEN mode = 'partial_never' THEN a1 ELSE 0 END) AS wo_cents,
        CASE WHEN settled THEN last_pay_day WHEN write_off OR mark_unc THEN wo_day END AS close_day,
        greatest(issue_day + 1, due_day - ri(i, 'dispute_day', 0, 10)) AS dispute_day,
        issued_sec - ri(i, 'created', 0, 2 * 86400) AS created_sec,
        CASE WHEN is_void THEN least({{ end_sec }}, issued_sec + ri(i, 'void_after', 3600, 25 * 86400)) END AS void_sec
    FROM write_offs
), disputes_and_promises AS (
    -- Open disputes, and promised payment dates: kept by late payers of paid invoices, pending on open ones.
    SELECT *,
        recv AND disputed AND status = 'open' AND dispute_day <= {{ end_day }} AS in_dispute,
        CASE
            WHEN status = 'paid' AND recv AND last_pay_day > due_day AND u(i, 'ptp') < {{ by_beh(P_PTP) }}
                THEN greatest(due_day + 1, last_pay_day - ri(i, 'ptp_day', 0, 5))
            WHEN status = 'open' AND recv AND due_day < {{ end_day }} AND u(i, 'ptp') < {{ by_beh(P_PTP) }} + 0.1
                THEN greatest(due_day + 1, {{ end_day }} + ri(i, 'ptp_day', -10, 20))
        END AS ptp_day
    FROM invoice_status
), promise_and_credit_note_times AS (
    -- When the promise was made (never after the end date) and when the credit note was applied.
    SELECT *,
        CASE WHEN ptp_day IS NOT NULL THEN
            least({{ end_day }}, greatest(due_day + 1, ptp_day - ri(i, 'ptp_made', 3, 14))) * 86400
            + ri(i, 'ptp_tod', 28800, 64799) END AS ptp_made_sec,
        cn_day * 86400 + ri(i, 'cn_tod', 28800, 64799) AS cn_sec
    FROM disputes_and_promises
)
SELECT
    -- invoice row; mod0 is the time of the invoice's last change
    i, c, org, payable, home_branch, sub_cents, tax_cents, disc_cents, total_cents,
    issued_sec, created_sec, due_day, no_due, status, void_sec, wo_sec, in_dispute, ptp_day,
    u(i, 'duplicate') < 0.01 AS dup,
    least({{ end_sec }}, greatest(created_sec, issued_sec, void_sec,
        CASE WHEN status = 'paid' AND recv THEN paid_sec END,
        CASE WHEN status = 'uncollectible' THEN wo_sec END,
        CASE WHEN cn_ok THEN cn_sec END,
        CASE WHEN e1_ok THEN coalesce(app1, psec1) END,
        CASE WHEN in_dispute THEN dispute_day * 86400 + ri(i, 'dispute_tod', 28800, 64799) END,
        ptp_made_sec,
        CASE WHEN payable AND status = 'paid' THEN (due_day + ri(i, 'payable_paid', -3, 5)) * 86400 + 43200 END
    )) AS mod0,
    -- payments
    e1_ok, e2_ok, fail1, fail2, key1, key2, psec1, psec2, fsec1, fsec2, a1, a2, app1, app2,
    -- adjustments
    cn_ok, cn_cents, cn_sec, write_off, wo_cents,
    -- outreach
    recv, beh, issue_day, disputed, dispute_day, coalesce(close_day, 2147483647) AS open_until,
    reminders, sms, has_email, paused, pause_day, dun_dow
FROM promise_and_credit_note_times
{%- endmacro %}

{#-
    The columns of an invoice row. `stale` is the SQL condition under which the older snapshot of a re-published
    invoice is written instead of its current state.
-#}
{% macro invoice_columns(stale) -%}
{%- macro current_or_stale(old, new) -%}(CASE WHEN {{ stale }} THEN {{ old }} ELSE {{ new }} END){%- endmacro -%}
    fid('inv_', i + 1)::VARCHAR AS invoice_id,
    org_id(org)::VARCHAR AS organization_id,
    fid('cus_', c + 1)::VARCHAR AS customer_id,
    inv_number(org, i)::VARCHAR AS number,
    (CASE WHEN payable THEN 'payable' ELSE 'receivable' END)::VARCHAR AS type,
    {{ sql_list(currencies) }}[org]::VARCHAR AS currency,
    money(sub_cents) AS subtotal,
    money(tax_cents) AS total_tax,
    money(disc_cents) AS total_discount,
    money(total_cents) AS total_amount,
    ts(issued_sec) AS issued_at,
    (CASE WHEN no_due THEN NULL ELSE dt(due_day) END)::DATE AS due_date,
    {{ current_or_stale("CASE WHEN status = 'draft' THEN 'draft' ELSE 'open' END", "status") }}::VARCHAR AS status,
    {{ current_or_stale("NULL", "ts(void_sec)") }}::TIMESTAMP AS voided_at,
    {{ current_or_stale("NULL", "CASE WHEN status = 'uncollectible' THEN ts(wo_sec) END") }}::TIMESTAMP
        AS marked_uncollectible_at,
    {{ current_or_stale("false", "in_dispute") }}::BOOLEAN AS in_dispute,
    {{ current_or_stale("NULL", "dt(ptp_day)") }}::DATE AS promised_to_pay_date,
    branch_id(org, CASE WHEN u(i, 'branch') < 0.8 THEN home_branch ELSE ri(i, 'other_branch', 1, 4) END
        )::VARCHAR AS branch_id,
    ts(created_sec) AS created_at,
    -- a re-published invoice that has not changed since it was created still gets a later modified_at
    ts({{ current_or_stale("created_sec", "CASE WHEN dup AND mod0 <= created_sec
        THEN least(" ~ end_sec ~ ", created_sec + ri(i, 'touch', 3600, 172800)) ELSE mod0 END") }}) AS modified_at,
    i
{%- endmacro %}

{#- The regular files: the current row, or the older snapshot for re-published invoices. -#}
{% macro invoices_file() -%}
SELECT {{ invoice_columns("dup") }} FROM inv
{%- endmacro %}

{#- The updates file: the current rows of the re-published invoices. -#}
{% macro updates_file() -%}
SELECT {{ invoice_columns("false") }} FROM inv WHERE dup
{%- endmacro %}
