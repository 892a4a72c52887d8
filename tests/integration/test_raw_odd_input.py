"""Odd raw input through a real `arlake build` (docs/metrics.md, Data quality): column names in another case,
columns and folders the reader does not know, money with more than two decimals or beyond DECIMAL(18,2),
status words outside the documented lists and empty ids. Nothing is ignored silently: it is read, or warned
about and counted, or the build stops naming file, table and column."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import minimal_raw, query, write_parquet

pytestmark = pytest.mark.slow


def _odd_raw_layer(raw):
    write_parquet(
        raw / "customers" / "a.parquet",
        "select * from (values ('c1', 'o1', 'Acme'), ('', 'o1', 'empty id'), ('  ', 'o1', 'blank id'))"
        " t(customer_id, organization_id, name)",
    )
    # Column names in another case (Due_Date, Status) are the table's columns; Notes is unknown.
    # Money as DECIMAL(38,10): more than two decimals.
    write_parquet(
        raw / "invoices" / "a.parquet",
        "select invoice_id, 'o1' as organization_id, customer_id, total_amount::decimal(38,10) as total_amount,"
        " issued_at, Due_Date, Status, 'n' as Notes from (values"
        " ('i1', 'c1', '100.0049999999', timestamp '2025-01-01', timestamp '2025-03-01', 'open'),"
        " ('i2', 'c1', '50.005', timestamp '2025-03-10', null, 'DRAFT'),"
        " ('i3', 'c1', '20', timestamp '2025-02-01', null, 'Void'),"
        " ('', 'c1', '1', timestamp '2025-02-01', null, null),"
        " ('i5', 'c1', '0.0049999999', timestamp '2025-02-01', null, null),"
        " ('i6', ' ', '3', timestamp '2025-02-01', null, null)"
        ") t(invoice_id, customer_id, total_amount, issued_at, Due_Date, Status)",
    )
    write_parquet(
        raw / "payments" / "a.parquet",
        "select 'p1' as payment_id, 'o1' as organization_id, 'c1' as customer_id, 10.000::decimal(18,3) as amount,"
        " timestamp '2025-02-15' as received_at, 'Failed' as status",
    )
    write_parquet(
        raw / "payment_allocations" / "a.parquet",
        "select 'a1' as allocation_id, 'p1' as payment_id, 'i3' as invoice_id, 5.125::decimal(10,3) as amount",
    )
    write_parquet(
        raw / "outreach" / "a.parquet",
        "select * from (values ('o1', 'Email', 'OUTBOUND', 'Sent'), ('o2', 'email', 'outbound', 'sent'))"
        " t(outreach_id, channel, direction, status),"
        " (select 'o1' as organization_id, 'c1' as customer_id, timestamp '2025-02-20' as occurred_at)",
    )
    # Files and folders the reader does not read.
    write_parquet(raw / "invoice" / "x.parquet", "select 'i9' as invoice_id")
    write_parquet(raw / "invoices" / "2026" / "b.parquet", "select 'i9' as invoice_id")
    write_parquet(raw / "invoices" / "c.PARQUET", "select 'i9' as invoice_id")
    (raw / "payments" / "notes.csv").write_text("payment_id\np9\n")
    (raw / "readme.txt").write_text("raw data\n")


def test_odd_raw_input_is_read_warned_about_and_counted(cli, tmp_path):
    raw = tmp_path / "raw"
    _odd_raw_layer(raw)
    r = cli("build", "--data", tmp_path)
    assert r.code == 0, r

    # Warnings: one line each on stderr, naming the path.
    warnings = r.err.splitlines()
    unread = [
        raw / "invoices" / "2026" / "b.parquet",
        raw / "invoices" / "c.PARQUET",
        raw / "payments" / "notes.csv",
        raw / "readme.txt",
    ]
    assert len(warnings) == 6, r.err
    assert all(w.startswith("arlake: warning: ") for w in warnings)
    for path in unread:
        assert sum(f"file {path} is not read" in w for w in warnings) == 1, path
    assert sum(f"folder {raw / 'invoice'}/ is no table" in w for w in warnings) == 1
    assert (
        sum(f"file {raw / 'invoices' / 'a.parquet'}: column Notes is no column" in w for w in warnings) == 1
    )

    warehouse = tmp_path / "warehouse.duckdb"
    counts = dict(
        query(
            warehouse,
            "select check_name || '/' || table_name, issue_count from data_quality_summary where issue_count > 0",
        )
    )
    # Each planted problem, counted by hand.
    assert counts == {
        "null_id/customers": 2,  # '' and '  '
        "null_id/invoices": 1,  # ''
        "invoice_unknown_customer/invoices": 1,  # i6 of customer ' ' (no id)
        "money_rounded/invoices": 3,  # i1, i2, i5 (i3 and the '' row are whole numbers)
        "money_rounded/payment_allocations": 1,  # a1 (p1's 10.000 loses nothing: not counted)
        "invoice_unknown_status/invoices": 2,  # DRAFT, Void
        "payment_unknown_status/payments": 1,  # Failed
        "outreach_unknown_status/outreach": 1,  # Sent
        "outreach_unknown_direction/outreach": 1,  # OUTBOUND
        "outreach_unknown_channel/outreach": 1,  # Email
        "unknown_column/invoices": 1,  # Notes
        "unknown_table_folder/raw": 1,  # raw/invoice/
        "unread_file/invoices": 2,  # 2026/b.parquet, c.PARQUET
        "unread_file/payments": 1,  # notes.csv
        "unread_file/raw": 1,  # readme.txt
    }
    details = dict(
        query(
            warehouse,
            "select record_id, detail from int_data_quality_issues where check_name = 'money_rounded'"
            " and table_name = 'invoices'",
        )
    )
    # Half-up to cents by hand: 100.0049999999 -> 100.00 (difference -0.0049999999); 50.005 -> 50.01 (+0.005);
    # 0.0049999999 -> 0.00 (-0.0049999999). Together: -0.0049999999 + 0.005 - 0.0049999999 = -0.0049999998.
    assert "total_amount 100.0049999999 rounded half-up to 100.00 (difference -0.0049999999;" in details["i1"]
    assert "total_amount 50.0050000000 rounded half-up to 50.01 (difference 0.005;" in details["i2"]
    assert "together: -0.0049999998)" in details["i5"]
    # The invoices the reports may show (drafts included), statuses as given; i6, of a customer with no id, is
    # left out of every report and counted above.
    assert query(
        warehouse, "select invoice_id, total_amount, source_status from int_invoice_list_base order by 1"
    ) == [
        ("i1", Decimal("100.00"), "open"),
        ("i2", Decimal("50.01"), "DRAFT"),
        ("i3", Decimal("20.00"), "Void"),
        ("i5", Decimal("0.00"), None),
    ]

    r = cli("report", "receivable-aging-summary", "--data", tmp_path, "--as-date", "2025-03-15")
    assert r.code == 0, r
    total = json.loads(r.out)["data"]["total"]
    # By hand, due basis at 2025-03-15, 30-day buckets: i1 100.00 due 03-01 (Due_Date read) -> 14 days, 1-30;
    # i2 50.01 ('DRAFT' is not a draft) due on issue 03-10 -> 5 days, 1-30; i3 20.00 - 5.13 (the allocation of
    # payment p1, whose 'Failed' is not a failure) = 14.87 due 02-01 -> 42 days, 31-60; i5 0.00 not open; i6 left out.
    assert [cell["total"]["amount"] for cell in total["aging"]] == [150.01, 14.87, 0]
    assert total["total"]["amount"] == 164.88


def test_columns_whose_names_differ_only_in_case_stop_the_build(cli, tmp_path):
    minimal_raw(tmp_path)
    bad = tmp_path / "raw" / "invoices" / "b.parquet"
    moment = pa.array([0], pa.timestamp("s"))
    columns = {
        "invoice_id": ["i2"],
        "organization_id": ["o1"],
        "customer_id": ["c1"],
        "total_amount": pa.array([1], pa.int64()),
        "issued_at": moment,
        "due_date": moment,
        "Due_Date": moment,
    }
    pq.write_table(pa.table(columns), bad)  # DuckDB itself would refuse to write two such columns
    r = cli("build", "--data", tmp_path)
    assert r.code == 3, r
    assert str(bad) in r.err and "table 'invoices'" in r.err
    assert "'due_date' and 'Due_Date'" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize(
    ("table", "select", "column", "value"),
    [
        (
            "payments",
            "select 'p1' as payment_id, 'o1' as organization_id, 'c1' as customer_id,"
            " 18446744073709551615::ubigint as amount, timestamp '2025-01-02' as received_at",
            "amount",
            "18446744073709551615",  # uint64 max
        ),
        (
            "invoices",
            "select 'i2' as invoice_id, 'o1' as organization_id, 'c1' as customer_id,"
            " 100000000000000000::bigint as total_amount, timestamp '2025-01-02' as issued_at",
            "total_amount",
            "100000000000000000",  # 1e17
        ),
        (
            "adjustments",
            "select 'd1' as adjustment_id, 'i1' as invoice_id, 'credit_note' as kind,"
            " ('1' || repeat('0', 37))::decimal(38,0) as amount, timestamp '2025-01-02' as applied_at",
            "amount",
            "1" + "0" * 37,  # DECIMAL(38,0), 10^37
        ),
    ],
)
def test_money_beyond_decimal_18_2_stops_the_build_naming_file_table_column_and_value(
    cli, tmp_path, table, select, column, value
):
    minimal_raw(tmp_path)
    bad = write_parquet(tmp_path / "raw" / table / "big.parquet", select)
    r = cli("build", "--data", tmp_path)
    assert r.code == 3, r
    assert f"file {bad}: table '{table}', column '{column}' holds {value} " in r.err
    assert "beyond DECIMAL(18,2)" in r.err and "Traceback" not in r.err
