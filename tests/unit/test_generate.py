"""The sample-data generator: layout, schema, determinism, integrity, money, dates and realism.

Every expectation is computed here from the Parquet files read back with DuckDB.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from arlake.sample import DEFAULT_END_DATE, generate

N_INVOICES = 2_000
SEED = 7

TABLES = (
    "organizations",
    "customers",
    "invoices",
    "payments",
    "payment_allocations",
    "adjustments",
    "outreach",
    "outreach_invoices",
)

ID, TEXT, MONEY, TS, DATE, BOOL = "VARCHAR", "VARCHAR", "DECIMAL(18,2)", "TIMESTAMP", "DATE", "BOOLEAN"
SCHEMA = {
    "organizations": [("organization_id", ID), ("name", TEXT), ("base_currency", TEXT), ("date_format", TEXT)],
    "customers": [
        ("customer_id", ID), ("organization_id", ID), ("name", TEXT), ("account_number", TEXT),
        ("external_id", TEXT), ("business_unit_id", ID), ("email", TEXT), ("phone", TEXT),
        ("address", TEXT), ("category", TEXT), ("currency", TEXT), ("is_active", BOOL),
        ("outreach_paused", BOOL), ("created_at", TS), ("modified_at", TS),
    ],
    "invoices": [
        ("invoice_id", ID), ("organization_id", ID), ("customer_id", ID), ("number", TEXT), ("type", TEXT),
        ("currency", TEXT), ("subtotal", MONEY), ("total_tax", MONEY), ("total_discount", MONEY),
        ("total_amount", MONEY), ("issued_at", TS), ("due_date", DATE), ("status", TEXT),
        ("voided_at", TS), ("marked_uncollectible_at", TS), ("in_dispute", BOOL),
        ("promised_to_pay_date", DATE), ("branch_id", ID), ("created_at", TS), ("modified_at", TS),
    ],
    "payments": [
        ("payment_id", ID), ("organization_id", ID), ("customer_id", ID), ("amount", MONEY),
        ("received_at", TS), ("currency", TEXT), ("payment_method", TEXT), ("status", TEXT),
        ("reference_number", TEXT), ("modified_at", TS),
    ],
    "payment_allocations": [
        ("allocation_id", ID), ("payment_id", ID), ("invoice_id", ID), ("amount", MONEY),
        ("applied_at", TS), ("strategy", TEXT), ("modified_at", TS),
    ],
    "adjustments": [
        ("adjustment_id", ID), ("invoice_id", ID), ("kind", TEXT), ("amount", MONEY),
        ("applied_at", TS), ("modified_at", TS),
    ],
    "outreach": [
        ("outreach_id", ID), ("organization_id", ID), ("customer_id", ID), ("channel", TEXT),
        ("occurred_at", TS), ("direction", TEXT), ("is_automated", BOOL), ("is_originated_in_product", BOOL),
        ("status", TEXT), ("subject", TEXT), ("to_address", TEXT), ("modified_at", TS),
    ],
    "outreach_invoices": [("outreach_id", ID), ("invoice_id", ID)],
}  # fmt: skip

# Timestamp columns that record something that happened (never after the end date).
EVENT_TIMESTAMPS = {
    "customers": ["created_at", "modified_at"],
    "invoices": ["issued_at", "voided_at", "marked_uncollectible_at", "created_at", "modified_at"],
    "payments": ["received_at", "modified_at"],
    "payment_allocations": ["applied_at", "modified_at"],
    "adjustments": ["applied_at", "modified_at"],
    "outreach": ["occurred_at", "modified_at"],
}


# --------------------------------------------------------------------------- helpers
def open_raw(data: Path) -> duckdb.DuckDBPyConnection:
    """A connection with one view per raw table (all files of its folder) and `inv`, the deduplicated invoices."""
    con = duckdb.connect()
    for table in TABLES:
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{data / 'raw' / table}/*.parquet')")
    con.execute(
        "CREATE VIEW inv AS SELECT * FROM invoices "
        "QUALIFY row_number() OVER (PARTITION BY invoice_id ORDER BY modified_at DESC) = 1"
    )
    # Money that settles each deduplicated invoice (succeeded payments only) and what is left of it.
    con.execute("""
        CREATE VIEW balances AS
        SELECT inv.*,
            coalesce(paid.amount, 0) AS paid, coalesce(paid.n, 0) AS n_payments,
            coalesce(adj.credited, 0) AS credited, coalesce(adj.written_off, 0) AS written_off,
            inv.total_amount - coalesce(paid.amount, 0) - coalesce(adj.credited, 0) - coalesce(adj.written_off, 0)
                AS outstanding
        FROM inv
        LEFT JOIN (
            SELECT a.invoice_id, sum(a.amount) AS amount, count(DISTINCT a.payment_id) AS n
            FROM payment_allocations a JOIN payments p USING (payment_id)
            WHERE p.status = 'succeeded' GROUP BY a.invoice_id
        ) paid USING (invoice_id)
        LEFT JOIN (
            SELECT invoice_id,
                coalesce(sum(amount) FILTER (WHERE kind = 'credit_note'), 0) AS credited,
                coalesce(sum(amount) FILTER (WHERE kind = 'write_off'), 0) AS written_off
            FROM adjustments GROUP BY invoice_id
        ) adj USING (invoice_id)
    """)
    return con


def one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def table_rows(data: Path, table: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        rows = con.execute(f"SELECT * FROM read_parquet('{data / 'raw' / table}/*.parquet')").fetchall()
    finally:
        con.close()
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("gen") / "data"
    counts = generate(out, invoices=N_INVOICES, seed=SEED)
    return out, counts


@pytest.fixture(scope="module")
def data(generated) -> Path:
    return generated[0]


@pytest.fixture(scope="module")
def con(data):
    connection = open_raw(data)
    yield connection
    connection.close()


# --------------------------------------------------------------------------- layout and counts
def test_writes_one_folder_of_parquet_files_per_table_and_nothing_else(data):
    assert sorted(p.name for p in data.iterdir()) == ["raw"]
    assert sorted(p.name for p in (data / "raw").iterdir()) == sorted(TABLES)
    for table in TABLES:
        files = sorted((data / "raw" / table).iterdir())
        assert files, table
        assert all(f.name.startswith("part-") and f.suffix == ".parquet" for f in files), files


def test_returns_the_row_count_of_every_table(generated, con):
    _, counts = generated
    assert list(counts) == list(TABLES)
    for table in TABLES:
        assert counts[table] == one(con, f"SELECT count(*) FROM {table}"), table


def test_invoice_count_is_exact_and_customers_default_to_one_per_hundred(con):
    assert one(con, "SELECT count(DISTINCT invoice_id) FROM invoices") == N_INVOICES
    assert one(con, "SELECT count(*) FROM customers") == N_INVOICES // 100
    assert one(con, "SELECT count(DISTINCT customer_id) FROM customers") == N_INVOICES // 100
    assert one(con, "SELECT count(*) FROM organizations") == 3


def test_customers_can_be_given(tmp_path):
    counts = generate(tmp_path / "d", invoices=300, customers=37, seed=1)
    con = open_raw(tmp_path / "d")
    assert one(con, "SELECT count(DISTINCT customer_id) FROM customers") == 37 == counts["customers"]
    assert one(con, "SELECT count(DISTINCT invoice_id) FROM invoices") == 300
    assert (
        one(con, "SELECT count(*) FROM invoices WHERE customer_id NOT IN (SELECT customer_id FROM customers)")
        == 0
    )


def test_a_single_invoice_still_writes_every_table(tmp_path):
    counts = generate(tmp_path / "d", invoices=1)
    con = open_raw(tmp_path / "d")
    assert set(counts) == set(TABLES)
    assert one(con, "SELECT count(DISTINCT invoice_id) FROM invoices") == 1
    assert one(con, "SELECT count(*) FROM customers") == 1


# --------------------------------------------------------------------------- schema
@pytest.mark.parametrize("table", TABLES)
def test_every_file_has_exactly_the_documented_columns_and_types(data, table):
    for path in sorted((data / "raw" / table).glob("*.parquet")):
        described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        assert [(name, type_) for name, type_, *_ in described] == SCHEMA[table], path.name


# --------------------------------------------------------------------------- determinism
def test_same_seed_gives_the_same_rows_and_files(data, tmp_path):
    again = tmp_path / "again"
    generate(again, invoices=N_INVOICES, seed=SEED)
    for table in TABLES:
        assert sorted(p.name for p in (again / "raw" / table).iterdir()) == sorted(
            p.name for p in (data / "raw" / table).iterdir()
        )
        assert table_rows(again, table) == table_rows(data, table), table


def test_a_different_seed_gives_different_data(data, tmp_path):
    other = tmp_path / "other"
    generate(other, invoices=N_INVOICES, seed=SEED + 1)
    for table in ("customers", "invoices", "payments", "outreach"):
        assert table_rows(other, table) != table_rows(data, table), table
    con_a, con_b = open_raw(data), open_raw(other)
    totals = "SELECT list(total_amount ORDER BY invoice_id) FROM inv"
    assert one(con_a, totals) != one(con_b, totals)


# --------------------------------------------------------------------------- integrity
def test_ids_are_unique(con):
    for table, key in [
        ("organizations", "organization_id"),
        ("customers", "customer_id"),
        ("payments", "payment_id"),
        ("payment_allocations", "allocation_id"),
        ("adjustments", "adjustment_id"),
        ("outreach", "outreach_id"),
    ]:
        assert one(con, f"SELECT count(*) - count(DISTINCT {key}) FROM {table}") == 0, table
        assert one(con, f"SELECT count(*) FROM {table} WHERE {key} IS NULL") == 0, table
    assert one(con, "SELECT count(*) - count(DISTINCT (outreach_id, invoice_id)) FROM outreach_invoices") == 0
    assert one(con, "SELECT count(*) - count(DISTINCT invoice_id) FROM inv") == 0


def test_references_resolve_within_one_customer_and_organization(con):
    checks = {
        "customer -> organization": """SELECT count(*) FROM customers c
            ANTI JOIN organizations o USING (organization_id)""",
        "invoice -> customer of the same organization": """SELECT count(*) FROM invoices i
            LEFT JOIN customers c USING (customer_id)
            WHERE c.customer_id IS NULL OR c.organization_id <> i.organization_id""",
        "payment -> customer of the same organization": """SELECT count(*) FROM payments p
            LEFT JOIN customers c USING (customer_id)
            WHERE c.customer_id IS NULL OR c.organization_id <> p.organization_id""",
        "allocation -> payment": "SELECT count(*) FROM payment_allocations ANTI JOIN payments USING (payment_id)",
        "allocation -> invoice": "SELECT count(*) FROM payment_allocations ANTI JOIN inv USING (invoice_id)",
        "allocation: payment and invoice of one customer": """SELECT count(*) FROM payment_allocations a
            JOIN payments p USING (payment_id) JOIN inv i USING (invoice_id)
            WHERE p.customer_id <> i.customer_id""",
        "adjustment -> invoice": "SELECT count(*) FROM adjustments ANTI JOIN inv USING (invoice_id)",
        "outreach -> customer": "SELECT count(*) FROM outreach ANTI JOIN customers USING (customer_id)",
        "link -> outreach": "SELECT count(*) FROM outreach_invoices ANTI JOIN outreach USING (outreach_id)",
        "link -> invoice": "SELECT count(*) FROM outreach_invoices ANTI JOIN inv USING (invoice_id)",
        "link: invoice of the outreach's customer": """SELECT count(*) FROM outreach_invoices l
            JOIN outreach o USING (outreach_id) JOIN inv i USING (invoice_id)
            WHERE o.customer_id <> i.customer_id""",
        "outreach without any invoice": "SELECT count(*) FROM outreach ANTI JOIN outreach_invoices USING (outreach_id)",
        "payment without allocations": "SELECT count(*) FROM payments ANTI JOIN payment_allocations USING (payment_id)",
    }
    failures = {name: n for name, sql in checks.items() if (n := one(con, sql))}
    assert failures == {}


def test_currencies_follow_the_organization(con):
    assert one(con, "SELECT count(DISTINCT base_currency) FROM organizations") == 3
    for table in ("customers", "invoices", "payments"):
        mismatched = one(
            con,
            f"SELECT count(*) FROM {table} t JOIN organizations o USING (organization_id) "
            "WHERE t.currency <> o.base_currency",
        )
        assert mismatched == 0, table


# --------------------------------------------------------------------------- money
def test_invoice_totals_are_exact(con):
    assert (
        one(con, "SELECT count(*) FROM invoices WHERE total_amount <> subtotal + total_tax - total_discount")
        == 0
    )
    assert one(con, "SELECT count(*) FROM invoices WHERE total_amount <= 0 OR subtotal <= 0") == 0
    assert one(con, "SELECT count(*) FROM invoices WHERE total_tax < 0 OR total_discount < 0") == 0


def test_payment_amounts_equal_the_sum_of_their_allocations(con):
    assert (
        one(
            con,
            """SELECT count(*) FROM payments p
               JOIN (SELECT payment_id, sum(amount) AS allocated FROM payment_allocations GROUP BY 1) a
               USING (payment_id) WHERE a.allocated <> p.amount""",
        )
        == 0
    )
    for table in ("payments", "payment_allocations", "adjustments"):
        assert one(con, f"SELECT count(*) FROM {table} WHERE amount <= 0") == 0, table


def test_invoices_are_not_over_settled_except_a_deliberate_few(con):
    receivable = one(con, "SELECT count(*) FROM balances WHERE type = 'receivable'")
    over = one(con, "SELECT count(*) FROM balances WHERE outstanding < 0")
    assert over <= max(3, receivable // 500)
    # overpayments are small amounts, never a second full payment
    assert one(con, "SELECT coalesce(max(-outstanding), 0) FROM balances WHERE outstanding < 0") <= 25


def test_statuses_agree_with_the_money(con):
    rows = con.execute(
        """SELECT status, count(*) FILTER (WHERE outstanding > 0), count(*) FILTER (WHERE outstanding <= 0),
                  count(*) FILTER (WHERE n_payments > 0)
           FROM balances WHERE type = 'receivable' GROUP BY status"""
    ).fetchall()
    by_status = {
        status: (positive, settled, with_payments) for status, positive, settled, with_payments in rows
    }
    assert set(by_status) == {"draft", "open", "paid", "void", "uncollectible"}
    assert by_status["paid"][0] == 0  # paid: nothing outstanding
    assert by_status["open"][1] == 0  # open: something outstanding
    assert by_status["draft"][2] == 0 and by_status["void"][2] == 0  # never paid
    assert one(con, "SELECT count(*) FROM inv WHERE type = 'payable'") > 0
    assert (
        one(
            con, "SELECT count(*) FROM payment_allocations JOIN inv USING (invoice_id) WHERE type = 'payable'"
        )
        == 0
    )


# --------------------------------------------------------------------------- dates
def test_nothing_happens_after_the_end_date(con):
    limit = DEFAULT_END_DATE + dt.timedelta(days=1)
    for table, columns in EVENT_TIMESTAMPS.items():
        for column in columns:
            late = one(con, f"SELECT count(*) FROM {table} WHERE {column} >= DATE '{limit}'")
            assert late == 0, f"{table}.{column}"


def test_about_two_years_of_history_ending_on_the_end_date(con):
    first, last = con.execute("SELECT min(issued_at)::DATE, max(issued_at)::DATE FROM invoices").fetchone()
    assert DEFAULT_END_DATE - dt.timedelta(days=735) <= first <= DEFAULT_END_DATE - dt.timedelta(days=700)
    assert DEFAULT_END_DATE - dt.timedelta(days=5) <= last <= DEFAULT_END_DATE
    # issue dates spread over the period: every quarter has invoices
    quarters = one(con, "SELECT count(DISTINCT date_trunc('quarter', issued_at)) FROM invoices")
    assert quarters >= 8


def test_events_follow_the_invoice(con):
    assert (
        one(
            con,
            """SELECT count(*) FROM payment_allocations a JOIN payments p USING (payment_id)
               JOIN inv i USING (invoice_id) WHERE p.received_at < i.issued_at""",
        )
        == 0
    )
    assert (
        one(
            con,
            """SELECT count(*) FROM payment_allocations a JOIN payments p USING (payment_id)
               WHERE a.applied_at < p.received_at""",
        )
        == 0
    )
    assert (
        one(
            con, "SELECT count(*) FROM adjustments JOIN inv i USING (invoice_id) WHERE applied_at < issued_at"
        )
        == 0
    )
    assert (
        one(
            con,
            """SELECT count(*) FROM outreach_invoices JOIN outreach o USING (outreach_id)
               JOIN inv i USING (invoice_id) WHERE o.occurred_at < i.issued_at""",
        )
        == 0
    )
    assert one(con, "SELECT count(*) FROM invoices WHERE modified_at < created_at") == 0


def test_due_dates_use_net_terms(con):
    terms = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT due_date - issued_at::DATE FROM inv WHERE due_date IS NOT NULL"
        ).fetchall()
    }
    assert terms <= {15, 30, 45, 60} and len(terms) >= 2
    missing = one(con, "SELECT count(*) FILTER (WHERE due_date IS NULL) / count(*) FROM inv")
    assert 0.002 <= missing <= 0.06


def test_another_end_date_moves_the_whole_history(tmp_path):
    end = dt.date(2024, 3, 31)
    generate(tmp_path / "d", invoices=500, seed=3, end_date=end)
    con = open_raw(tmp_path / "d")
    limit = end + dt.timedelta(days=1)
    for table, columns in EVENT_TIMESTAMPS.items():
        for column in columns:
            assert one(con, f"SELECT count(*) FROM {table} WHERE {column} >= DATE '{limit}'") == 0, column
    assert one(con, "SELECT max(issued_at)::DATE FROM invoices") >= end - dt.timedelta(days=10)


# --------------------------------------------------------------------------- realism
def share(con, sql: str) -> float:
    return float(one(con, sql))


def test_failed_payments_are_retried_a_few_days_later(con):
    failed = share(con, "SELECT count(*) FILTER (WHERE status = 'failed') / count(*) FROM payments")
    assert 0.005 <= failed <= 0.05
    assert one(con, "SELECT count(DISTINCT status) FROM payments") == 2
    unretried = one(
        con,
        """SELECT count(*) FROM payments f
           WHERE f.status = 'failed' AND NOT EXISTS (
               SELECT 1 FROM payments s
               WHERE s.status = 'succeeded' AND s.customer_id = f.customer_id AND s.amount = f.amount
                 AND s.received_at > f.received_at AND s.received_at <= f.received_at + INTERVAL 8 DAY)""",
    )
    assert unretried == 0
    # failed attempts keep their allocations
    assert (
        one(
            con,
            """SELECT count(*) FROM payments p WHERE status = 'failed'
               AND payment_id NOT IN (SELECT payment_id FROM payment_allocations)""",
        )
        == 0
    )


def test_one_payment_can_settle_several_invoices(con):
    multi = one(
        con,
        """SELECT count(*) FROM (SELECT payment_id FROM payment_allocations
           GROUP BY payment_id HAVING count(DISTINCT invoice_id) >= 2)""",
    )
    assert multi >= 10


def test_invoices_can_be_paid_in_parts_by_several_payments(con):
    assert one(con, "SELECT count(*) FROM balances WHERE n_payments >= 2 AND status = 'paid'") >= 10
    # partial payers who stopped paying: part paid, still open or written off
    assert one(con, "SELECT count(*) FROM balances WHERE n_payments >= 1 AND outstanding > 0") >= 5


def test_credit_notes_write_offs_voids_drafts_and_uncollectible(con):
    n = N_INVOICES
    credit_notes = one(con, "SELECT count(*) FROM adjustments WHERE kind = 'credit_note'")
    write_offs = one(con, "SELECT count(*) FROM adjustments WHERE kind = 'write_off'")
    assert 0.01 * n <= credit_notes <= 0.08 * n
    assert 0.002 * n <= write_offs <= 0.03 * n
    assert one(con, "SELECT count(DISTINCT kind) FROM adjustments") == 2

    voids = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE voided_at > issued_at) FROM inv WHERE status = 'void'"
    ).fetchone()
    assert 0.002 * n <= voids[0] <= 0.03 * n and voids[0] == voids[1]
    assert one(con, "SELECT count(*) FROM inv WHERE voided_at IS NOT NULL AND status <> 'void'") == 0

    drafts = con.execute(
        f"""SELECT count(*), count(*) FILTER (WHERE issued_at >= DATE '{DEFAULT_END_DATE}' - 30)
            FROM inv WHERE status = 'draft'"""
    ).fetchone()
    assert 0.002 * n <= drafts[0] <= 0.03 * n and drafts[0] == drafts[1]

    uncollectible = con.execute(
        """SELECT count(*), count(marked_uncollectible_at),
                  count(*) FILTER (WHERE marked_uncollectible_at > issued_at)
           FROM inv WHERE status = 'uncollectible'"""
    ).fetchone()
    assert uncollectible[0] >= 1 and uncollectible[0] == uncollectible[1] == uncollectible[2]
    assert (
        one(
            con,
            "SELECT count(*) FROM inv WHERE marked_uncollectible_at IS NOT NULL AND status <> 'uncollectible'",
        )
        == 0
    )
    # a written-off invoice is settled by its write-off
    assert (
        one(
            con,
            """SELECT count(*) FROM balances WHERE written_off > 0
               AND (outstanding <> 0 OR status <> 'uncollectible')""",
        )
        == 0
    )


def test_disputes_promises_and_aged_open_invoices(con):
    assert one(con, "SELECT count(*) FROM inv WHERE in_dispute") >= 1
    assert one(con, "SELECT count(*) FROM inv WHERE in_dispute AND status <> 'open'") == 0
    assert one(con, "SELECT count(*) FROM inv WHERE promised_to_pay_date IS NOT NULL") >= 10
    assert one(con, "SELECT count(*) FROM inv WHERE promised_to_pay_date < due_date") == 0
    aged = one(
        con,
        f"""SELECT count(*) FROM balances WHERE status = 'open' AND outstanding > 0
            AND due_date < DATE '{DEFAULT_END_DATE}' - 90""",
    )
    recent_open = one(
        con,
        f"""SELECT count(*) FROM balances WHERE status = 'open'
            AND issued_at >= DATE '{DEFAULT_END_DATE}' - 15""",
    )
    recent_all = one(
        con,
        f"""SELECT count(*) FROM inv WHERE type = 'receivable' AND status NOT IN ('draft', 'void')
            AND issued_at >= DATE '{DEFAULT_END_DATE}' - 15""",
    )
    assert aged >= 5
    assert recent_open >= 0.7 * recent_all  # invoices near the end are mostly still open


def test_outreach_mixes_channels_directions_and_outcomes(con):
    channels = {r[0] for r in con.execute("SELECT DISTINCT channel FROM outreach").fetchall()}
    assert channels == {"email", "call", "sms", "letter"}
    assert {r[0] for r in con.execute("SELECT DISTINCT direction FROM outreach").fetchall()} == {
        "outbound",
        "inbound",
    }
    statuses = {r[0] for r in con.execute("SELECT DISTINCT status FROM outreach").fetchall()}
    assert {"sent", "delivered", "opened", "failed", "bounced", "completed", "no_answer"} <= statuses
    assert one(con, "SELECT count(*) FROM outreach WHERE is_automated") > 0
    assert one(con, "SELECT count(*) FROM outreach WHERE NOT is_automated AND direction = 'outbound'") > 0
    assert one(con, "SELECT count(*) FROM outreach WHERE is_automated AND direction = 'inbound'") == 0
    # one contact about several invoices of the customer
    assert (
        one(
            con,
            "SELECT count(*) FROM (SELECT outreach_id FROM outreach_invoices GROUP BY 1 HAVING count(*) > 1)",
        )
        > 0
    )
    # reminders before and after the due date
    before, after = con.execute(
        """SELECT count(*) FILTER (WHERE o.occurred_at::DATE < i.due_date),
                  count(*) FILTER (WHERE o.occurred_at::DATE > i.due_date)
           FROM outreach o JOIN outreach_invoices USING (outreach_id) JOIN inv i USING (invoice_id)
           WHERE o.is_automated AND o.channel = 'email'"""
    ).fetchone()
    assert before > 0 and after > 0
    assert one(con, "SELECT count(*) FROM customers WHERE outreach_paused") >= 0
    assert one(con, "SELECT count(*) FROM outreach WHERE to_address IS NULL AND status NOT IN ('draft')") == 0


def test_some_invoices_are_republished_later_with_a_greater_modified_at(data, con):
    files = sorted(p.name for p in (data / "raw" / "invoices").glob("*.parquet"))
    assert len(files) >= 2
    *regular, latest = files
    assert latest > max(regular)
    dup_share = share(
        con, "SELECT (count(*) - count(DISTINCT invoice_id)) / count(DISTINCT invoice_id) FROM invoices"
    )
    assert 0.003 <= dup_share <= 0.03
    versions = con.execute(
        f"""SELECT count(*), count(*) FILTER (WHERE new.modified_at > old.modified_at),
                   count(*) FILTER (WHERE new.status <> old.status)
            FROM read_parquet('{data / "raw" / "invoices" / latest}') new
            JOIN read_parquet({[str(data / "raw" / "invoices" / f) for f in regular]}) old USING (invoice_id)"""
    ).fetchone()
    assert versions[0] == one(con, "SELECT count(*) - count(DISTINCT invoice_id) FROM invoices")
    assert versions[1] == versions[0]  # the re-published row is always the newer one
    assert versions[2] >= 1  # e.g. open -> paid
    # the newest version is consistent with the money: a re-published 'paid' invoice is settled
    assert (
        one(
            con,
            f"""SELECT count(*) FROM balances
                WHERE invoice_id IN (SELECT invoice_id FROM read_parquet('{data / "raw" / "invoices" / latest}'))
                AND type = 'receivable' AND status = 'paid' AND outstanding > 0""",
        )
        == 0
    )


def test_customers_vary(con):
    assert one(con, "SELECT count(DISTINCT organization_id) FROM customers") >= 2
    assert one(con, "SELECT count(DISTINCT business_unit_id) FROM customers") >= 3
    assert one(con, "SELECT count(DISTINCT branch_id) FROM invoices") >= 4
    assert one(con, "SELECT count(DISTINCT payment_method) FROM payments") == 4
    # some customers pay late, some early: days from due date to the final payment spread widely
    spread = con.execute(
        """SELECT min(d), max(d) FROM (
               SELECT i.invoice_id, max(p.received_at)::DATE - i.due_date AS d
               FROM inv i JOIN payment_allocations USING (invoice_id) JOIN payments p USING (payment_id)
               WHERE p.status = 'succeeded' AND i.status = 'paid' AND i.due_date IS NOT NULL
               GROUP BY i.invoice_id, i.due_date)"""
    ).fetchone()
    assert spread[0] <= -3 and spread[1] >= 60


# --------------------------------------------------------------------------- refusals
def test_refuses_an_output_that_already_holds_parquet_files(tmp_path):
    existing = tmp_path / "d" / "raw" / "invoices" / "part-0.parquet"
    existing.parent.mkdir(parents=True)
    duckdb.sql(f"COPY (SELECT 1 AS x) TO '{existing}' (FORMAT parquet)")
    before = existing.read_bytes()
    with pytest.raises(ValueError, match="out"):
        generate(tmp_path / "d", invoices=10)
    assert existing.read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["raw"]
    assert sorted(p.name for p in (tmp_path / "d" / "raw").iterdir()) == ["invoices"]


def test_refuses_to_run_twice_into_the_same_folder(tmp_path):
    generate(tmp_path / "d", invoices=10)
    with pytest.raises(ValueError, match="out"):
        generate(tmp_path / "d", invoices=10)


def test_an_existing_empty_raw_folder_is_filled(tmp_path):
    (tmp_path / "d" / "raw" / "invoices").mkdir(parents=True)
    generate(tmp_path / "d", invoices=20)
    assert sorted(p.name for p in (tmp_path / "d" / "raw").iterdir()) == sorted(TABLES)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"invoices": 0}, "invoices"),
        ({"invoices": -5}, "invoices"),
        ({"invoices": 10, "customers": 0}, "customers"),
        ({"invoices": 10, "seed": "x"}, "seed"),
    ],
)
def test_rejects_invalid_parameters_naming_them(tmp_path, kwargs, name):
    with pytest.raises(ValueError, match=name):
        generate(tmp_path / "d", **kwargs)
    assert not (tmp_path / "d" / "raw").exists()


def test_an_output_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(ValueError, match="out"):
        generate(target, invoices=10)
