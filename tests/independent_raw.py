"""The independent reading of the raw layer shared by the cross-checks (test_ledger_independent,
test_collections_independent): pyarrow and Python only, never the warehouse, dbt or arlake's SQL.
Contract section 1: the latest row per id by modified_at (null oldest), ties to the later file in lexical
order, then the later row; timestamps as UTC instants and dates."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

UTC = datetime.UTC


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def ts(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


# ---------------------------------------------------------------------------------------------------------------
# Independent reading of the raw layer
# ---------------------------------------------------------------------------------------------------------------


def utc_instant(value: object) -> datetime.datetime | None:
    """A TIMESTAMP (taken as UTC), TIMESTAMPTZ or DATE value as a naive UTC datetime."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    raise TypeError(f"not a timestamp or date: {value!r}")


def utc_date(value: object) -> datetime.date | None:
    instant = utc_instant(value)
    return None if instant is None else instant.date()


def table_files(raw: Path, table: str) -> list[Path]:
    folder = raw / table
    return sorted(folder.glob("*.parquet"), key=lambda p: p.name) if folder.is_dir() else []


def read_latest(raw: Path, table: str, key: str) -> dict[str, dict]:
    """Rows of every file of the table, one per id: greatest modified_at (null oldest), then later file, then
    later row. Rows with a null id are left out; absent columns read as null."""
    best: dict[str, tuple[tuple, dict]] = {}
    for file_rank, path in enumerate(table_files(raw, table)):
        for row_rank, row in enumerate(pq.read_table(path).to_pylist()):
            if row.get(key) is None:
                continue
            modified = utc_instant(row.get("modified_at"))
            rank = (modified is not None, modified or datetime.datetime.min, file_rank, row_rank)
            held = best.get(row[key])
            if held is None or rank > held[0]:
                best[row[key]] = (rank, row)
    return {ident: row for ident, (_, row) in best.items()}


def read_links(raw: Path) -> set[tuple[str, str]]:
    """outreach_invoices: a (outreach_id, invoice_id) pair is one link, however often it is written."""
    links = set()
    for path in table_files(raw, "outreach_invoices"):
        for row in pq.read_table(path).to_pylist():
            if row.get("outreach_id") is not None and row.get("invoice_id") is not None:
                links.add((row["outreach_id"], row["invoice_id"]))
    return links


def write_rows(path: Path, rows: list[dict], schema: pa.Schema) -> None:
    """Write rows with the generator's column types (all nullable)."""
    schema = pa.schema([f.with_nullable(True) for f in schema])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
