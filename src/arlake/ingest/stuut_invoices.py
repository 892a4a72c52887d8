"""`arlake ingest stuut-invoices FILE...`: Stuut List Invoices response pages (contract 4.5, spec 001) into
the raw layer.

Each invoice of `data` lands as rows of the raw tables (docs/invoices.md has the field mapping):
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import DataError
from ..progress import QUIET, Progress
from ..project import raw_dir

FORMAT_VERSION = "stuut-invoices-v1"  # part of the content hash: a changed mapping writes new files
MAX_CENTS = 10**18 - 1  # DECIMAL(18,2)
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


class Malformed(Exception):
    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = path, problem


@dataclass
class IngestResult:
    """One batch of input files written: one output file per table."""

    files: int
    invoices: int
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows in this file's output
    written: list[Path] = field(default_factory=list)  # files created by this run
    skipped: list[str] = field(default_factory=list)  # tables that already held this content


# ----------------------------------------------------------------------------------------------- readers
def _describe(value: Any) -> str:
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _field(obj: dict, key: str, path: str, convert: Callable[[Any, str], Any], *, required: bool = False):
    value = obj.get(key)
    where = f"{path}.{key}"
    if value is None:
        if required:
            raise Malformed(where, "is required" if key not in obj else "must not be null")
        return None
    return convert(value, where)


def _id(value: Any, path: str) -> str:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Malformed(path, f"expected a non-empty string id, got {_describe(value)}")


def _text(value: Any, path: str) -> str:
    if isinstance(value, str):
        return value
    raise Malformed(path, f"expected a string, got {_describe(value)}")


def _bool(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    raise Malformed(path, f"expected true or false, got {_describe(value)}")


def _cents(value: Any, path: str) -> Decimal:
    """Integer cents -> Decimal major units with 2 places, exactly."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Malformed(path, f"expected an integer amount in cents, got {_describe(value)}")
    if abs(value) > MAX_CENTS:
        raise Malformed(path, f"amount {value} is out of range (at most 18 digits of cents)")
    return Decimal(value).scaleb(-2)


def _timestamp(value: Any, path: str) -> dt.datetime:
    """ISO 8601 date-time (or date) -> naive UTC; a date-time without an offset is taken as UTC."""
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
            return parsed
    raise Malformed(
        path, f"expected an ISO 8601 date-time such as 2025-01-31T09:00:00Z, got {_describe(value)}"
    )


def _date(value: Any, path: str) -> dt.date:
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Malformed(path, f"expected a date YYYY-MM-DD, got {_describe(value)}")


def _object(value: Any, path: str) -> dict:
    if isinstance(value, dict):
        return value
    raise Malformed(path, f"expected an object, got {_describe(value)}")


def _array(value: Any, path: str) -> list:
    if isinstance(value, list):
        return value
    raise Malformed(path, f"expected an array, got {_describe(value)}")


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


def _map_invoice(inv: dict, path: str, rows: _Rows) -> None:
    invoice_id = _field(inv, "id", path, _id, required=True)
    partner = _field(inv, "partner", path, _object, required=True)
    ppath = f"{path}.partner"
    customer_id = _field(partner, "id", ppath, _id, required=True)
    partner_id = _field(inv, "partner_id", path, _id)
    if partner_id is not None and partner_id != customer_id:
        raise Malformed(f"{path}.partner_id", f"{partner_id!r} differs from partner.id {customer_id!r}")
    organization_id = _field(partner, "organization_id", ppath, _id, required=True)
    email_paused = _field(partner, "is_email_outreach_manually_paused", ppath, _bool)
    call_paused = _field(partner, "is_call_outreach_manually_paused", ppath, _bool)
    address = _field(partner, "billing_address", ppath, _object)
    rows.put(
        "customers",
        customer_id,
        {
            "customer_id": customer_id,
            "organization_id": organization_id,
            "name": _field(partner, "name", ppath, _text, required=True),
            "account_number": _field(partner, "account_number", ppath, _text),
            "external_id": _field(partner, "remote_id", ppath, _text),
            "email": _field(partner, "email", ppath, _text),
            "phone": _field(partner, "phone", ppath, _text),
            "address": None
            if address is None
            else _field(address, "line1", f"{ppath}.billing_address", _text),
            "currency": _field(partner, "currency", ppath, _text),
            "is_active": _field(partner, "is_active", ppath, _bool),
            "outreach_paused": None
            if email_paused is None and call_paused is None
            else bool(email_paused or call_paused),
            "created_at": _field(partner, "created_at", ppath, _timestamp),
            "modified_at": _field(partner, "modified_at", ppath, _timestamp),
        },
    )

    status = _field(inv, "status", path, _text)
    kind = _field(inv, "type", path, _text)
    if kind is not None and kind not in ("receivable", "payable"):
        raise Malformed(f"{path}.type", f"expected receivable or payable, got {_describe(kind)}")
    total = _field(inv, "total_amount", path, _cents, required=True)
    issued_at = _field(inv, "issued_at", path, _timestamp, required=True)
    modified_at = _field(inv, "modified_at", path, _timestamp)
    uncollectible_at = _field(inv, "marked_uncollectible_at", path, _timestamp)
    rows.put(
        "invoices",
        invoice_id,
        {
            "invoice_id": invoice_id,
            "organization_id": organization_id,
            "customer_id": customer_id,
            "total_amount": total,
            "issued_at": issued_at,
            "number": _field(inv, "number", path, _text),
            "type": kind,
            "currency": _field(inv, "currency", path, _text),
            "subtotal": _field(inv, "subtotal", path, _cents),
            "total_tax": _field(inv, "total_tax", path, _cents),
            "total_discount": _field(inv, "total_discount", path, _cents),
            "due_date": _field(inv, "due_date", path, _timestamp),
            "status": status,
            "voided_at": _field(inv, "voided_at", path, _timestamp),
            "marked_uncollectible_at": uncollectible_at,
            "in_dispute": _field(inv, "in_dispute", path, _bool),
            "promised_to_pay_date": _field(inv, "promised_to_pay_date", path, _date),
            "created_at": _field(inv, "created_at", path, _timestamp),
            "modified_at": modified_at,
        },
    )
    # What the residual credit note is computed from (in SQL, when the file is written).
    rows.put(
        "_amounts",
        invoice_id,
        {
            "invoice_id": invoice_id,
            "total_amount": total,
            "amount_paid": _field(inv, "amount_paid", path, _cents),
            "amount_due": _field(inv, "amount_due", path, _cents),
            "paid_at": _field(inv, "paid_at", path, _timestamp),
            "issued_at": issued_at,
            "modified_at": modified_at,
            "eligible": (status or "").lower() != "draft" and uncollectible_at is None and kind != "payable",
        },
    )

    for i, alloc in enumerate(_field(inv, "payments", path, _array) or []):
        _map_allocation(_object(alloc, f"{path}.payments[{i}]"), f"{path}.payments[{i}]", invoice_id,
                        organization_id, customer_id, rows)  # fmt: skip
    for i, mail in enumerate(_field(inv, "emails", path, _array) or []):
        _map_outreach(_object(mail, f"{path}.emails[{i}]"), f"{path}.emails[{i}]", "email", invoice_id,
                      organization_id, customer_id, rows)  # fmt: skip
    for i, call in enumerate(_field(inv, "calls", path, _array) or []):
        _map_outreach(_object(call, f"{path}.calls[{i}]"), f"{path}.calls[{i}]", "call", invoice_id,
                      organization_id, customer_id, rows)  # fmt: skip


def _map_allocation(
    alloc: dict, path: str, invoice_id: str, organization_id: str, customer_id: str, rows: _Rows
) -> None:
    allocation_id = _field(alloc, "id", path, _id, required=True)
    amount = _field(alloc, "amount", path, _cents, required=True)
    linked = _field(alloc, "invoice_id", path, _id)
    if linked is not None and linked != invoice_id:
        raise Malformed(f"{path}.invoice_id", f"{linked!r} differs from the invoice's id {invoice_id!r}")
    payment = _field(alloc, "payment", path, _object, required=True)
    ppath = f"{path}.payment"
    payment_id = _field(payment, "id", ppath, _id, required=True)
    named = _field(alloc, "payment_id", path, _id)
    if named is not None and named != payment_id:
        raise Malformed(f"{path}.payment_id", f"{named!r} differs from payment.id {payment_id!r}")
    received_at = _field(payment, "timestamp", ppath, _timestamp)
    if received_at is None:
        received_at = _field(payment, "created_at", ppath, _timestamp)
    if received_at is None:
        raise Malformed(f"{ppath}.timestamp", "is required (when the payment was received)")
    rows.put(
        "payments",
        payment_id,
        {
            "payment_id": payment_id,
            "organization_id": organization_id,
            "customer_id": _field(payment, "partner_id", ppath, _id) or customer_id,
            "amount": _field(payment, "amount", ppath, _cents, required=True),
            "received_at": received_at,
            "currency": _field(payment, "currency", ppath, _text),
            "payment_method": _field(payment, "payment_method", ppath, _text),
            "status": _field(payment, "status", ppath, _text),
            "reference_number": _field(payment, "reference_number", ppath, _text),
            "modified_at": _field(payment, "modified_at", ppath, _timestamp),
        },
    )
    rows.put(
        "payment_allocations",
        allocation_id,
        {
            "allocation_id": allocation_id,
            "payment_id": payment_id,
            "invoice_id": invoice_id,
            "amount": amount,
            "applied_at": _field(alloc, "created_at", path, _timestamp),
            "strategy": _field(alloc, "strategy", path, _text),
            "modified_at": _field(alloc, "modified_at", path, _timestamp),
        },
    )


def _map_outreach(
    item: dict, path: str, channel: str, invoice_id: str, organization_id: str, customer_id: str, rows: _Rows
) -> None:
    outreach_id = _field(item, "id", path, _id, required=True)
    time_key = "sent_at" if channel == "email" else "start_time"
    occurred_at = _field(item, time_key, path, _timestamp)
    if occurred_at is None:
        occurred_at = _field(item, "created_at", path, _timestamp)
    if occurred_at is None:
        raise Malformed(f"{path}.{time_key}", "is required (or created_at)")
    direction = _field(item, "direction", path, _text)
    if channel == "email":
        to = _field(item, "to", path, _array)
        to_address = None
        if to:
            to_address = _text(to[0], f"{path}.to[0]")
        subject = _field(item, "subject", path, _text)
        in_product = _field(item, "is_originated_in_stuut", path, _bool)
        customer = customer_id
    else:
        to_address = _field(item, "to_number", path, _text)
        subject = _field(item, "call_reason", path, _text)
        in_product = None
        customer = _field(item, "partner_id", path, _id) or customer_id
    rows.put(
        "outreach",
        outreach_id,
        {
            "outreach_id": outreach_id,
            "organization_id": organization_id,
            "customer_id": customer,
            "channel": channel,
            "occurred_at": occurred_at,
            "direction": direction,
            "is_automated": _field(item, "is_automated", path, _bool),
            "is_originated_in_product": in_product,
            "status": _field(item, "status", path, _text),
            "subject": subject,
            "to_address": to_address,
            "modified_at": _field(item, "modified_at", path, _timestamp),
        },
    )
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
            "$", f"expected a List Invoices response object with `data`, got {_describe(page)[:20]}"
        )
    items = page.get("data")
    if not isinstance(items, list):
        raise Malformed("data", "expected an array of invoices" + ("" if "data" in page else " (missing)"))
    rows = _Rows()
    for i, inv in enumerate(items):
        _map_invoice(_object(inv, f"data[{i}]"), f"data[{i}]", rows)
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
