"""`arlake ingest stuut-invoices FILE...`: Stuut List Invoices response pages (docs/invoices.md) into the raw
layer.

Each invoice of `data` lands as rows of the raw tables, field by field as arlake.stuut declares the shape (the
declaration the `invoices` report writes from; docs/invoices.md has the mapping):
customers (from `partner`), invoices, payments and payment_allocations (from `payments` and their nested
`payment`), outreach and outreach_invoices (from `emails` and `calls`), and adjustments: the part of the total
that is neither paid nor due (total_amount - amount_paid - amount_due, when positive, for an invoice that is
neither a draft nor marked uncollectible) lands as one credit note `<invoice id>#residual`, applied when the
invoice was paid (paid_at) or else on its issue date, since the shape lists no credit notes.
Cents become DECIMAL(18,2) major units exactly. Unknown fields are ignored.

- Batches: the files are read in turn and written in batches of about BATCH_INVOICES invoices, one output file
  per table and batch (`raw/<table>/stuut-invoices-<UTC time>-<hash>.parquet`, the hash of the batch's input
  contents). Within a batch a record seen again follows the raw layer's rule (greater modified_at, then later).
- A malformed record stops with a DataError (exit 3) naming the file and the JSON path
  (`data[3].payments[0].amount`); nothing of that file is written, the valid files before it are.
- Idempotent: a table that already holds a file of the batch's hash is not written again (the same command
  twice writes nothing the second time; a file given twice counts once). The same records landing again in
  another batch resolve by id and modified_at like any raw data, so reports do not change.
- Atomic: every file is written to a hidden temporary name in its table folder (not `*.parquet`, so readers
  never see it), flushed, then renamed. A crash leaves no partial file; running the ingest again completes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .. import stuut
from ..errors import DataError
from ..progress import QUIET, Progress
from ..project import raw_dir
from ..stuut import Malformed, describe

FORMAT_VERSION = "stuut-invoices-v1"  # part of the content hash: a changed mapping writes new files
BATCH_INVOICES = 100_000  # invoices per output batch (bounds memory; fewer, larger raw files)

_MONEY = pa.decimal128(18, 2)
_TS = pa.timestamp("us")
_S, _B, _D = pa.string(), pa.bool_(), pa.date32()

SCHEMAS: dict[str, pa.Schema] = {
    "customers": pa.schema(
        [
            ("customer_id", _S), ("organization_id", _S), ("name", _S), ("account_number", _S),
            ("external_id", _S), ("email", _S), ("phone", _S), ("address", _S), ("currency", _S),
            ("is_active", _B), ("outreach_paused", _B), ("created_at", _TS), ("modified_at", _TS),
        ]
    ),
    "invoices": pa.schema(
        [
            ("invoice_id", _S), ("organization_id", _S), ("customer_id", _S), ("total_amount", _MONEY),
            ("issued_at", _TS), ("number", _S), ("type", _S), ("currency", _S), ("subtotal", _MONEY),
            ("total_tax", _MONEY), ("total_discount", _MONEY), ("due_date", _TS), ("status", _S),
            ("voided_at", _TS), ("marked_uncollectible_at", _TS), ("in_dispute", _B),
            ("promised_to_pay_date", _D), ("created_at", _TS), ("modified_at", _TS),
        ]
    ),
    "payments": pa.schema(
        [
            ("payment_id", _S), ("organization_id", _S), ("customer_id", _S), ("amount", _MONEY),
            ("received_at", _TS), ("currency", _S), ("payment_method", _S), ("status", _S),
            ("reference_number", _S), ("modified_at", _TS),
        ]
    ),
    "payment_allocations": pa.schema(
        [
            ("allocation_id", _S), ("payment_id", _S), ("invoice_id", _S), ("amount", _MONEY),
            ("applied_at", _TS), ("strategy", _S), ("modified_at", _TS),
        ]
    ),
    "adjustments": pa.schema(
        [
            ("adjustment_id", _S), ("invoice_id", _S), ("kind", _S), ("amount", _MONEY), ("applied_at", _TS),
            ("modified_at", _TS),
        ]
    ),
    "outreach": pa.schema(
        [
            ("outreach_id", _S), ("organization_id", _S), ("customer_id", _S), ("channel", _S),
            ("occurred_at", _TS), ("direction", _S), ("is_automated", _B), ("is_originated_in_product", _B),
            ("status", _S), ("subject", _S), ("to_address", _S), ("modified_at", _TS),
        ]
    ),
    "outreach_invoices": pa.schema([("outreach_id", _S), ("invoice_id", _S)]),
}  # fmt: skip
# Written in this order; invoices last, so a page's invoices appear with their customers and payments.
TABLE_ORDER = (
    "customers", "payments", "payment_allocations", "adjustments", "outreach", "outreach_invoices", "invoices",
)  # fmt: skip


@dataclass
class IngestResult:
    """One batch of input files written: one output file per table."""

    files: int
    invoices: int
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows in this file's output
    written: list[Path] = field(default_factory=list)  # files created by this run
    skipped: list[str] = field(default_factory=list)  # tables that already held this content


# ----------------------------------------------------------------------------------------------- mapping
def _newer_or_same(new: dict, old: dict) -> bool:
    """The raw layer's dedupe rule within one output file: the greater modified_at wins (null is the oldest),
    ties to the later record."""
    a, b = new.get("modified_at"), old.get("modified_at")
    return b is None or (a is not None and a >= b)


class _Rows:
    """Rows per table keyed by id; a record seen again replaces the earlier one unless that one is newer."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Any, dict]] = {t: {} for t in (*SCHEMAS, "_amounts")}

    def put(self, table: str, key: Any, row: dict) -> None:
        rows = self.tables[table]
        old = rows.get(key)
        if old is None or _newer_or_same(row, old):
            rows[key] = row

    def merge(self, other: _Rows) -> None:
        for table, rows in other.tables.items():
            for key, row in rows.items():
                self.put(table, key, row)

    @property
    def invoices(self) -> int:
        return len(self.tables["invoices"])


def _row(table: str, values: dict[str, Any], **more: Any) -> dict[str, Any]:
    """The row of `table` (its columns, in order) from the values read from the shape plus `more`; every column
    must have a value (None included), so a column the shape declaration does not fill is a bug, not a null."""
    values = {**values, **more}
    names = (_AMOUNTS_SCHEMA if table == "_amounts" else SCHEMAS[table]).names
    missing = [name for name in names if name not in values]
    if missing:
        raise AssertionError(f"no value for {table} columns {missing}: see arlake.stuut")
    return {name: values[name] for name in names}


def _map_invoice(inv: dict, path: str, rows: _Rows) -> None:
    values = stuut.read(stuut.INVOICE, inv, path)
    invoice_id = values["invoice_id"]
    ppath = f"{path}.partner"
    partner = stuut.value_at(inv, stuut.INVOICE.field("partner"), path)
    customer = stuut.read(stuut.PARTNER, partner, ppath)
    customer_id, organization_id = customer["customer_id"], customer["organization_id"]
    partner_id = stuut.value_at(inv, stuut.INVOICE.field("partner_id"), path)
    if partner_id is not None and partner_id != customer_id:
        raise Malformed(f"{path}.partner_id", f"{partner_id!r} differs from partner.id {customer_id!r}")
    address = stuut.value_at(partner, stuut.PARTNER.field("billing_address"), ppath)
    customer.update(
        stuut.read(stuut.ADDRESS, address, f"{ppath}.billing_address")
        if address is not None
        else {"address": None}
    )
    rows.put("customers", customer_id, _row("customers", customer))

    kind = values["type"]
    if kind is not None and kind not in ("receivable", "payable"):
        raise Malformed(f"{path}.type", f"expected receivable or payable, got {describe(kind)}")
    values.update(organization_id=organization_id, customer_id=customer_id)
    rows.put("invoices", invoice_id, _row("invoices", values))
    # What the residual credit note is computed from (in SQL, when the file is written).
    eligible = (values["status"] or "").lower() != "draft" and values["marked_uncollectible_at"] is None
    rows.put("_amounts", invoice_id, _row("_amounts", values, eligible=eligible and kind != "payable"))

    for i, alloc in enumerate(stuut.value_at(inv, stuut.INVOICE.field("payments"), path) or []):
        where = f"{path}.payments[{i}]"
        _map_allocation(
            stuut.read_object(alloc, where), where, invoice_id, organization_id, customer_id, rows
        )
    for key, channel in stuut.CHANNELS.items():
        for i, item in enumerate(stuut.value_at(inv, stuut.INVOICE.field(key), path) or []):
            where = f"{path}.{key}[{i}]"
            _map_outreach(
                stuut.read_object(item, where), where, channel, invoice_id, organization_id, customer_id, rows
            )


def _map_allocation(
    alloc: dict, path: str, invoice_id: str, organization_id: str, customer_id: str, rows: _Rows
) -> None:
    values = stuut.read(stuut.ALLOCATION, alloc, path)
    linked = stuut.value_at(alloc, stuut.ALLOCATION.field("invoice_id"), path)
    if linked is not None and linked != invoice_id:
        raise Malformed(f"{path}.invoice_id", f"{linked!r} differs from the invoice's id {invoice_id!r}")
    payment = stuut.value_at(alloc, stuut.ALLOCATION.field("payment"), path)
    paid = stuut.read(stuut.PAYMENT, payment, f"{path}.payment")
    payment_id = paid["payment_id"]
    named = stuut.value_at(alloc, stuut.ALLOCATION.field("payment_id"), path)
    if named is not None and named != payment_id:
        raise Malformed(f"{path}.payment_id", f"{named!r} differs from payment.id {payment_id!r}")
    paid.update(organization_id=organization_id, customer_id=paid["customer_id"] or customer_id)
    rows.put("payments", payment_id, _row("payments", paid))
    values.update(payment_id=payment_id, invoice_id=invoice_id)
    rows.put("payment_allocations", values["allocation_id"], _row("payment_allocations", values))


def _map_outreach(
    item: dict, path: str, channel: str, invoice_id: str, organization_id: str, customer_id: str, rows: _Rows
) -> None:
    shape = stuut.EMAIL if channel == "email" else stuut.CALL
    values = stuut.read(shape, item, path)
    values.setdefault("is_originated_in_product", None)  # calls have no such field: the raw default
    values.update(
        organization_id=organization_id,
        customer_id=values.get("customer_id") or customer_id,  # emails name no customer: the invoice's
        channel=channel,
    )
    outreach_id = values["outreach_id"]
    rows.put("outreach", outreach_id, _row("outreach", values))
    rows.put(
        "outreach_invoices", (outreach_id, invoice_id), {"outreach_id": outreach_id, "invoice_id": invoice_id}
    )


def parse_page(text: bytes | str, name: str = "<page>") -> _Rows:
    """Validate one List Invoices response and map it to raw rows; Malformed names the JSON path."""
    try:
        page = json.loads(text, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Malformed("$", f"not valid JSON ({exc})") from None
    if not isinstance(page, dict):
        raise Malformed(
            "$", f"expected a List Invoices response object with `data`, got {describe(page)[:20]}"
        )
    items = page.get("data")
    if not isinstance(items, list):
        raise Malformed("data", "expected an array of invoices" + ("" if "data" in page else " (missing)"))
    rows = _Rows()
    for i, inv in enumerate(items):
        _map_invoice(stuut.read_object(inv, f"data[{i}]"), f"data[{i}]", rows)
    return rows


# ----------------------------------------------------------------------------------------------- writing
RESIDUAL_SQL = """
select
    invoice_id || '#residual' as adjustment_id,
    invoice_id,
    'credit_note' as kind,
    cast(total_amount - amount_paid - amount_due as decimal(18, 2)) as amount,
    coalesce(paid_at, issued_at) as applied_at,
    modified_at
from amounts
where eligible and amount_paid is not null and amount_due is not null
  and total_amount - amount_paid - amount_due > 0
order by invoice_id
"""

_AMOUNTS_SCHEMA = pa.schema(
    [
        ("invoice_id", _S), ("total_amount", _MONEY), ("amount_paid", _MONEY), ("amount_due", _MONEY),
        ("paid_at", _TS), ("issued_at", _TS), ("modified_at", _TS), ("eligible", _B),
    ]
)  # fmt: skip


def _arrow(schema: pa.Schema, records: Iterable[dict]) -> pa.Table:
    records = list(records)
    return pa.table(
        {f.name: pa.array([r[f.name] for r in records], type=f.type) for f in schema}, schema=schema
    )


def _tables(rows: _Rows, con: duckdb.DuckDBPyConnection) -> dict[str, pa.Table]:
    out = {t: _arrow(SCHEMAS[t], rows.tables[t].values()) for t in SCHEMAS if t != "adjustments"}
    con.register("amounts", _arrow(_AMOUNTS_SCHEMA, rows.tables["_amounts"].values()))
    try:
        residual = con.sql(RESIDUAL_SQL).to_arrow_table().cast(SCHEMAS["adjustments"])
    finally:
        con.unregister("amounts")
    out["adjustments"] = residual
    return out


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_parquet(con: duckdb.DuckDBPyConnection, table: pa.Table, target: Path) -> None:
    """Write `table` to `target` atomically: a hidden temporary file in the same folder, flushed, renamed."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    temp = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        con.register("out_rows", table)
        try:
            path = str(temp).replace("'", "''")
            con.execute(f"COPY (select * from out_rows) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
        finally:
            con.unregister("out_rows")
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
        _fsync_dir(folder)
    except (OSError, duckdb.IOException) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DataError(f"cannot write {target}: {reason}") from None
    finally:
        if temp.exists():
            temp.unlink()


def _read(path: Path) -> tuple[bytes, _Rows]:
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return content, parse_page(content, str(path))
    except Malformed as exc:
        raise DataError(
            f"{path}: malformed List Invoices page at {exc.path}: {exc.problem}; nothing of it written"
        ) from None


def _write_batch(con: duckdb.DuckDBPyConnection, rows: _Rows, digests: list[str], data: Path) -> IngestResult:
    """Write one batch: one file per table, named after the content hashes of the batch's input files."""
    digest = hashlib.sha256("\n".join(digests).encode()).hexdigest()[:20]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    result = IngestResult(files=len(digests), invoices=rows.invoices)
    tables = _tables(rows, con)
    raw = raw_dir(data)
    for name in TABLE_ORDER:
        table = tables[name]
        result.rows[name] = table.num_rows
        if table.num_rows == 0:
            continue
        folder = raw / name
        if folder.is_dir() and any(folder.glob(f"stuut-invoices-*-{digest}.parquet")):
            result.skipped.append(name)
            continue
        target = folder / f"stuut-invoices-{stamp}-{digest}.parquet"
        _write_parquet(con, table, target)
        result.written.append(target)
    return result


def ingest(
    files: Iterable[Path | str],
    data: Path | str,
    *,
    batch_invoices: int = BATCH_INVOICES,
    progress: Progress = QUIET,
) -> list[IngestResult]:
    """Ingest List Invoices response files into `data`/raw (see the module docstring), in batches of about
    `batch_invoices` invoices (one output file per table and batch). A malformed file raises DataError after the
    valid files before it are written; nothing of the malformed file is. `progress` counts the files read."""
    data = Path(data)
    files = list(files)
    progress.update(total=len(files))
    results: list[IngestResult] = []
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        batch, digests = _Rows(), []

        def flush() -> None:
            nonlocal batch, digests
            if digests:
                progress.update(f"writing {batch.invoices:,} invoices")
                results.append(_write_batch(con, batch, digests, data))
            batch, digests = _Rows(), []

        for name in files:
            path = Path(name)
            progress.update(f"reading {path.name}")
            try:
                content, rows = _read(path)
            except DataError:
                flush()
                raise
            progress.update(advance=1)
            digest = hashlib.sha256(FORMAT_VERSION.encode() + b"\0" + content).hexdigest()
            if digest in digests:
                continue  # the same content twice in one batch
            batch.merge(rows)
            digests.append(digest)
            if batch.invoices >= batch_invoices:
                flush()
        flush()
    finally:
        con.close()
    return results
