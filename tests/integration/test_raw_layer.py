"""The raw layer through a real `arlake build`: error paths (exit 3, naming file, table and column, no
traceback), per-file type conversion, dedupe across files, and the data-quality counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from support import minimal_raw, query, write_parquet

pytestmark = pytest.mark.slow


def test_missing_raw_directory_is_exit_3(cli, tmp_path):
    r = cli("build", "--data", tmp_path / "nothing")
    assert r.code == 3, r
    assert "raw" in r.err and "does not exist" in r.err
    assert "Traceback" not in r.err


def test_missing_required_table_names_the_table_and_folder(cli, tmp_path):
    write_parquet(
        tmp_path / "raw" / "customers" / "a.parquet",
        "select 'c1' as customer_id, 'o1' as organization_id, 'A' as name",
    )
    r = cli("build", "--data", tmp_path)
    assert r.code == 3, r
    assert "required table 'invoices'" in r.err
    assert str(tmp_path / "raw" / "invoices") in r.err
    assert "Traceback" not in r.err


def test_missing_required_column_names_file_table_and_column(cli, tmp_path):
    minimal_raw(tmp_path)
    bad = write_parquet(
        tmp_path / "raw" / "invoices" / "part-1.parquet",
        "select 'i2' as invoice_id, 'o1' as organization_id, 'c1' as customer_id, timestamp '2025-01-01' as issued_at",
    )
    r = cli("build", "--data", tmp_path)
    assert r.code == 3, r
    assert str(bad) in r.err
    assert "table 'invoices'" in r.err and "required column 'total_amount'" in r.err


def test_incompatible_type_names_file_column_type_and_what_is_expected(cli, tmp_path):
    minimal_raw(tmp_path)
    bad = write_parquet(
        tmp_path / "raw" / "invoices" / "part-1.parquet",
        "select 'i2' as invoice_id, 'o1' as organization_id, 'c1' as customer_id, "
        "12.5::double as total_amount, timestamp '2025-01-01' as issued_at",
    )
    r = cli("build", "--data", tmp_path)
    assert r.code == 3, r
    assert str(bad) in r.err
    assert "column 'total_amount' has type DOUBLE" in r.err
    assert "expected DECIMAL or an integer type" in r.err


def test_unreadable_file_is_named(cli, tmp_path):
    minimal_raw(tmp_path)
    bad = tmp_path / "raw" / "payments" / "broken.parquet"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"this is not parquet")
    r = cli("build", "--data", tmp_path)
    assert r.code == 3, r
    assert str(bad) in r.err and "table 'payments'" in r.err
    assert "Traceback" not in r.err


def test_failed_build_keeps_the_previous_warehouse(cli, tmp_path):
    minimal_raw(tmp_path)
    assert cli("build", "--data", tmp_path).code == 0
    warehouse = tmp_path / "warehouse.duckdb"
    before = warehouse.stat()
    write_parquet(
        tmp_path / "raw" / "invoices" / "part-1.parquet",
        "select 'i2' as invoice_id, 'o1' as organization_id, 'c1' as customer_id, "
        "'lots' as total_amount, timestamp '2025-01-01' as issued_at",
    )
    r = cli("build", "--data", tmp_path)
    assert r.code == 3, r
    assert warehouse.stat().st_ino == before.st_ino and warehouse.stat().st_mtime_ns == before.st_mtime_ns
    assert query(warehouse, "select invoice_id, total_amount from dim_invoices") == [
        ("i1", Decimal("100.00"))
    ]
    assert not (tmp_path / ".building").exists()


def test_types_converted_per_file_and_dedupe_across_files(cli, tmp_path):
    raw = tmp_path / "raw"
    # Integer ids and integer money are accepted; optional columns absent from a file take their defaults.
    write_parquet(
        raw / "customers" / "a.parquet",
        "select 7 as customer_id, 'o1' as organization_id, 'Seven' as name, null::boolean as is_active",
    )
    # a.parquet: naive TIMESTAMP (UTC), DATE due date; i1 and i2 appear again in later files.
    write_parquet(
        raw / "invoices" / "a.parquet",
        "select * from (values "
        "('i1', 'o1', '7', 100::decimal(18,2), timestamp '2025-01-01 23:30:00', date '2025-01-31', timestamp '2025-01-01'),"
        "('i2', 'o1', '7', 200::decimal(18,2), timestamp '2025-01-05 00:00:00', null::date, timestamp '2025-03-01')"
        ") t(invoice_id, organization_id, customer_id, total_amount, issued_at, due_date, modified_at)",
    )
    # b.parquet: TIMESTAMPTZ at +05:00 -> 2025-01-09 22:00 UTC, so issued on 2025-01-09 whatever the reader's zone;
    # integer total; i1 updated (later modified_at wins); i2 with an older modified_at loses to a.parquet.
    write_parquet(
        raw / "invoices" / "b.parquet",
        "select * from (values "
        "('i1', 'o1', '7', 150, timestamptz '2025-01-10 03:00:00+05', timestamp '2025-02-15 12:00:00',"
        " timestamp '2025-01-02'),"
        "('i2', 'o1', '7', 999, timestamptz '2025-01-05 00:00:00+00', null::timestamp, timestamp '2025-02-01')"
        ") t(invoice_id, organization_id, customer_id, total_amount, issued_at, due_date, modified_at)",
    )
    # c.parquet: DATE issued_at; same modified_at as a.parquet's i2 row is not reached (i3 is new).
    write_parquet(
        raw / "invoices" / "c.parquet",
        "select 'i3' as invoice_id, 'o1' as organization_id, 7 as customer_id, 5 as total_amount, "
        "date '2025-02-01' as issued_at",
    )
    r = cli("build", "--data", tmp_path)
    assert r.code == 0, r
    rows = query(
        tmp_path / "warehouse.duckdb",
        "select invoice_id, total_amount, issued_on, due_on from dim_invoices order by invoice_id",
    )
    # By hand: i1 from b.parquet (modified 01-02 > 01-01): 150, issued 2025-01-09 (03:00+05 = 22:00 UTC on
    # the 9th), due 2025-02-15; i2 from a.parquet (modified 03-01 > 02-01): 200, due on its issue date;
    # i3: 5.00 issued 2025-02-01, due the same day.
    assert rows == [
        ("i1", Decimal("150.00"), dt.date(2025, 1, 9), dt.date(2025, 2, 15)),
        ("i2", Decimal("200.00"), dt.date(2025, 1, 5), dt.date(2025, 1, 5)),
        ("i3", Decimal("5.00"), dt.date(2025, 2, 1), dt.date(2025, 2, 1)),
    ]
    assert query(
        tmp_path / "warehouse.duckdb", "select customer_id, is_active from stg_arlake__customers"
    ) == [("7", True)]


def test_data_quality_problems_are_counted_not_dropped_silently(cli, tmp_path):
    raw = tmp_path / "raw"
    write_parquet(
        raw / "customers" / "a.parquet",
        "select * from (values ('c1', 'o1', 'A'), (null, 'o1', 'no id')) t(customer_id, organization_id, name)",
    )
    write_parquet(
        raw / "invoices" / "a.parquet",
        "select * from (values "
        "('i1', 'o1', 'c1', 100.00::decimal(18,2)),"  # over-allocated below (130 > 100) and so overpaid
        "('i2', 'o1', 'c1', -5.00::decimal(18,2)),"  # negative total
        "('i3', 'o1', 'ghost', 10.00::decimal(18,2))"  # unknown customer: left out
        ") t(invoice_id, organization_id, customer_id, total_amount), "
        "(select timestamp '2025-01-01' as issued_at)",
    )
    write_parquet(
        raw / "payments" / "a.parquet",
        "select * from (values ('p1', 'o1', 'c1', 130.00::decimal(18,2)), ('p2', 'o1', 'nobody', 1.00::decimal(18,2)))"
        " t(payment_id, organization_id, customer_id, amount), (select timestamp '2025-01-02' as received_at)",
    )
    write_parquet(
        raw / "payment_allocations" / "a.parquet",
        "select * from (values ('a1', 'p1', 'i1', 130.00::decimal(18,2)), ('a2', 'p1', 'missing', 1.00::decimal(18,2)),"
        " ('a3', 'p9', 'i1', 1.00::decimal(18,2))) t(allocation_id, payment_id, invoice_id, amount)",
    )
    write_parquet(
        raw / "adjustments" / "a.parquet",
        "select 'd1' as adjustment_id, 'i1' as invoice_id, 'refund' as kind, 1.00::decimal(18,2) as amount, "
        "timestamp '2025-01-03' as applied_at",
    )
    r = cli("build", "--data", tmp_path)
    assert r.code == 0, r
    counts = dict(
        query(
            tmp_path / "warehouse.duckdb",
            "select check_name || '/' || table_name, issue_count from data_quality_summary where issue_count > 0",
        )
    )
    # Each problem planted above, counted by hand. p1's allocations (130 + 1 to 'missing') exceed its 130.
    assert counts == {
        "null_id/customers": 1,
        "invoice_unknown_customer/invoices": 1,
        "invoice_negative_total/invoices": 1,
        "invoice_overpaid/invoices": 2,  # i1: 100 - 130 = -30; i2: -5
        "allocation_exceeds_invoice/payment_allocations": 1,
        "payment_unknown_customer/payments": 1,
        "payment_over_allocated/payments": 1,
        "allocation_unknown_invoice/payment_allocations": 1,
        "allocation_unknown_payment/payment_allocations": 1,
        "adjustment_unknown_kind/adjustments": 1,
    }
    # Excluded rows are out of the ledger: i1's outstanding counts only the valid 130 allocation.
    assert query(
        tmp_path / "warehouse.duckdb", "select outstanding from int_invoice_balances where invoice_id = 'i1'"
    ) == [(Decimal("-30.00"),)]
