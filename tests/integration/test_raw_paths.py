"""A data directory may be any path the file system allows (README): brackets, `*`,
`?`, braces, spaces and quotes are taken literally by ingest, build, the reports and generate, never as a file
pattern.

Every test puts a decoy next to the odd directory: a sibling that the odd name, read as a DuckDB glob pattern,
would match (`d[12]` matches `d1`, `a*b?` matches `a-b!`). Reading from the decoy, or reading nothing, fails the
test."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow.parquet as pq
import pytest
from support import query, write_parquet

pytestmark = pytest.mark.slow

ODD = "q'uote d[12] a*b? {x,y}"
DECOY = "q'uote d1 a-b! {x,y}"  # what ODD matches when read as a pattern

PAGE = {
    "data": [
        {
            "id": "i1",
            "object": "invoice",
            "total_amount": 12345,
            "issued_at": "2025-03-01T09:30:00Z",
            "due_date": "2025-03-31T00:00:00Z",
            "partner_id": "c1",
            "partner": {"id": "c1", "object": "partner", "organization_id": "o1", "name": "Acme"},
        }
    ]
}


def _invoice(invoice_id: str, amount: str, customer: str = "c1") -> str:
    return (
        f"select '{invoice_id}' as invoice_id, 'o1' as organization_id, '{customer}' as customer_id, "
        f"{amount}::decimal(18,2) as total_amount, timestamp '2025-03-02 10:00:00' as issued_at"
    )


def test_ingest_build_and_report_read_exactly_the_named_directory(cli, tmp_path):
    data, decoy = tmp_path / ODD, tmp_path / DECOY
    write_parquet(
        decoy / "raw" / "customers" / "a.parquet",
        "select 'cX' as customer_id, 'oX' as organization_id, 'X' as name",
    )
    write_parquet(decoy / "raw" / "invoices" / "a.parquet", _invoice("iX", "999.00", "cX"))
    page = tmp_path / "page [1].json"
    page.write_text(json.dumps(PAGE))
    r = cli("ingest", "stuut-invoices", page, "--data", data)
    assert r.code == 0, r
    # File names may hold pattern characters too: read as a pattern, part[1].parquet would read part1.parquet.
    write_parquet(data / "raw" / "invoices" / "part[1].parquet", _invoice("i2", "7.00"))
    write_parquet(data / "raw" / "invoices" / "part1.parquet", _invoice("i3", "11.00"))

    r = cli("build", "--data", data)
    assert r.code == 0, r
    assert r.err == ""  # nothing unread, no warnings
    assert not (decoy / "warehouse.duckdb").exists()
    rows = query(
        data / "warehouse.duckdb",
        "select invoice_id, total_amount, _source_file from base_arlake__invoices order by invoice_id",
    )
    # i1 from the ingested page (12345 cents), i2 and i3 from their own files, each exactly once.
    assert [(i, amount) for i, amount, _ in rows] == [
        ("i1", Decimal("123.45")),
        ("i2", Decimal("7.00")),
        ("i3", Decimal("11.00")),
    ]
    assert rows[1][2] == str(data / "raw" / "invoices" / "part[1].parquet")
    assert rows[2][2] == str(data / "raw" / "invoices" / "part1.parquet")

    r = cli("report", "receivable-aging-summary", "--data", data, "--as-date", "2025-06-30")
    assert r.code == 0, r
    # By hand: 123.45 + 7.00 + 11.00 = 141.45, all of customer c1.
    assert json.loads(r.out)["data"]["total"]["total"]["amount"] == 141.45


def test_generate_writes_and_counts_in_exactly_the_named_directory(cli, tmp_path):
    data, decoy = tmp_path / ODD, tmp_path / DECOY
    decoy.mkdir()
    r = cli("generate", "--out", data, "--invoices", "300", "--customers", "5")
    assert r.code == 0, r
    assert list(decoy.iterdir()) == []
    printed = {
        table.strip(): int(rows.replace(",", "").split()[0])
        for table, rows in (line.split(":") for line in r.out.splitlines())
    }
    # The printed counts against an independent reading of the files written (pyarrow, not DuckDB).
    for table, rows in printed.items():
        files = sorted((data / "raw" / table).glob("*.parquet"))
        assert files, table
        assert rows == sum(pq.read_metadata(f).num_rows for f in files), table
    assert printed["invoices"] >= 300


def test_a_backslash_in_the_data_directory_is_refused_by_name(cli, tmp_path):
    # DuckDB's file listing takes a backslash for a path separator, so such a directory cannot be listed: the
    # build refuses it naming the path rather than reading nothing.
    data = tmp_path / "back\\slash"
    write_parquet(
        data / "raw" / "customers" / "a.parquet",
        "select 'c1' as customer_id, 'o1' as organization_id, 'A' as name",
    )
    r = cli("build", "--data", data)
    assert r.code == 3, r
    assert str(data) in r.err and "backslash" in r.err and "Traceback" not in r.err
