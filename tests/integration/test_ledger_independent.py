"""The ledger of the warehouse against an independent reading of the raw layer.

The expected values in this module come from a plain-Python reading of the raw Parquet files: pyarrow reads
the files, and the rules of docs/metrics.md (Foundations, Aging, Data quality) (dedupe, defaults, exclusions,
outstanding as of a date, exists/open, the uncollectible write-off, voids, settled_on, aging buckets) are
applied here with `decimal.Decimal` and `datetime.date`. Nothing on the expected side goes through DuckDB, dbt
or arlake's SQL.

The data is the generator's (about 3,000 invoices, fixed seed) plus a few hand-written files that put the rare
documented rare cases next to it: dedupe ties and null `modified_at`, null and absent columns that take their
defaults, drafts, payables, unknown customers/payments/invoices/kinds, failed and canceled payments,
reversals, events before the issue date, same-day uncollectible write-offs, voids, and files whose timestamps
are TIMESTAMPTZ or DATE. A few of those invoices also have their values written out by hand below, so the
reading itself is checked against the documented rules, not only against the warehouse.
"""

from __future__ import annotations

import bisect
import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from independent_raw import day, read_latest, ts, utc_date, write_rows

from arlake.build import build
from arlake.sample import generate

pytestmark = pytest.mark.slow

SEED = 20240611
N_INVOICES = 3000
ZERO = Decimal("0.00")
UTC = datetime.UTC
AS_OF_OFFSETS = (0, 30, 200, 500)  # days before the last date in the data
AGING_CASES = (  # (days before the last date, basis, N, P)
    (0, "due_date", 30, 4),
    (200, "due_date", 30, 4),
    (0, "issue_date", 15, 3),
    (200, "issue_date", 15, 3),
)
SHOW = 8  # mismatching invoices shown in a failure message


@dataclass
class Invoice:
    invoice_id: str
    customer_id: str
    total: Decimal
    issued_on: datetime.date
    due_on: datetime.date
    voided_on: datetime.date | None
    uncollectible_on: datetime.date | None
    allocations: list[tuple[datetime.date, Decimal]] = field(default_factory=list)
    adjustments: list[tuple[datetime.date, str, Decimal]] = field(default_factory=list)
    # filled by settle():
    uncollectible_write_off: Decimal = ZERO
    change_dates: list[datetime.date] = field(default_factory=list)
    reductions_through: list[Decimal] = field(default_factory=list)  # cumulative, per change date

    def settle(self) -> None:
        """Turn the events into a step function; the uncollectible mark writes off what is outstanding at the
        end of its day (that day's events included), never a negative amount."""
        per_day: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
        for on, amount in self.allocations:
            per_day[on] += amount
        for on, _kind, amount in self.adjustments:
            per_day[on] += amount
        if self.uncollectible_on is not None:
            before = sum((a for on, a in per_day.items() if on <= self.uncollectible_on), ZERO)
            self.uncollectible_write_off = max(ZERO, self.total - before)
            per_day[self.uncollectible_on] += self.uncollectible_write_off
        running = ZERO
        for on in sorted(per_day):
            running += per_day[on]
            self.change_dates.append(on)
            self.reductions_through.append(running)

    def exists_at(self, d: datetime.date) -> bool:
        return self.issued_on <= d and (self.voided_on is None or self.voided_on > d)

    def outstanding_at(self, d: datetime.date) -> Decimal:
        n = bisect.bisect_right(self.change_dates, d)
        return self.total - (self.reductions_through[n - 1] if n else ZERO)

    def is_open_at(self, d: datetime.date) -> bool:
        return self.exists_at(d) and self.outstanding_at(d) > 0

    @property
    def outstanding(self) -> Decimal:
        return self.total - (self.reductions_through[-1] if self.reductions_through else ZERO)

    @property
    def allocated(self) -> Decimal:
        return sum((a for _, a in self.allocations), ZERO)

    def adjusted(self, kind: str) -> Decimal:
        return sum((a for _, k, a in self.adjustments if k == kind), ZERO)

    @property
    def written_off(self) -> Decimal:
        return self.adjusted("write_off") + self.uncollectible_write_off

    @property
    def settled_on(self) -> datetime.date | None:
        """First date - the issue date or a later date the balance changes - with outstanding <= 0; events
        before the issue date count on the issue date."""
        for d in [self.issued_on] + [c for c in self.change_dates if c > self.issued_on]:
            if self.outstanding_at(d) <= 0:
                return d
        return None


@dataclass
class Reading:
    invoices: dict[str, Invoice]
    last_date: datetime.date


def read_ledger(raw: Path) -> Reading:
    customers = read_latest(raw, "customers", "customer_id")
    all_invoices = read_latest(raw, "invoices", "invoice_id")
    payments = read_latest(raw, "payments", "payment_id")
    allocations = read_latest(raw, "payment_allocations", "allocation_id")
    adjustments = read_latest(raw, "adjustments", "adjustment_id")

    invoices: dict[str, Invoice] = {}
    for ident, row in all_invoices.items():
        if (row.get("type") or "receivable") != "receivable" or row.get("status") == "draft":
            continue
        if row.get("customer_id") not in customers:
            continue
        issued_on = utc_date(row["issued_at"])
        invoices[ident] = Invoice(
            invoice_id=ident,
            customer_id=row["customer_id"],
            total=row["total_amount"],
            issued_on=issued_on,
            due_on=utc_date(row.get("due_date")) or issued_on,
            voided_on=utc_date(row.get("voided_at")),
            uncollectible_on=utc_date(row.get("marked_uncollectible_at")),
        )

    for row in allocations.values():
        payment = payments.get(row.get("payment_id"))
        if payment is None or row.get("invoice_id") not in all_invoices:
            continue  # allocation to an unknown payment or invoice
        if (payment.get("status") or "succeeded") in ("failed", "canceled"):
            continue
        invoice = invoices.get(row["invoice_id"])
        if invoice is not None:
            applied_on = utc_date(row.get("applied_at")) or utc_date(payment["received_at"])
            invoice.allocations.append((applied_on, row["amount"]))

    for row in adjustments.values():
        invoice = invoices.get(row.get("invoice_id"))
        if invoice is not None and row.get("kind") in ("credit_note", "write_off"):
            invoice.adjustments.append((utc_date(row["applied_at"]), row["kind"], row["amount"]))

    dates = []
    for invoice in invoices.values():
        invoice.settle()
        dates += [invoice.issued_on, *invoice.change_dates]
        if invoice.voided_on is not None:
            dates.append(invoice.voided_on)
    return Reading(invoices=invoices, last_date=max(dates))


def aging_bucket(age: int, basis: str, width: int, periods: int) -> int:
    """Section 3: 0 = current (due_date basis, age <= 0); bucket k holds (k-1)*N+1..k*N, the last one the
    rest; with the issue_date basis bucket 1 holds 0..N."""
    if basis == "due_date" and age <= 0:
        return 0
    for k in range(1, periods):
        low = 0 if (k == 1 and basis == "issue_date") else (k - 1) * width + 1
        if low <= age <= k * width:
            return k
    return periods


# ---------------------------------------------------------------------------------------------------------------
# Hand-written raw files with the rare cases docs/metrics.md describes
# ---------------------------------------------------------------------------------------------------------------

UNKNOWN_CUSTOMER = "cus_not_in_customers"
NEW_CUSTOMER = "cus_edge_only_here"


def _swap_type(schema: pa.Schema, column: str, new_type: pa.DataType) -> pa.Schema:
    return schema.set(schema.get_field_index(column), pa.field(column, new_type))


def add_edge_files(raw: Path) -> dict[str, object]:
    """Add files to every ledger table of a generated raw layer; returns the ids the checks refer to."""
    schemas = {
        t: pq.read_schema(raw / t / "part-00000.parquet")
        for t in ("customers", "invoices", "payments", "payment_allocations", "adjustments")
    }
    generated_customers = pq.read_table(raw / "customers" / "part-00000.parquet").to_pylist()
    customer = generated_customers[0]
    org, cur = customer["organization_id"], customer["currency"]

    write_rows(
        raw / "customers" / "zz-edge.parquet",
        [
            {**customer, "customer_id": NEW_CUSTOMER, "name": "Edge Only Ltd", "modified_at": None},
            {**customer, "customer_id": None, "name": "No Id Ltd"},
        ],
        schemas["customers"],
    )

    def inv(ident, total, issued, customer_id=customer["customer_id"], **over):
        row = {
            "invoice_id": ident,
            "organization_id": org,
            "customer_id": customer_id,
            "number": (ident or "none").upper(),
            "type": "receivable",
            "currency": cur,
            "subtotal": Decimal(total),
            "total_tax": ZERO,
            "total_discount": ZERO,
            "total_amount": Decimal(total),
            "issued_at": ts(issued),
            "due_date": (ts(issued) + datetime.timedelta(days=30)).date(),
            "status": "open",
            "voided_at": None,
            "marked_uncollectible_at": None,
            "in_dispute": False,
            "promised_to_pay_date": None,
            "branch_id": None,
            "created_at": ts(issued),
            "modified_at": ts(issued),
        }
        row.update(over)
        return row

    # A generated paid invoice, re-published later with another total and a void.
    generated = pq.read_table(raw / "invoices" / "part-00000.parquet").to_pylist()
    republished = next(
        r
        for r in generated
        if r["type"] == "receivable" and r["status"] == "paid" and r["issued_at"] < ts("2025-06-01")
    )
    republished = {
        **republished,
        "total_amount": Decimal("12345.67"),
        "status": "void",
        "voided_at": republished["issued_at"] + datetime.timedelta(days=3),
        "modified_at": ts("2026-06-30T23:59:59"),
    }

    # Lexically before the generator's files: wins only where its modified_at is greater.
    write_rows(
        raw / "invoices" / "aa-edge.parquet",
        [
            inv("inv_x_mod_a", "100.00", "2026-01-05T10:00", modified_at=ts("2026-03-05T00:00")),
            inv("inv_x_tie_files", "999.00", "2026-01-05T10:00", modified_at=ts("2026-03-01T00:00")),
            inv("inv_x_null_vs_set", "300.00", "2026-01-05T10:00", modified_at=ts("2026-01-01T00:00")),
            inv("inv_x_both_null", "999.00", "2026-01-05T10:00", modified_at=None),
        ],
        schemas["invoices"],
    )
    write_rows(
        raw / "invoices" / "zz-edge.parquet",
        [
            republished,
            inv("inv_x_mod_a", "999.00", "2026-01-05T10:00", modified_at=ts("2026-03-01T00:00")),
            inv("inv_x_tie_files", "200.00", "2026-01-05T10:00", modified_at=ts("2026-03-01T00:00")),
            inv("inv_x_tie_rows", "999.00", "2026-01-05T10:00", modified_at=ts("2026-03-02T00:00")),
            inv("inv_x_tie_rows", "250.00", "2026-01-06T10:00", modified_at=ts("2026-03-02T00:00")),
            inv("inv_x_null_vs_set", "999.00", "2026-01-05T10:00", modified_at=None),
            inv("inv_x_both_null", "350.00", "2026-01-05T10:00", modified_at=None),
            inv(
                "inv_x_defaults",
                "120.00",
                "2026-02-10T23:59:59",
                type=None,
                status=None,
                due_date=None,
                modified_at=None,
            ),
            inv("inv_x_payable", "500.00", "2026-01-05T10:00", type="payable"),
            inv("inv_x_draft", "500.00", "2026-01-05T10:00", status="draft"),
            inv("inv_x_unknown_customer", "500.00", "2026-01-05T10:00", customer_id=UNKNOWN_CUSTOMER),
            inv(None, "500.00", "2026-01-05T10:00"),
            inv("inv_x_new_customer", "75.00", "2026-01-07T10:00", customer_id=NEW_CUSTOMER),
            inv("inv_x_reversal", "100.00", "2026-02-01T09:00"),
            inv("inv_x_pre_issue", "80.00", "2026-02-20T10:00"),
            inv(
                "inv_x_unc_same_day",
                "100.00",
                "2026-01-05T10:00",
                marked_uncollectible_at=ts("2026-04-01T09:00"),
                status="uncollectible",
            ),
            inv(
                "inv_x_unc_overpaid",
                "100.00",
                "2026-01-05T10:00",
                marked_uncollectible_at=ts("2026-03-10T12:00"),
                status="uncollectible",
            ),
            inv(
                "inv_x_unc_reversal",
                "100.00",
                "2026-01-05T10:00",
                marked_uncollectible_at=ts("2026-03-10T12:00"),
                status="uncollectible",
            ),
            inv("inv_x_void", "150.00", "2026-01-10T10:00", voided_at=ts("2026-02-01T23:30"), status="void"),
            inv("inv_x_adjust", "100.00", "2026-01-10T10:00"),
            inv("inv_x_payment_status", "100.00", "2026-01-10T10:00"),
            inv("inv_x_applied_null", "100.00", "2026-01-10T10:00"),
            inv("inv_x_payment_dedupe", "100.00", "2026-01-10T10:00"),
            inv("inv_x_alloc_dedupe", "100.00", "2026-01-10T10:00"),
            inv("inv_x_tz", "100.00", "2026-01-10T10:00"),
            inv("inv_x_date_adjustment", "100.00", "2026-01-10T10:00"),
            inv("inv_x_absent_columns", "100.00", "2026-01-10T10:00"),
            inv("inv_x_zero", "0.00", "2026-01-12T10:00"),
        ],
        schemas["invoices"],
    )

    def pay(ident, received, status="succeeded", modified=None):
        return {
            "payment_id": ident,
            "organization_id": org,
            "customer_id": customer["customer_id"],
            "amount": Decimal("100.00"),
            "received_at": ts(received),
            "currency": cur,
            "payment_method": "ach",
            "status": status,
            "reference_number": None,
            "modified_at": ts(modified or received),
        }

    write_rows(
        raw / "payments" / "zz-edge.parquet",
        [
            pay("pay_x_ok", "2026-02-10T12:00"),
            pay("pay_x_null_status", "2026-02-10T12:00", status=None),
            pay("pay_x_failed", "2026-02-10T12:00", status="failed"),
            pay("pay_x_canceled", "2026-02-10T12:00", status="canceled"),
            pay("pay_x_late_night", "2026-03-03T23:00"),
            pay("pay_x_succeeded_then_failed", "2026-02-10T12:00", modified="2026-03-01T00:00"),
            pay(
                "pay_x_succeeded_then_failed",
                "2026-02-10T12:00",
                status="failed",
                modified="2026-03-05T00:00",
            ),
            pay("pay_x_failed_then_succeeded", "2026-02-11T12:00", modified="2026-03-05T00:00"),
            pay(
                "pay_x_failed_then_succeeded",
                "2026-02-11T12:00",
                status="failed",
                modified="2026-03-01T00:00",
            ),
        ],
        schemas["payments"],
    )
    # Only the required columns: status takes its default.
    pq.write_table(
        pa.table(
            {
                "payment_id": ["pay_x_no_status_column"],
                "organization_id": [org],
                "customer_id": [customer["customer_id"]],
                "amount": pa.array([Decimal("100.00")], pa.decimal128(18, 2)),
                "received_at": pa.array([ts("2026-03-04T08:00")], pa.timestamp("us")),
            }
        ),
        raw / "payments" / "zz-edge-required-only.parquet",
    )

    def alloc(ident, payment, invoice, amount, applied, modified="2026-06-01T00:00"):
        return {
            "allocation_id": ident,
            "payment_id": payment,
            "invoice_id": invoice,
            "amount": Decimal(amount),
            "applied_at": None if applied is None else ts(applied),
            "strategy": None,
            "modified_at": None if modified is None else ts(modified),
        }

    write_rows(
        raw / "payment_allocations" / "zz-edge.parquet",
        [
            alloc("alc_x_01", "pay_x_ok", "inv_x_defaults", "50.00", "2026-02-12T08:00"),
            alloc("alc_x_02", "pay_x_ok", "inv_x_payable", "500.00", "2026-02-12T08:00"),
            alloc("alc_x_03", "pay_x_ok", "inv_x_draft", "500.00", "2026-02-12T08:00"),
            alloc("alc_x_04", "pay_x_ok", "inv_x_unknown_customer", "500.00", "2026-02-12T08:00"),
            alloc("alc_x_05", "pay_x_ok", "inv_x_reversal", "100.00", "2026-02-10T12:00"),
            alloc("alc_x_06", "pay_x_ok", "inv_x_reversal", "-40.00", "2026-03-15T12:00"),
            alloc("alc_x_07", "pay_x_ok", "inv_x_pre_issue", "80.00", "2026-02-15T12:00"),
            alloc("alc_x_08", "pay_x_ok", "inv_x_unc_same_day", "30.00", "2026-04-01T15:00"),
            alloc("alc_x_09", "pay_x_ok", "inv_x_unc_same_day", "20.00", "2026-04-20T15:00"),
            alloc("alc_x_10", "pay_x_ok", "inv_x_unc_overpaid", "120.00", "2026-03-01T15:00"),
            alloc("alc_x_11", "pay_x_ok", "inv_x_unc_reversal", "50.00", "2026-03-01T15:00"),
            alloc("alc_x_12", "pay_x_ok", "inv_x_unc_reversal", "-50.00", "2026-03-20T15:00"),
            alloc("alc_x_13", "pay_x_ok", "inv_x_void", "50.00", "2026-02-05T15:00"),
            alloc("alc_x_14", "pay_x_failed", "inv_x_payment_status", "100.00", "2026-02-12T08:00"),
            alloc("alc_x_15", "pay_x_canceled", "inv_x_payment_status", "100.00", "2026-02-12T08:00"),
            alloc("alc_x_16", "pay_x_null_status", "inv_x_payment_status", "60.00", "2026-02-12T08:00"),
            alloc("alc_x_17", "pay_x_not_in_payments", "inv_x_payment_status", "10.00", "2026-02-12T08:00"),
            alloc("alc_x_18", "pay_x_ok", "inv_x_not_in_invoices", "10.00", "2026-02-12T08:00"),
            alloc("alc_x_19", "pay_x_late_night", "inv_x_applied_null", "100.00", None),
            alloc(
                "alc_x_20", "pay_x_succeeded_then_failed", "inv_x_payment_dedupe", "30.00", "2026-02-12T08:00"
            ),
            alloc(
                "alc_x_21", "pay_x_failed_then_succeeded", "inv_x_payment_dedupe", "45.00", "2026-02-12T08:00"
            ),
            alloc(
                "alc_x_22", "pay_x_ok", "inv_x_alloc_dedupe", "10.00", "2026-02-12T08:00", "2026-03-06T00:00"
            ),
            alloc(
                "alc_x_22", "pay_x_ok", "inv_x_alloc_dedupe", "70.00", "2026-02-14T08:00", "2026-03-01T00:00"
            ),
            alloc("alc_x_23", "pay_x_ok", "inv_x_alloc_dedupe", "5.00", "2026-02-16T08:00", None),
            alloc("alc_x_23", "pay_x_ok", "inv_x_alloc_dedupe", "7.00", "2026-02-17T08:00", None),
            alloc(None, "pay_x_ok", "inv_x_alloc_dedupe", "90.00", "2026-02-12T08:00"),
        ],
        schemas["payment_allocations"],
    )
    # applied_at as TIMESTAMPTZ: 22:30 in New York on 10 March is 02:30 UTC on 11 March.
    new_york = zoneinfo.ZoneInfo("America/New_York")
    write_rows(
        raw / "payment_allocations" / "zz-edge-tz.parquet",
        [
            {
                **alloc("alc_x_30", "pay_x_ok", "inv_x_tz", "100.00", None),
                "applied_at": datetime.datetime(2026, 3, 10, 22, 30, tzinfo=new_york),
            },
        ],
        _swap_type(schemas["payment_allocations"], "applied_at", pa.timestamp("us", tz="America/New_York")),
    )
    # Only the required columns: applied_at is the payment's received_at.
    pq.write_table(
        pa.table(
            {
                "allocation_id": ["alc_x_31"],
                "payment_id": ["pay_x_no_status_column"],
                "invoice_id": ["inv_x_absent_columns"],
                "amount": pa.array([Decimal("100.00")], pa.decimal128(18, 2)),
            }
        ),
        raw / "payment_allocations" / "zz-edge-required-only.parquet",
    )

    def adj(ident, invoice, kind, amount, applied, modified="2026-06-01T00:00"):
        return {
            "adjustment_id": ident,
            "invoice_id": invoice,
            "kind": kind,
            "amount": Decimal(amount),
            "applied_at": ts(applied),
            "modified_at": None if modified is None else ts(modified),
        }

    write_rows(
        raw / "adjustments" / "zz-edge.parquet",
        [
            adj("adj_x_01", "inv_x_unc_same_day", "credit_note", "10.00", "2026-04-01T20:00"),
            adj("adj_x_02", "inv_x_adjust", "discount", "50.00", "2026-01-20T10:00"),
            adj("adj_x_03", "inv_x_adjust", "credit_note", "30.00", "2026-01-25T10:00", None),
            adj("adj_x_03", "inv_x_adjust", "credit_note", "20.00", "2026-01-24T10:00", "2026-02-01T00:00"),
            adj("adj_x_04", "inv_x_adjust", "write_off", "80.00", "2026-02-01T10:00"),
            adj("adj_x_05", "inv_x_draft", "write_off", "500.00", "2026-02-01T10:00"),
        ],
        schemas["adjustments"],
    )
    write_rows(
        raw / "adjustments" / "zz-edge-date.parquet",
        [
            {
                **adj("adj_x_10", "inv_x_date_adjustment", "credit_note", "100.00", "2026-03-12T00:00"),
                "applied_at": day("2026-03-12"),
            },
        ],
        _swap_type(schemas["adjustments"], "applied_at", pa.date32()),
    )
    return {"republished": republished["invoice_id"]}


# Values of the hand-written invoices, worked out from docs/metrics.md by hand:
# invoice -> (total, final outstanding, allocated, credited, written off, settled_on)
HAND_FINAL = {
    "inv_x_mod_a": ("100.00", "100.00", "0", "0", "0", None),
    "inv_x_tie_files": ("200.00", "200.00", "0", "0", "0", None),
    "inv_x_tie_rows": ("250.00", "250.00", "0", "0", "0", None),
    "inv_x_null_vs_set": ("300.00", "300.00", "0", "0", "0", None),
    "inv_x_both_null": ("350.00", "350.00", "0", "0", "0", None),
    "inv_x_defaults": ("120.00", "70.00", "50.00", "0", "0", None),
    "inv_x_new_customer": ("75.00", "75.00", "0", "0", "0", None),
    "inv_x_reversal": ("100.00", "40.00", "60.00", "0", "0", "2026-02-10"),
    "inv_x_pre_issue": ("80.00", "0.00", "80.00", "0", "0", "2026-02-20"),
    "inv_x_unc_same_day": ("100.00", "-20.00", "50.00", "10.00", "60.00", "2026-04-01"),
    "inv_x_unc_overpaid": ("100.00", "-20.00", "120.00", "0", "0", "2026-03-01"),
    "inv_x_unc_reversal": ("100.00", "50.00", "0.00", "0", "50.00", "2026-03-10"),
    "inv_x_void": ("150.00", "100.00", "50.00", "0", "0", None),
    "inv_x_adjust": ("100.00", "0.00", "0", "20.00", "80.00", "2026-02-01"),
    "inv_x_payment_status": ("100.00", "40.00", "60.00", "0", "0", None),
    "inv_x_applied_null": ("100.00", "0.00", "100.00", "0", "0", "2026-03-03"),
    "inv_x_payment_dedupe": ("100.00", "55.00", "45.00", "0", "0", None),
    "inv_x_alloc_dedupe": ("100.00", "83.00", "17.00", "0", "0", None),
    "inv_x_tz": ("100.00", "0.00", "100.00", "0", "0", "2026-03-11"),
    "inv_x_date_adjustment": ("100.00", "0.00", "0", "100.00", "0", "2026-03-12"),
    "inv_x_absent_columns": ("100.00", "0.00", "100.00", "0", "0", "2026-03-04"),
    "inv_x_zero": ("0.00", "0.00", "0", "0", "0", "2026-01-12"),
}
EXCLUDED = ("inv_x_payable", "inv_x_draft", "inv_x_unknown_customer", "inv_x_not_in_invoices")
# (invoice, date) -> (outstanding, exists, open), by hand
HAND_AS_OF = {
    ("inv_x_defaults", "2026-02-10"): ("120.00", True, True),
    ("inv_x_defaults", "2026-02-12"): ("70.00", True, True),
    ("inv_x_reversal", "2026-02-09"): ("100.00", True, True),
    ("inv_x_reversal", "2026-02-10"): ("0.00", True, False),
    ("inv_x_reversal", "2026-03-15"): ("40.00", True, True),
    ("inv_x_pre_issue", "2026-02-20"): ("0.00", True, False),
    ("inv_x_unc_same_day", "2026-03-31"): ("100.00", True, True),
    ("inv_x_unc_same_day", "2026-04-01"): ("0.00", True, False),
    ("inv_x_unc_same_day", "2026-04-20"): ("-20.00", True, False),
    ("inv_x_unc_overpaid", "2026-03-10"): ("-20.00", True, False),
    ("inv_x_unc_reversal", "2026-03-09"): ("50.00", True, True),
    ("inv_x_unc_reversal", "2026-03-10"): ("0.00", True, False),
    ("inv_x_unc_reversal", "2026-03-20"): ("50.00", True, True),
    ("inv_x_void", "2026-01-31"): ("150.00", True, True),
    ("inv_x_void", "2026-02-01"): ("150.00", False, False),
    ("inv_x_void", "2026-02-05"): ("100.00", False, False),
    ("inv_x_adjust", "2026-01-31"): ("80.00", True, True),
    ("inv_x_applied_null", "2026-03-02"): ("100.00", True, True),
    ("inv_x_applied_null", "2026-03-03"): ("0.00", True, False),
    ("inv_x_tz", "2026-03-10"): ("100.00", True, True),
    ("inv_x_tz", "2026-03-11"): ("0.00", True, False),
    ("inv_x_date_adjustment", "2026-03-11"): ("100.00", True, True),
    ("inv_x_date_adjustment", "2026-03-12"): ("0.00", True, False),
    ("inv_x_absent_columns", "2026-03-03"): ("100.00", True, True),
    ("inv_x_absent_columns", "2026-03-04"): ("0.00", True, False),
    ("inv_x_zero", "2026-01-12"): ("0.00", True, False),
}


# ---------------------------------------------------------------------------------------------------------------
# Fixtures and comparison helpers
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class World:
    data: Path
    reading: Reading
    edge: dict[str, object]
    con: duckdb.DuckDBPyConnection


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("ledger_independent")
    generate(data, invoices=N_INVOICES, seed=SEED)
    edge = add_edge_files(data / "raw")
    build(data)
    reading = read_ledger(data / "raw")
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    con.execute("SET search_path = 'main,reports'")
    try:
        yield World(data=data, reading=reading, edge=edge, con=con)
    finally:
        con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def by_invoice(records: list[dict], what: str) -> dict[str, dict]:
    out: dict[str, dict] = {}
    duplicated = []
    for r in records:
        if r["invoice_id"] in out:
            duplicated.append(r["invoice_id"])
        out[r["invoice_id"]] = r
    assert not duplicated, f"{what}: invoice ids listed more than once: {sorted(set(duplicated))[:SHOW]}"
    return out


def set_as_of(con: duckdb.DuckDBPyConnection, d: datetime.date, **extra: object) -> None:
    con.execute("SET VARIABLE as_of_date = ?", [d.isoformat()])
    for name, value in extra.items():
        con.execute(f"SET VARIABLE {name} = ?", [value])


def report(what: str, mismatches: list[tuple], header: str) -> None:
    """Fail with the number of mismatching invoices and the first few, both values side by side."""
    if mismatches:
        lines = [f"  {m}" for m in sorted(mismatches, key=str)[:SHOW]]
        pytest.fail(
            f"{what}: {len(mismatches)} mismatch(es); first {len(lines)} as {header}:\n" + "\n".join(lines),
            pytrace=False,
        )


def compare_ids(what: str, expected: set[str], actual: set[str]) -> None:
    missing, extra = sorted(expected - actual), sorted(actual - expected)
    if missing or extra:
        pytest.fail(
            f"{what}: {len(missing)} expected invoice(s) missing {missing[:SHOW]}, "
            f"{len(extra)} unexpected invoice(s) present {extra[:SHOW]}",
            pytrace=False,
        )


def balances_as_of(world: World, d: datetime.date) -> dict[str, dict]:
    set_as_of(world.con, d)
    return by_invoice(
        rows(world.con, "select * from invoice_balances_as_of"), f"invoice_balances_as_of at {d}"
    )


# ---------------------------------------------------------------------------------------------------------------
# The independent reading itself, against values worked out by hand
# ---------------------------------------------------------------------------------------------------------------


def test_reading_matches_hand_worked_values(world: World):
    invoices = world.reading.invoices
    for ident in EXCLUDED:
        assert ident not in invoices, f"{ident} should be excluded"
    republished = invoices[world.edge["republished"]]
    assert (republished.total, republished.voided_on is not None) == (Decimal("12345.67"), True)
    mismatches = []
    for ident, (total, outstanding, allocated, credited, written_off, settled) in HAND_FINAL.items():
        inv = invoices[ident]
        got = (
            inv.total,
            inv.outstanding,
            inv.allocated,
            inv.adjusted("credit_note"),
            inv.written_off,
            inv.settled_on,
        )
        want = (
            Decimal(total),
            Decimal(outstanding),
            Decimal(allocated),
            Decimal(credited),
            Decimal(written_off),
            None if settled is None else day(settled),
        )
        if got != want:
            mismatches.append((ident, want, got))
    for (ident, on), (outstanding, exists, is_open) in HAND_AS_OF.items():
        inv, d = invoices[ident], day(on)
        got = (inv.outstanding_at(d), inv.exists_at(d), inv.is_open_at(d))
        want = (Decimal(outstanding), exists, is_open)
        if got != want:
            mismatches.append((ident, on, want, got))
    assert invoices["inv_x_defaults"].due_on == day("2026-02-10")
    report("independent reading vs hand-worked values", mismatches, "(invoice, [date], hand, reading)")


# ---------------------------------------------------------------------------------------------------------------
# Warehouse against the independent reading
# ---------------------------------------------------------------------------------------------------------------


def test_invoice_universe_and_attributes(world: World):
    """Dedupe, defaults and exclusions: the same invoices, with the same customer, total and dates."""
    expected = world.reading.invoices
    actual = balances_as_of(world, world.reading.last_date)
    compare_ids("invoice_balances_as_of invoices", set(expected), set(actual))
    mismatches = []
    for ident, inv in expected.items():
        row = actual[ident]
        want = (inv.customer_id, inv.total, inv.issued_on, inv.due_on, inv.voided_on)
        got = (row["customer_id"], row["total_amount"], row["issued_on"], row["due_on"], row["voided_on"])
        if want != got:
            mismatches.append((ident, want, got))
    report(
        "invoice attributes (customer, total, issued_on, due_on, voided_on)",
        mismatches,
        "(invoice, expected, warehouse)",
    )


@pytest.mark.parametrize("days_before", AS_OF_OFFSETS, ids=lambda n: f"last-{n}d")
def test_outstanding_exists_open_as_of(world: World, days_before: int):
    d = world.reading.last_date - datetime.timedelta(days=days_before)
    expected = world.reading.invoices
    actual = balances_as_of(world, d)
    compare_ids(f"invoice_balances_as_of at {d}", set(expected), set(actual))
    mismatches = []
    n_open = 0
    for ident, inv in expected.items():
        row = actual[ident]
        want = (inv.exists_at(d), inv.is_open_at(d))
        got = (row["exists_at"], row["is_open"])
        if inv.issued_on <= d:  # outstanding is compared wherever the invoice has been issued
            want += (inv.outstanding_at(d),)
            got += (row["outstanding"],)
        if want != got:
            mismatches.append((ident, want, got))
        n_open += want[1]
    report(f"at {d}: (exists, open[, outstanding])", mismatches, "(invoice, expected, warehouse)")
    assert n_open > 10, f"too few open invoices at {d} ({n_open}) for a meaningful comparison"


def test_hand_written_cases_on_their_own_dates(world: World):
    """Outstanding, exists and open on the day before, of and after each rare event."""
    expected = world.reading.invoices
    dates = set()
    for ident in HAND_FINAL:
        inv = expected[ident]
        for d in {inv.issued_on, *inv.change_dates, *([inv.voided_on] if inv.voided_on else [])}:
            dates |= {d - datetime.timedelta(days=1), d, d + datetime.timedelta(days=1)}
    mismatches = []
    for d in sorted(dates):
        set_as_of(world.con, d)
        actual = by_invoice(
            rows(world.con, "select * from invoice_balances_as_of where invoice_id like 'inv_x_%'"), str(d)
        )
        for ident in HAND_FINAL:
            inv, row = expected[ident], actual.get(ident)
            if inv.issued_on > d:
                continue
            want = (inv.outstanding_at(d), inv.exists_at(d), inv.is_open_at(d))
            got = None if row is None else (row["outstanding"], row["exists_at"], row["is_open"])
            if want != got:
                mismatches.append((ident, d.isoformat(), want, got))
    report(
        "hand-written invoices around their events",
        mismatches,
        "(invoice, date, expected (outstanding, exists, open), warehouse)",
    )


def test_final_balances_and_settled_on(world: World):
    expected = world.reading.invoices
    actual = by_invoice(rows(world.con, "select * from int_invoice_balances"), "int_invoice_balances")
    compare_ids("int_invoice_balances invoices", set(expected), set(actual))
    mismatches = []
    for ident, inv in expected.items():
        row = actual[ident]
        want = (inv.outstanding, inv.allocated, inv.adjusted("credit_note"), inv.written_off, inv.settled_on)
        got = (
            row["outstanding"],
            row["amount_allocated"],
            row["amount_credited"],
            row["amount_written_off"],
            row["settled_on"],
        )
        if want != got:
            mismatches.append((ident, want, got))
    report(
        "final (outstanding, allocated, credited, written_off, settled_on)",
        mismatches,
        "(invoice, expected, warehouse)",
    )
    settled = sum(inv.settled_on is not None for inv in expected.values())
    assert settled > len(expected) // 2, f"only {settled} settled invoices: the data exercises too little"


@pytest.mark.parametrize(("days_before", "basis", "width", "periods"), AGING_CASES, ids=lambda v: str(v))
def test_aging_buckets(world: World, days_before: int, basis: str, width: int, periods: int):
    d = world.reading.last_date - datetime.timedelta(days=days_before)
    set_as_of(world.con, d, aging_basis=basis, aging_width=width, aging_periods=periods)
    actual = by_invoice(rows(world.con, "select * from ar_aging"), f"ar_aging at {d}")
    expected = {i: inv for i, inv in world.reading.invoices.items() if inv.is_open_at(d)}
    compare_ids(f"ar_aging open invoices at {d}", set(expected), set(actual))

    mismatches = []
    want_sums: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    want_ar: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ident, inv in expected.items():
        age = (d - (inv.due_on if basis == "due_date" else inv.issued_on)).days
        bucket = aging_bucket(age, basis, width, periods)
        want_sums[(inv.customer_id, bucket)] += inv.outstanding_at(d)
        want_ar[inv.customer_id] += inv.outstanding_at(d)
        row = actual[ident]
        want = (age, bucket, inv.outstanding_at(d))
        got = (row["age_days"], row["bucket_index"], row["outstanding"])
        if want != got:
            mismatches.append((ident, want, got))
    report(
        f"ar_aging at {d} ({basis}, N={width}, P={periods}): (age, bucket, outstanding)",
        mismatches,
        "(invoice, expected, warehouse)",
    )
    assert {b for _, b in want_sums} == set(range(0 if basis == "due_date" else 1, periods + 1)), (
        f"not every bucket is populated at {d}: {sorted({b for _, b in want_sums})}"
    )

    got_sums: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for r in rows(world.con, "select customer_id, bucket_index, outstanding from ar_aging_by_customer"):
        got_sums[(r["customer_id"], r["bucket_index"])] += r["outstanding"]
    diff = [
        (key, want_sums.get(key), got_sums.get(key))
        for key in set(want_sums) | set(got_sums)
        if want_sums.get(key) != got_sums.get(key)
    ]
    report(
        f"ar_aging_by_customer at {d}: sum per (customer, bucket)",
        diff,
        "((customer, bucket), expected, got)",
    )

    got_ar: dict[str, Decimal] = defaultdict(lambda: ZERO)  # AR(c, D) from the balances view
    for r in balances_as_of(world, d).values():
        if r["is_open"]:
            got_ar[r["customer_id"]] += r["outstanding"]
    per_customer = defaultdict(lambda: ZERO)
    for (customer, _), amount in want_sums.items():
        per_customer[customer] += amount
    diff = [
        (c, want_ar.get(c), per_customer.get(c), got_ar.get(c))
        for c in set(want_ar) | set(got_ar)
        if not (want_ar.get(c) == per_customer.get(c) == got_ar.get(c))
    ]
    report(f"AR per customer at {d}", diff, "(customer, expected AR, expected sum of buckets, warehouse AR)")
