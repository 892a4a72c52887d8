"""The sample data of one small generation, pinned: the same seed and arguments must keep giving the same rows.

Two kinds of expectation, neither produced by the generator under test:
- Row-content checksums and row counts recorded from the single-module generator the package replaced
  (`arlake generate --invoices 3000 --seed 1` at commit a0fa7e8, files read back with `table_digest` below).
  They pin every value of every table, in order, so a change of the SQL that alters any row fails here. They are
  read with pyarrow and hashed as JSON lines, so they do not depend on DuckDB's Parquet encoding. A deliberate
  change of the generated data must record new values (print `table_digest` of each table) and say why.
- Facts checked by hand against the documented rules: the organizations of `reference.py`, one customer per 100
  invoices, dense ids in time order, one file per ROWS_PER_FILE rows.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from arlake.sample import TABLES, files, generate

INVOICES, SEED = 3000, 1

RECORDED_COUNTS = {
    "organizations": 3,
    "customers": 30,
    "invoices": 3023,
    "payments": 2345,
    "payment_allocations": 2969,
    "adjustments": 122,
    "outreach": 4139,
    "outreach_invoices": 5197,
}
RECORDED_DIGESTS = {
    "organizations": "3a740282dc706cbe625ccde679fb7335e3123c0c7778b3b123a4484e8ffb2aa4",
    "customers": "280764f6a9afa1123426e51b8a12c43c443e70d05857920a198a5faed5974970",
    "invoices": "9bafca89b8674d2f65ca2124c3368bcdb6f75ec8315c790d023c900f59c865f2",
    "payments": "c5057ebc4cfcc177f9e504e03c45afb3ae918706f3bdda5afe5eda7c58962db8",
    "payment_allocations": "f7370736cb31d9e94e58e7f6c3445b7a2a7329700b6b0c14670bdc03f83b1337",
    "adjustments": "c997af1baf2bb4087a30c7240c78a978e942ba7da2b4f6a84b12196da5ff32eb",
    "outreach": "8179b3c4ae77ce87b585e239418c64fb81cb10b6559ea4c682dd6bf133e8d8e4",
    "outreach_invoices": "b9eafba8d1048b42bd823354c9b56b646fa9f4a1cc5035505a18054afeeabf93",
}


def table_digest(folder: Path) -> str:
    """sha256 over the table's column names and types, then every row as a JSON line, files in name order."""
    paths = sorted(folder.glob("*.parquet"))
    schemas = {json.dumps([(f.name, str(f.type)) for f in pq.read_schema(p)]) for p in paths}
    assert len(schemas) == 1, f"{folder.name}: files with different columns"
    digest = hashlib.sha256(schemas.pop().encode() + b"\n")
    for path in paths:
        for row in pq.read_table(path).to_pylist():
            digest.update(json.dumps(list(row.values()), default=str).encode() + b"\n")
    return digest.hexdigest()


def rows(folder: Path, *columns: str) -> list[tuple]:
    out: list[tuple] = []
    for path in sorted(folder.glob("*.parquet")):
        table = pq.read_table(path, columns=list(columns))
        out.extend(zip(*(table.column(c).to_pylist() for c in columns), strict=True))
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("pinned") / "data"
    return out, generate(out, invoices=INVOICES, seed=SEED)


@pytest.fixture(scope="module")
def raw(generated) -> Path:
    return generated[0] / "raw"


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> Path:
    """The same generation with at most 1,000 rows per file."""
    out = tmp_path_factory.mktemp("split") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(files, "ROWS_PER_FILE", 1000)
        generate(out, invoices=INVOICES, seed=SEED)
    return out / "raw"


def test_row_counts_are_the_recorded_ones(generated):
    assert generated[1] == RECORDED_COUNTS


@pytest.mark.parametrize("table", TABLES)
def test_every_row_is_the_recorded_one(raw, table):
    assert table_digest(raw / table) == RECORDED_DIGESTS[table]


def test_the_organizations_are_the_three_of_the_reference_data(raw):
    assert rows(raw / "organizations", "organization_id", "name", "base_currency", "date_format") == [
        ("org_001", "Northwind Supply Co.", "USD", "DD MMM yyyy"),
        ("org_002", "Rheinland Industriebedarf GmbH", "EUR", "DD MMM yyyy"),
        ("org_003", "Thames Valley Services Ltd", "GBP", "DD MMM yyyy"),
    ]


def test_ids_are_dense_and_in_id_order(raw):
    # 3000 invoices -> 3000 // 100 = 30 customers by default
    assert rows(raw / "customers", "customer_id") == [(f"cus_{n:08d}",) for n in range(1, 31)]
    regular = sorted(p for p in (raw / "invoices").glob("*.parquet") if p.name != files.UPDATES_FILE)
    invoice_ids = [r[0] for p in regular for r in zip(pq.read_table(p).column("invoice_id").to_pylist())]
    assert invoice_ids == [f"inv_{n:08d}" for n in range(1, INVOICES + 1)]
    for table, key, prefix in [
        ("payments", "payment_id", "pay_"),
        ("payment_allocations", "allocation_id", "alc_"),
        ("adjustments", "adjustment_id", "adj_"),
        ("outreach", "outreach_id", "out_"),
    ]:
        ids = [r[0] for r in rows(raw / table, key)]
        assert ids == [f"{prefix}{n:08d}" for n in range(1, len(ids) + 1)], table


def test_invoice_numbers_follow_issue_dates(raw):
    issued = rows(raw / "invoices", "invoice_id", "number", "issued_at")[:INVOICES]  # the regular files
    assert [i for i, *_ in issued] == sorted(i for i, *_ in issued)
    assert all(number[-8:] == invoice_id[-8:] for invoice_id, number, _ in issued)
    days = [at.date() for *_, at in issued]
    assert days == sorted(days)


def test_the_updates_file_holds_the_newer_rows_of_republished_invoices(raw):
    updates = pq.read_table(raw / "invoices" / files.UPDATES_FILE)
    assert updates.num_rows == RECORDED_COUNTS["invoices"] - INVOICES
    older = {i: m for i, m in rows(raw / "invoices", "invoice_id", "modified_at")[:INVOICES]}
    for invoice_id, modified_at in zip(
        updates.column("invoice_id").to_pylist(), updates.column("modified_at").to_pylist(), strict=True
    ):
        assert modified_at > older[invoice_id], invoice_id


def test_more_rows_than_a_file_holds_are_split_into_numbered_files_with_the_same_rows(split):
    for table in TABLES:
        names = sorted(p.name for p in (split / table).glob("*.parquet"))
        regular = RECORDED_COUNTS[table] - (RECORDED_COUNTS[table] - INVOICES if table == "invoices" else 0)
        expected = [f"part-{n:05d}.parquet" for n in range(math.ceil(regular / 1000))]
        if table == "invoices":
            expected.append(files.UPDATES_FILE)
        assert names == expected, table
        assert table_digest(split / table) == RECORDED_DIGESTS[table], table
