"""The collections summary by customer (docs/metrics.md, Collections) against an independent reading of the
raw layer.

The expected rows in this module come from a plain-Python reading of the raw Parquet files: pyarrow reads the
files, and the rules of docs/metrics.md (Foundations, Collections, Data quality) (dedupe, defaults,
exclusions, outstanding as of a date, exists/open, settled_on, touches, touched and automated allocations,
periods, row emission, every field of the report, half-up rounding on exact values) are applied here with
`decimal.Decimal`, `fractions.Fraction` and `datetime`. Nothing on the expected side goes through DuckDB, dbt
or arlake's SQL.

The data is the generator's (about 3,000 invoices, fixed seed) plus hand-written files with the collections cases
the generator may not make: a touch after the payment and one at the very instant of the payment, inbound, failed,
bounced, canceled, draft and out-of-product outreach, an outreach row whose latest version failed, a null
outreach status, automated and mixed touches, a touch recorded against another customer, duplicate links, a
TIMESTAMPTZ touch, a touched reversal, an overpaid invoice, a voided invoice with touches and payments around
the void, an invoice issued and voided in the same period, an ISO week across a year end, months without
activity for a customer with a balance, months without any reportable activity (a draft and a payable with
payments and touches), an invoice paid before it is issued, a customer whose latest version has no business
unit, a dso that lands on a tie, and status words that are not the documented ones ("cancelled", "Failed",
"Draft": checked by a test of their own).
A few of those rows also have their values written out by hand below, so the reading itself is checked
against the documented rules, not only against the report.
"""

from __future__ import annotations

import bisect
import datetime
import math
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from independent_raw import day, read_latest, read_links, table_files, ts, utc_date, utc_instant, write_rows

from arlake.build import build
from arlake.reports import collections_summary_by_customer
from arlake.sample import generate

pytestmark = pytest.mark.slow

SEED = 20240611
N_INVOICES = 3000
ZERO = Decimal("0.00")
UTC = datetime.UTC
ONE_DAY = datetime.timedelta(days=1)
SHOW = 10  # mismatches shown in a failure message
NOT_A_TOUCH_STATUS = ("draft", "failed", "bounced", "canceled")
EDGE_ORG = "org_001"

TEXT = ("partner_id", "partner_name", "partner_account_number")
DATES = ("period_start", "period_end")
MONEY = (
    "balance",
    "balance_period_start",
    "balance_for_period",
    "balance_stuut_touched",
    "balance_period_start_stuut_touched",
    "balance_for_period_stuut_touched",
    "amount_issued",
    "amount_issued_stuut_touched",
    "total_invoice_amount",
    "amount_collected",
    "amount_collected_stuut_touched",
    "amount_collected_automated",
    "amount_collected_other",
    "amount_overdue",
    "amount_overdue_stuut_touched",
    "amount_receivables",
    "amount_receivables_stuut_touched",
)
COUNTS = (
    "invoices_issued",
    "invoices_open",
    "invoices_overdue",
    "invoices_paid",
    "invoices_collected",
    "invoices_collected_stuut_touched",
    "invoices_touched",
    "invoices_touched_and_collected",
)
RATIOS = (
    "dso",
    "dso_stuut_touched",
    "invoices_touched_and_collected_ratio",
    "avg_days_to_pay_from_due",
    "avg_days_to_pay_from_issued",
)
FIELDS = TEXT + DATES + MONEY + COUNTS + RATIOS


@dataclass
class Customer:
    customer_id: str
    organization_id: str
    name: str
    account_number: str | None
    business_unit_id: str | None


@dataclass
class Invoice:
    invoice_id: str
    customer_id: str
    total: Decimal
    issued_on: datetime.date
    due_on: datetime.date
    voided_on: datetime.date | None
    uncollectible_on: datetime.date | None
    # (applied instant, amount), (applied date, amount), (occurred instant, automated):
    allocations: list[tuple[datetime.datetime, Decimal]] = field(default_factory=list)
    adjustments: list[tuple[datetime.date, Decimal]] = field(default_factory=list)
    touches: list[tuple[datetime.datetime, bool]] = field(default_factory=list)
    # filled by settle():
    change_dates: list[datetime.date] = field(default_factory=list)
    reductions_through: list[Decimal] = field(default_factory=list)  # cumulative, per change date
    settled_on: datetime.date | None = None
    first_touch_on: datetime.date | None = None

    def settle(self) -> None:
        """Outstanding as a step function of the date. The uncollectible mark writes off what is outstanding at
        the end of its day (that day's events included), never a negative amount. settled_on is the first date
        (the issue date or a later date the balance changes) with outstanding <= 0; events before the issue date
        count on the issue date, and a later reversal does not move it."""
        per_day: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
        for at, amount in self.allocations:
            per_day[at.date()] += amount
        for on, amount in self.adjustments:
            per_day[on] += amount
        if self.uncollectible_on is not None:
            before = sum((a for on, a in per_day.items() if on <= self.uncollectible_on), ZERO)
            per_day[self.uncollectible_on] += max(ZERO, self.total - before)
        running = ZERO
        for on in sorted(per_day):
            running += per_day[on]
            self.change_dates.append(on)
            self.reductions_through.append(running)
        for d in [self.issued_on] + [c for c in self.change_dates if c > self.issued_on]:
            if self.outstanding_at(d) <= 0:
                self.settled_on = d
                break
        self.touches.sort()
        self.allocations.sort()
        if self.touches:
            self.first_touch_on = self.touches[0][0].date()

    def exists_at(self, d: datetime.date) -> bool:
        return self.issued_on <= d and (self.voided_on is None or self.voided_on > d)

    def outstanding_at(self, d: datetime.date) -> Decimal:
        n = bisect.bisect_right(self.change_dates, d)
        return self.total - (self.reductions_through[n - 1] if n else ZERO)

    def is_open_at(self, d: datetime.date) -> bool:
        return self.exists_at(d) and self.outstanding_at(d) > 0

    def touched_by(self, d: datetime.date) -> bool:
        return self.first_touch_on is not None and self.first_touch_on <= d

    def allocation_touched(self, at: datetime.datetime) -> bool:
        """A touch with occurred_at strictly before the allocation's applied_at (full timestamps)."""
        return bool(self.touches) and self.touches[0][0] < at

    def allocation_automated(self, at: datetime.datetime) -> bool:
        """Touched, and every touch before applied_at is automated."""
        before = [automated for occurred, automated in self.touches if occurred < at]
        return bool(before) and all(before)


@dataclass
class Reading:
    customers: dict[str, Customer]
    invoices: dict[str, Invoice]
    by_customer: dict[str, list[Invoice]]
    last_date: datetime.date

    def organizations(self) -> list[str]:
        return sorted({c.organization_id for c in self.customers.values()})

    def first_issued(self, org: str) -> datetime.date:
        """The organization's first issued (non-draft, receivable) invoice date."""
        return min(
            inv.issued_on
            for inv in self.invoices.values()
            if self.customers[inv.customer_id].organization_id == org
        )


def read_raw(raw: Path) -> Reading:
    customer_rows = read_latest(raw, "customers", "customer_id")
    all_invoices = read_latest(raw, "invoices", "invoice_id")
    payments = read_latest(raw, "payments", "payment_id")
    allocations = read_latest(raw, "payment_allocations", "allocation_id")
    adjustments = read_latest(raw, "adjustments", "adjustment_id")
    outreach = read_latest(raw, "outreach", "outreach_id")

    customers = {
        ident: Customer(
            customer_id=ident,
            organization_id=row["organization_id"],
            name=row["name"],
            account_number=row.get("account_number"),
            business_unit_id=row.get("business_unit_id"),
        )
        for ident, row in customer_rows.items()
    }

    invoices: dict[str, Invoice] = {}
    for ident, row in all_invoices.items():
        if (row.get("type") or "receivable") != "receivable" or row.get("status") == "draft":
            continue  # payables are ignored by AR reports; drafts are absent from every report
        if row.get("customer_id") not in customers:
            continue  # an invoice of an unknown customer
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
            applied = utc_instant(row.get("applied_at")) or utc_instant(payment["received_at"])
            invoice.allocations.append((applied, row["amount"]))

    for row in adjustments.values():
        invoice = invoices.get(row.get("invoice_id"))
        if invoice is not None and row.get("kind") in ("credit_note", "write_off"):
            invoice.adjustments.append((utc_date(row["applied_at"]), row["amount"]))

    for outreach_id, invoice_id in read_links(raw):
        row, invoice = outreach.get(outreach_id), invoices.get(invoice_id)
        if row is None or invoice is None:
            continue
        if (row.get("direction") or "outbound") != "outbound":
            continue
        if row.get("is_originated_in_product") is False:  # null takes the default, true
            continue
        if row.get("status") in NOT_A_TOUCH_STATUS:  # a null status is a touch
            continue
        invoice.touches.append((utc_instant(row["occurred_at"]), bool(row.get("is_automated"))))

    by_customer: dict[str, list[Invoice]] = defaultdict(list)
    dates = []
    for invoice in invoices.values():
        invoice.settle()
        by_customer[invoice.customer_id].append(invoice)
        dates += [invoice.issued_on, *invoice.change_dates, *(t.date() for t, _ in invoice.touches)]
        if invoice.voided_on is not None:
            dates.append(invoice.voided_on)
    return Reading(customers=customers, invoices=invoices, by_customer=by_customer, last_date=max(dates))


# ---------------------------------------------------------------------------------------------------------------
# The independent reading: periods, rows, fields
# ---------------------------------------------------------------------------------------------------------------


def periods(
    interval: str, first: datetime.date, as_of: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """(s, e') for the months / ISO weeks from the one holding F to the one holding A; `all` is [F, A]."""
    if interval == "all":
        return [(first, as_of)]
    out = []
    if interval == "monthly":
        start = first.replace(day=1)
        while start <= as_of:
            following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            out.append((start, min(following - ONE_DAY, as_of)))
            start = following
    elif interval == "weekly":
        start = first - datetime.timedelta(days=first.weekday())  # Monday
        while start <= as_of:
            out.append((start, min(start + datetime.timedelta(days=6), as_of)))
            start += datetime.timedelta(days=7)
    else:
        raise ValueError(interval)
    return out


def rounded(value: Fraction, places: int) -> Decimal:
    """Half-up (away from zero on a tie) on the exact value."""
    n = math.floor(abs(value) * 10**places + Fraction(1, 2))
    return Decimal(n if value >= 0 else -n).scaleb(-places)


def cents(amount: Decimal) -> int:
    scaled = amount * 100
    assert scaled == scaled.to_integral_value(), f"not a whole number of cents: {amount}"
    return int(scaled)


def customer_period(
    customer: Customer, invoices: list[Invoice], s: datetime.date, e: datetime.date
) -> dict[str, object] | None:
    """The row of customer c for [s, e'] (e = e'), or None when the emission rule leaves it out."""
    before = s - ONE_DAY
    in_period = lambda d: d is not None and s <= d <= e  # noqa: E731

    emitted = False
    m: dict[str, Decimal] = defaultdict(lambda: ZERO)
    n: dict[str, int] = defaultdict(int)
    days_from_due: list[int] = []
    days_from_issued: list[int] = []
    for inv in invoices:
        allocations = [(at, amount) for at, amount in inv.allocations if in_period(at.date())]
        touches = [occurred for occurred, _ in inv.touches if in_period(occurred.date())]
        if in_period(inv.issued_on) or allocations or touches:
            emitted = True

        if inv.is_open_at(before):
            amount = inv.outstanding_at(before)
            m["balance_period_start"] += amount
            if inv.touched_by(before):
                m["balance_period_start_stuut_touched"] += amount
        if inv.is_open_at(e):
            amount = inv.outstanding_at(e)
            touched = inv.touched_by(e)
            issued_here = in_period(inv.issued_on)
            overdue = inv.due_on < e
            m["balance"] += amount
            m["total_invoice_amount"] += inv.total
            n["invoices_open"] += 1
            if overdue:
                m["amount_overdue"] += amount
                n["invoices_overdue"] += 1
            if issued_here:
                m["amount_receivables"] += amount
            if touched:
                m["balance_stuut_touched"] += amount
                if overdue:
                    m["amount_overdue_stuut_touched"] += amount
                if issued_here:
                    m["amount_receivables_stuut_touched"] += amount
        if in_period(inv.issued_on) and inv.exists_at(e):
            m["amount_issued"] += inv.total
            n["invoices_issued"] += 1
            if inv.touched_by(e):
                m["amount_issued_stuut_touched"] += inv.total

        # Flows: voided invoices still count.
        collected_touched = False
        for at, amount in allocations:
            m["amount_collected"] += amount
            if inv.allocation_touched(at):
                collected_touched = True
                m["amount_collected_stuut_touched"] += amount
                if inv.allocation_automated(at):
                    m["amount_collected_automated"] += amount
        n["invoices_collected"] += bool(allocations)
        n["invoices_collected_stuut_touched"] += collected_touched
        n["invoices_touched"] += bool(touches)
        n["invoices_touched_and_collected"] += any(t < at for t in touches for at, _ in allocations)
        if in_period(inv.settled_on):
            n["invoices_paid"] += 1
            days_from_due.append((inv.settled_on - inv.due_on).days)
            days_from_issued.append((inv.settled_on - inv.issued_on).days)

    if not (emitted or m["balance_period_start"] != 0 or m["balance"] != 0):
        return None

    m["balance_for_period"] = m["balance"] - m["balance_period_start"]
    m["balance_for_period_stuut_touched"] = (
        m["balance_stuut_touched"] - m["balance_period_start_stuut_touched"]
    )
    m["amount_collected_other"] = m["amount_collected"] - m["amount_collected_stuut_touched"]
    length = (e - s).days + 1

    def dso(balance: Decimal, issued: Decimal) -> Decimal | None:
        return None if issued == 0 else rounded(Fraction(balance) / Fraction(issued) * length, 2)

    def mean(values: list[int]) -> Decimal | None:
        return rounded(Fraction(sum(values), len(values)), 2) if values else None

    row: dict[str, object] = {
        "partner_id": customer.customer_id,
        "partner_name": customer.name,
        "partner_account_number": customer.account_number,
        "period_start": s.isoformat(),
        "period_end": e.isoformat(),
    }
    row.update({name: cents(m[name]) for name in MONEY})
    row.update({name: n[name] for name in COUNTS})
    row["dso"] = dso(m["balance"], m["amount_issued"])
    row["dso_stuut_touched"] = dso(m["balance_stuut_touched"], m["amount_issued_stuut_touched"])
    row["invoices_touched_and_collected_ratio"] = (
        rounded(Fraction(n["invoices_touched_and_collected"], n["invoices_touched"]), 4)
        if n["invoices_touched"]
        else None
    )
    row["avg_days_to_pay_from_due"] = mean(days_from_due)
    row["avg_days_to_pay_from_issued"] = mean(days_from_issued)
    return row


def expected_rows(
    reading: Reading,
    org: str,
    interval: str,
    as_of: datetime.date,
    first: datetime.date | None = None,
    units: list[str] | None = None,
) -> list[dict[str, object]]:
    """The rows of the report, in the documented order (period_start, partner_name, partner_id)."""
    first = reading.first_issued(org) if first is None else first
    customers = [
        c
        for c in reading.customers.values()
        if c.organization_id == org and (units is None or c.business_unit_id in units)
    ]
    out = []
    for s, e in periods(interval, first, as_of):
        for customer in customers:
            row = customer_period(customer, reading.by_customer.get(customer.customer_id, []), s, e)
            if row is not None:
                out.append(row)
    out.sort(key=lambda r: (r["period_start"], r["partner_name"], r["partner_id"]))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Hand-written raw files with the collections cases
# ---------------------------------------------------------------------------------------------------------------

FLOW = "cus_x_flow"  # touches and allocations of every kind
VOID_ONLY = "cus_x_void_only"  # one invoice, issued and voided in the same month
QUIET = "cus_x_quiet"  # a balance and no activity for months
GAP = "cus_x_gap"  # months with only draft and payable activity: no rows
YEAR_END = "cus_x_year_end"  # the ISO week 2025-12-29 .. 2026-01-04
NO_UNIT = "cus_x_no_unit"  # its latest version has no business unit
ROUNDING = "cus_x_rounding"  # a dso exactly on a tie
PREPAID = "cus_x_prepaid"  # paid in the month before the invoice is issued
SPELLING = "cus_x_spelling"  # statuses that are not the documented words: "cancelled", "Failed", "Draft"


def _swap_type(schema: pa.Schema, column: str, new_type: pa.DataType) -> pa.Schema:
    return schema.set(schema.get_field_index(column), pa.field(column, new_type))


def add_edge_files(raw: Path) -> None:
    """Add files with the rare cases to a generated raw layer (organization org_001)."""
    schemas = {t: pq.read_schema(table_files(raw, t)[0]) for t in ("customers", "invoices", "payments")}
    schemas |= {
        t: pq.read_schema(table_files(raw, t)[0])
        for t in ("payment_allocations", "outreach", "outreach_invoices")
    }
    template = next(
        r
        for r in pq.read_table(table_files(raw, "customers")[0]).to_pylist()
        if r["organization_id"] == EDGE_ORG
    )
    org, cur = EDGE_ORG, template["currency"]

    def cus(ident, name, unit, account=True, modified="2024-01-01T00:00"):
        return {
            **template,
            "customer_id": ident,
            "name": name,
            "account_number": f"AC-{ident.upper()}" if account else None,
            "external_id": None,
            "business_unit_id": unit,
            "modified_at": ts(modified),
        }

    # Names chosen so that code-point order matters: lower case and accented letters sort after "Z".
    write_rows(
        raw / "customers" / "zz-collections-a.parquet",
        [
            cus(FLOW, "edge Flow Works", "bu_101"),
            cus(VOID_ONLY, "Édge Void Only", "bu_101", account=False),
            cus(QUIET, "Quiet Balance Ltd", "bu_102"),
            cus(GAP, "Gap Supplies Inc.", "bu_102"),
            cus(YEAR_END, "Year End Trading Co.", "bu_103"),
            cus(NO_UNIT, "No Unit Traders", None, modified="2026-01-01T00:00"),
            cus(ROUNDING, "Rounding Corp.", "bu_101"),
            cus(PREPAID, "Prepaid Parts Inc.", "bu_102"),
            cus(SPELLING, "Spelling Variants LLC", "bu_103"),
        ],
        schemas["customers"],
    )
    # An older version of the no-unit customer, with a unit, in a later file: the newer row wins.
    write_rows(
        raw / "customers" / "zz-collections-b.parquet",
        [cus(NO_UNIT, "No Unit Traders (old)", "bu_101", modified="2025-01-01T00:00")],
        schemas["customers"],
    )

    def inv(ident, customer, total, issued, due_days=30, **over):
        row = {
            "invoice_id": ident,
            "organization_id": org,
            "customer_id": customer,
            "number": ident.upper(),
            "type": "receivable",
            "currency": cur,
            "subtotal": Decimal(total),
            "total_tax": ZERO,
            "total_discount": ZERO,
            "total_amount": Decimal(total),
            "issued_at": ts(issued),
            "due_date": None if due_days is None else (ts(issued) + datetime.timedelta(days=due_days)).date(),
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

    write_rows(
        raw / "invoices" / "zz-collections.parquet",
        [
            inv("inv_c_touch_after", FLOW, "100.00", "2026-01-05T10:00"),
            inv("inv_c_same_instant", FLOW, "100.00", "2026-01-05T11:00"),
            inv("inv_c_not_touches", FLOW, "100.00", "2026-01-06T10:00"),
            inv("inv_c_null_status", FLOW, "100.00", "2026-01-07T10:00"),
            inv("inv_c_automated", FLOW, "100.00", "2026-01-07T11:00"),
            inv("inv_c_mixed", FLOW, "200.00", "2026-01-08T10:00"),
            inv("inv_c_reversal", FLOW, "100.00", "2026-02-02T10:00"),
            inv("inv_c_void_flows", FLOW, "150.00", "2026-01-10T10:00", voided_at=ts("2026-02-10T12:00")),
            inv("inv_c_overpaid", FLOW, "100.00", "2026-03-02T10:00"),
            inv("inv_c_tz_touch", FLOW, "100.00", "2026-02-02T12:00"),
            inv(
                "inv_c_same_period_void",
                VOID_ONLY,
                "300.00",
                "2026-03-03T10:00",
                voided_at=ts("2026-03-20T10:00"),
            ),
            inv("inv_c_quiet", QUIET, "400.00", "2025-10-05T10:00"),
            inv("inv_c_gap_paid", GAP, "80.00", "2025-08-10T10:00"),
            inv("inv_c_gap_open", GAP, "90.00", "2025-12-10T10:00", due_days=None),
            inv("inv_c_gap_draft", GAP, "60.00", "2025-10-15T10:00", status="draft"),
            inv("inv_c_gap_payable", GAP, "70.00", "2025-11-10T10:00", type="payable"),
            inv("inv_c_early_draft", GAP, "10.00", "2024-05-01T10:00", status="draft"),
            inv("inv_c_early_payable", GAP, "10.00", "2024-06-01T10:00", type="payable"),
            inv("inv_c_early_unknown", "cus_x_not_a_customer", "10.00", "2024-04-01T10:00"),
            inv("inv_c_ye_before", YEAR_END, "100.00", "2025-12-28T10:00", due_days=None),
            inv("inv_c_ye_monday", YEAR_END, "500.00", "2025-12-29T09:00"),
            inv("inv_c_ye_sunday", YEAR_END, "250.00", "2026-01-04T18:00", due_days=None),
            inv("inv_c_no_unit", NO_UNIT, "700.00", "2025-11-03T10:00"),
            inv("inv_c_rounding", ROUNDING, "248.00", "2026-05-04T10:00"),
            inv("inv_c_prepaid", PREPAID, "100.00", "2026-04-10T10:00"),
            inv("inv_c_spelling_touch", SPELLING, "100.00", "2026-04-06T10:00"),
            inv("inv_c_spelling_payments", SPELLING, "100.00", "2026-04-06T11:00"),
            inv("inv_c_spelling_draft", SPELLING, "50.00", "2026-04-07T10:00", status="Draft"),
        ],
        schemas["invoices"],
    )

    def pay(ident, customer, received, amount="100.00", status="succeeded"):
        return {
            "payment_id": ident,
            "organization_id": org,
            "customer_id": customer,
            "amount": Decimal(amount),
            "received_at": ts(received),
            "currency": cur,
            "payment_method": "ach",
            "status": status,
            "reference_number": None,
            "modified_at": ts(received),
        }

    write_rows(
        raw / "payments" / "zz-collections.parquet",
        [
            pay("pay_c_flow", FLOW, "2026-01-20T08:00", "1000.00"),
            pay("pay_c_flow_received", FLOW, "2026-02-03T15:00"),
            pay("pay_c_flow_failed", FLOW, "2026-02-05T10:00", status="failed"),
            pay("pay_c_other", GAP, "2025-09-15T10:00", "1000.00"),
            pay("pay_c_cancelled_uk", SPELLING, "2026-04-20T10:00", "60.00", status="cancelled"),
            pay("pay_c_failed_capital", SPELLING, "2026-04-21T10:00", "40.00", status="Failed"),
        ],
        schemas["payments"],
    )

    def alloc(ident, payment, invoice, amount, applied):
        return {
            "allocation_id": ident,
            "payment_id": payment,
            "invoice_id": invoice,
            "amount": Decimal(amount),
            "applied_at": None if applied is None else ts(applied),
            "strategy": None,
            "modified_at": ts("2026-06-30T00:00"),
        }

    write_rows(
        raw / "payment_allocations" / "zz-collections.parquet",
        [
            alloc("alc_c_01", "pay_c_flow", "inv_c_touch_after", "100.00", "2026-01-20T09:00"),
            alloc("alc_c_02", "pay_c_flow", "inv_c_same_instant", "100.00", "2026-02-02T08:00"),
            alloc("alc_c_03", "pay_c_flow", "inv_c_not_touches", "60.00", "2026-02-10T12:00"),
            alloc("alc_c_04", "pay_c_flow_failed", "inv_c_not_touches", "40.00", "2026-02-05T10:00"),
            alloc("alc_c_05", "pay_c_flow", "inv_c_null_status", "100.00", "2026-02-11T10:00"),
            alloc("alc_c_06", "pay_c_flow", "inv_c_automated", "100.00", "2026-02-12T10:00"),
            alloc("alc_c_07", "pay_c_flow", "inv_c_mixed", "50.00", "2026-01-28T09:00"),
            alloc("alc_c_08", "pay_c_flow_received", "inv_c_mixed", "100.00", None),
            alloc("alc_c_09", "pay_c_flow", "inv_c_reversal", "100.00", "2026-02-20T10:00"),
            alloc("alc_c_10", "pay_c_flow", "inv_c_reversal", "-40.00", "2026-03-10T10:00"),
            alloc("alc_c_11", "pay_c_flow", "inv_c_void_flows", "50.00", "2026-01-20T10:00"),
            alloc("alc_c_12", "pay_c_flow", "inv_c_void_flows", "100.00", "2026-02-15T10:00"),
            alloc("alc_c_13", "pay_c_flow", "inv_c_overpaid", "120.00", "2026-03-05T10:00"),
            alloc("alc_c_14", "pay_c_flow", "inv_c_tz_touch", "100.00", "2026-02-10T02:00"),
            alloc("alc_c_20", "pay_c_other", "inv_c_gap_paid", "80.00", "2025-09-15T10:00"),
            alloc("alc_c_21", "pay_c_other", "inv_c_gap_draft", "60.00", "2025-10-25T10:00"),
            alloc("alc_c_22", "pay_c_other", "inv_c_gap_payable", "70.00", "2025-11-12T10:00"),
            alloc("alc_c_30", "pay_c_other", "inv_c_ye_monday", "200.00", "2026-01-02T11:00"),
            alloc("alc_c_31", "pay_c_other", "inv_c_ye_sunday", "250.00", "2026-01-04T21:00"),
            alloc("alc_c_40", "pay_c_other", "inv_c_no_unit", "300.00", "2025-12-05T10:00"),
            alloc("alc_c_50", "pay_c_other", "inv_c_rounding", "247.00", "2026-05-20T10:00"),
            alloc("alc_c_60", "pay_c_other", "inv_c_prepaid", "100.00", "2026-03-25T10:00"),
            alloc("alc_c_70", "pay_c_other", "inv_c_spelling_touch", "100.00", "2026-04-15T10:00"),
            alloc("alc_c_71", "pay_c_cancelled_uk", "inv_c_spelling_payments", "60.00", None),
            alloc("alc_c_72", "pay_c_failed_capital", "inv_c_spelling_payments", "40.00", None),
        ],
        schemas["payment_allocations"],
    )

    def out(ident, occurred, customer=FLOW, automated=False, modified=None, **over):
        row = {
            "outreach_id": ident,
            "organization_id": org,
            "customer_id": customer,
            "channel": "email",
            "occurred_at": ts(occurred),
            "direction": "outbound",
            "is_automated": automated,
            "is_originated_in_product": True,
            "status": "sent",
            "subject": "Invoice reminder",
            "to_address": "ap@example.com",
            "modified_at": ts(modified or occurred),
        }
        row.update(over)
        return row

    outreach = [
        out("out_c_after_payment", "2026-01-20T10:00", automated=True),
        out("out_c_same_instant", "2026-02-02T08:00", automated=True),
        out("out_c_inbound", "2026-01-15T10:00", direction="inbound", status="delivered"),
        out("out_c_failed", "2026-01-16T10:00", status="failed"),
        out("out_c_bounced", "2026-01-17T10:00", status="bounced", automated=True),
        out("out_c_canceled", "2026-01-18T10:00", status="canceled", channel="call"),
        out("out_c_draft", "2026-01-19T10:00", status="draft"),
        out("out_c_off_product", "2026-01-21T10:00", is_originated_in_product=False),
        out("out_c_redone", "2026-01-22T10:00", modified="2026-01-22T10:00"),
        out("out_c_redone", "2026-01-22T10:00", modified="2026-01-23T10:00", status="failed"),
        out(
            "out_c_null_status",
            "2026-01-25T10:00",
            direction=None,
            is_automated=None,
            is_originated_in_product=None,
            status=None,
        ),
        out("out_c_auto_1", "2026-01-26T07:00", automated=True),
        out("out_c_auto_2", "2026-02-01T07:00", automated=True),
        out("out_c_manual_later", "2026-02-20T10:00"),
        out("out_c_mixed_auto", "2026-01-27T07:00", automated=True),
        out("out_c_other_customer", "2026-02-03T14:00", customer=QUIET, channel="call", status="completed"),
        out("out_c_reversal", "2026-03-02T07:00", automated=True),
        out("out_c_void_1", "2026-01-15T10:00"),
        out("out_c_void_2", "2026-02-12T10:00"),
        out("out_c_gap_draft", "2025-10-20T10:00", customer=GAP),
        out("out_c_gap_payable", "2025-11-13T10:00", customer=GAP),
        out("out_c_ye_auto", "2025-12-31T10:00", customer=YEAR_END, automated=True),
        out("out_c_ye_manual", "2026-01-04T20:00", customer=YEAR_END),
        out("out_c_no_unit", "2025-11-20T10:00", customer=NO_UNIT, automated=True),
        out("out_c_unlinked", "2026-02-25T10:00"),
        out("out_c_cancelled_uk", "2026-04-08T10:00", customer=SPELLING, automated=True, status="cancelled"),
    ]
    write_rows(raw / "outreach" / "zz-collections.parquet", outreach, schemas["outreach"])
    # occurred_at as TIMESTAMPTZ: 22:00 in New York on 9 February is 03:00 UTC on 10 February, after the
    # allocation of 02:00 UTC that day.
    new_york = zoneinfo.ZoneInfo("America/New_York")
    write_rows(
        raw / "outreach" / "zz-collections-tz.parquet",
        [
            {
                **out("out_c_tz", "2026-02-10T03:00"),
                "occurred_at": datetime.datetime(2026, 2, 9, 22, 0, tzinfo=new_york),
            }
        ],
        _swap_type(schemas["outreach"], "occurred_at", pa.timestamp("us", tz="America/New_York")),
    )

    links = [
        ("out_c_after_payment", "inv_c_touch_after"),
        ("out_c_same_instant", "inv_c_same_instant"),
        *(
            (o, "inv_c_not_touches")
            for o in (
                "out_c_inbound",
                "out_c_failed",
                "out_c_bounced",
                "out_c_canceled",
                "out_c_draft",
                "out_c_off_product",
                "out_c_redone",
            )
        ),
        ("out_c_null_status", "inv_c_null_status"),
        ("out_c_auto_1", "inv_c_automated"),
        ("out_c_auto_1", "inv_c_automated"),  # the same link twice is one link
        ("out_c_auto_2", "inv_c_automated"),
        ("out_c_manual_later", "inv_c_automated"),
        ("out_c_mixed_auto", "inv_c_mixed"),
        ("out_c_other_customer", "inv_c_mixed"),
        ("out_c_reversal", "inv_c_reversal"),
        ("out_c_void_1", "inv_c_void_flows"),
        ("out_c_void_2", "inv_c_void_flows"),
        ("out_c_tz", "inv_c_tz_touch"),
        ("out_c_gap_draft", "inv_c_gap_draft"),
        ("out_c_gap_payable", "inv_c_gap_payable"),
        ("out_c_ye_auto", "inv_c_ye_monday"),
        ("out_c_ye_manual", "inv_c_ye_sunday"),
        ("out_c_no_unit", "inv_c_no_unit"),
        ("out_c_not_in_outreach", "inv_c_quiet"),
        ("out_c_unlinked", "inv_c_not_in_invoices"),
        ("out_c_cancelled_uk", "inv_c_spelling_touch"),
    ]
    write_rows(
        raw / "outreach_invoices" / "zz-collections.parquet",
        [{"outreach_id": o, "invoice_id": i} for o, i in links],
        schemas["outreach_invoices"],
    )
    # The same link again in another file.
    write_rows(
        raw / "outreach_invoices" / "zz-collections-again.parquet",
        [{"outreach_id": "out_c_mixed_auto", "invoice_id": "inv_c_mixed"}],
        schemas["outreach_invoices"],
    )


# Rows of the hand-written customers, worked out from docs/metrics.md by hand.
# (interval, as_of, from, customer, period_start) -> every field but the partner fields.
_NONE_RATIOS = dict.fromkeys(RATIOS)
HAND_ROWS: dict[tuple, dict[str, object]] = {
    ("monthly", "2026-06-30", None, FLOW, "2026-02-01"): {
        "period_end": "2026-02-28",
        "balance": 9000,  # not_touches 40 + mixed 50
        "balance_period_start": 65000,  # same_instant, not_touches, null_status, automated 100 each, mixed 150, void 100
        "balance_for_period": -56000,
        "balance_stuut_touched": 5000,  # mixed
        "balance_period_start_stuut_touched": 45000,  # null_status, automated, mixed, void
        "balance_for_period_stuut_touched": -40000,
        "amount_issued": 20000,  # reversal, tz_touch
        "amount_issued_stuut_touched": 10000,  # tz_touch (touched 10 Feb UTC); reversal touched in March
        "total_invoice_amount": 30000,  # not_touches 100 + mixed 200
        "amount_collected": 76000,  # 100 + 60 + 100 + 100 + 100 + 100 + 100 + 100
        "amount_collected_stuut_touched": 40000,  # null_status, automated, mixed (received), void
        "amount_collected_automated": 10000,  # automated
        "amount_collected_other": 36000,
        "amount_overdue": 9000,
        "amount_overdue_stuut_touched": 5000,
        "amount_receivables": 0,
        "amount_receivables_stuut_touched": 0,
        "invoices_issued": 2,
        "invoices_open": 2,
        "invoices_overdue": 2,
        "invoices_paid": 6,  # same_instant, null_status, automated, reversal, void, tz_touch
        "invoices_collected": 8,
        "invoices_collected_stuut_touched": 4,
        "invoices_touched": 5,  # same_instant, automated, mixed, void, tz_touch
        "invoices_touched_and_collected": 3,  # automated, mixed, void
        "dso": Decimal("12.60"),  # 90 / 200 * 28
        "dso_stuut_touched": Decimal("14.00"),  # 50 / 100 * 28
        "invoices_touched_and_collected_ratio": Decimal("0.6000"),
        "avg_days_to_pay_from_due": Decimal("-3.17"),  # (-2 + 5 + 6 - 12 + 6 - 22) / 6
        "avg_days_to_pay_from_issued": Decimal("26.83"),  # (28 + 35 + 36 + 18 + 36 + 8) / 6
    },
    ("monthly", "2026-06-30", None, FLOW, "2026-03-01"): {
        "period_end": "2026-03-31",
        "balance": 13000,  # not_touches 40, mixed 50, reversal 40; overpaid is not open
        "balance_period_start": 9000,
        "balance_for_period": 4000,
        "balance_stuut_touched": 9000,
        "balance_period_start_stuut_touched": 5000,
        "balance_for_period_stuut_touched": 4000,
        "amount_issued": 10000,
        "amount_issued_stuut_touched": 0,
        "total_invoice_amount": 40000,
        "amount_collected": 8000,  # -40 + 120
        "amount_collected_stuut_touched": -4000,
        "amount_collected_automated": -4000,
        "amount_collected_other": 12000,
        "amount_overdue": 13000,
        "amount_overdue_stuut_touched": 9000,
        "amount_receivables": 0,
        "amount_receivables_stuut_touched": 0,
        "invoices_issued": 1,
        "invoices_open": 3,
        "invoices_overdue": 3,
        "invoices_paid": 1,  # overpaid; the reversal does not move the settlement of February
        "invoices_collected": 2,
        "invoices_collected_stuut_touched": 1,
        "invoices_touched": 1,
        "invoices_touched_and_collected": 1,
        "dso": Decimal("40.30"),  # 130 / 100 * 31
        "dso_stuut_touched": None,
        "invoices_touched_and_collected_ratio": Decimal("1.0000"),
        "avg_days_to_pay_from_due": Decimal("-27.00"),
        "avg_days_to_pay_from_issued": Decimal("3.00"),
    },
    ("monthly", "2026-06-30", None, VOID_ONLY, "2026-03-01"): {
        "period_end": "2026-03-31",
        **dict.fromkeys(MONEY, 0),
        **dict.fromkeys(COUNTS, 0),
        **_NONE_RATIOS,
    },
    ("monthly", "2026-06-30", None, QUIET, "2026-02-01"): {
        "period_end": "2026-02-28",
        **dict.fromkeys(MONEY, 0),
        **dict.fromkeys(COUNTS, 0),
        **_NONE_RATIOS,
        "balance": 40000,
        "balance_period_start": 40000,
        "total_invoice_amount": 40000,
        "amount_overdue": 40000,
        "invoices_open": 1,
        "invoices_overdue": 1,
    },
    ("weekly", "2026-03-31", "2025-11-26", YEAR_END, "2025-12-29"): {
        "period_end": "2026-01-04",
        "balance": 40000,  # before 100, monday 300
        "balance_period_start": 10000,
        "balance_for_period": 30000,
        "balance_stuut_touched": 30000,
        "balance_period_start_stuut_touched": 0,
        "balance_for_period_stuut_touched": 30000,
        "amount_issued": 75000,
        "amount_issued_stuut_touched": 75000,
        "total_invoice_amount": 60000,
        "amount_collected": 45000,
        "amount_collected_stuut_touched": 45000,
        "amount_collected_automated": 20000,
        "amount_collected_other": 0,
        "amount_overdue": 10000,
        "amount_overdue_stuut_touched": 0,
        "amount_receivables": 30000,
        "amount_receivables_stuut_touched": 30000,
        "invoices_issued": 2,
        "invoices_open": 2,
        "invoices_overdue": 1,
        "invoices_paid": 1,
        "invoices_collected": 2,
        "invoices_collected_stuut_touched": 2,
        "invoices_touched": 2,
        "invoices_touched_and_collected": 2,
        "dso": Decimal("3.73"),  # 400 / 750 * 7
        "dso_stuut_touched": Decimal("2.80"),  # 300 / 750 * 7
        "invoices_touched_and_collected_ratio": Decimal("1.0000"),
        "avg_days_to_pay_from_due": Decimal("0.00"),
        "avg_days_to_pay_from_issued": Decimal("0.00"),
    },
}
# The documented words are exact: a touch is not in (draft, failed, bounced, canceled), so "cancelled" is a
# touch; allocations of a payment whose status is failed or canceled are ignored, so "cancelled" and "Failed"
# payments count; an invoice is absent when its status is draft, so a "Draft" invoice exists.
HAND_ROWS[("monthly", "2026-06-30", None, SPELLING, "2026-04-01")] = {
    "period_end": "2026-04-30",
    "balance": 5000,  # the "Draft" invoice
    "balance_period_start": 0,
    "balance_for_period": 5000,
    "balance_stuut_touched": 0,
    "balance_period_start_stuut_touched": 0,
    "balance_for_period_stuut_touched": 0,
    "amount_issued": 25000,
    "amount_issued_stuut_touched": 10000,  # touched by the "cancelled" outreach
    "total_invoice_amount": 5000,
    "amount_collected": 20000,  # 100 + 60 ("cancelled" payment) + 40 ("Failed" payment)
    "amount_collected_stuut_touched": 10000,
    "amount_collected_automated": 10000,
    "amount_collected_other": 10000,
    "amount_overdue": 0,
    "amount_overdue_stuut_touched": 0,
    "amount_receivables": 5000,
    "amount_receivables_stuut_touched": 0,
    "invoices_issued": 3,
    "invoices_open": 1,
    "invoices_overdue": 0,
    "invoices_paid": 2,
    "invoices_collected": 2,
    "invoices_collected_stuut_touched": 1,
    "invoices_touched": 1,
    "invoices_touched_and_collected": 1,
    "dso": Decimal("6.00"),  # 50 / 250 * 30
    "dso_stuut_touched": Decimal("0.00"),
    "invoices_touched_and_collected_ratio": Decimal("1.0000"),
    "avg_days_to_pay_from_due": Decimal("-18.00"),  # (-21 - 15) / 2
    "avg_days_to_pay_from_issued": Decimal("12.00"),  # (9 + 15) / 2
}
# Fields checked on their own: (interval, as_of, from, customer, period_start) -> {field: value}
HAND_FIELDS: dict[tuple, dict[str, object]] = {
    # 1.00 / 248.00 * 31 = 0.125 exactly: half-up gives 0.13.
    ("monthly", "2026-06-30", None, ROUNDING, "2026-05-01"): {"balance": 100, "dso": Decimal("0.13")},
    # A partial last period: 1 to 14 February; the void's second payment (15 Feb) is after A.
    ("monthly", "2026-02-14", None, FLOW, "2026-02-01"): {
        "period_end": "2026-02-14",
        "amount_collected": 56000,  # 100 + 60 + 100 + 100 + 100 + 100 (tz_touch)
        "invoices_paid": 4,  # same_instant, null_status, automated, tz_touch
        "balance": 19000,  # not_touches 40, mixed 50, reversal 100; the void no longer exists
    },
    ("all", "2026-06-30", "2026-01-01", FLOW, "2026-01-01"): {
        "period_end": "2026-06-30",
        "invoices_issued": 9,
    },
    # Paid before it is issued: the allocation alone makes the March row; settled on its issue date.
    ("monthly", "2026-06-30", None, PREPAID, "2026-03-01"): {
        "balance": 0,
        "amount_issued": 0,
        "amount_collected": 10000,
        "invoices_collected": 1,
        "invoices_paid": 0,
        "dso": None,
    },
    ("monthly", "2026-06-30", None, PREPAID, "2026-04-01"): {
        "balance": 0,
        "amount_issued": 10000,
        "invoices_issued": 1,
        "amount_collected": 0,
        "invoices_paid": 1,
        "dso": Decimal("0.00"),
        "avg_days_to_pay_from_due": Decimal("-30.00"),
        "avg_days_to_pay_from_issued": Decimal("0.00"),
    },
}
# Months each hand-written customer must have a row for (monthly, A = 2026-06-30, default F).
MONTHS_OF_2026 = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
HAND_MONTHS = {
    GAP: ["2025-08", "2025-09", "2025-12", *MONTHS_OF_2026],
    VOID_ONLY: ["2026-03"],
    YEAR_END: ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"],
    QUIET: ["2025-10", "2025-11", "2025-12", *MONTHS_OF_2026],
    ROUNDING: ["2026-05", "2026-06"],
    PREPAID: ["2026-03", "2026-04"],
    SPELLING: ["2026-04", "2026-05", "2026-06"],
}


# ---------------------------------------------------------------------------------------------------------------
# Fixture and comparison helpers
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class World:
    data: Path
    reading: Reading


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("collections_independent")
    generate(data, invoices=N_INVOICES, seed=SEED)
    add_edge_files(data / "raw")
    build(data)
    return World(data=data, reading=read_raw(data / "raw"))


@dataclass(frozen=True)
class Case:
    name: str
    interval: str
    as_of: str | None = None  # None: the last date of the data
    first: str | None = None  # None: the default F; "-91": 91 days before A
    units: bool = False  # filter on two of the organization's units, an unknown one, and not the null unit

    def resolve(
        self, reading: Reading, org: str
    ) -> tuple[datetime.date, datetime.date | None, list[str] | None]:
        as_of = reading.last_date if self.as_of is None else day(self.as_of)
        first = None
        if self.first is not None:
            first = (
                as_of + datetime.timedelta(days=int(self.first)) if self.first[0] == "-" else day(self.first)
            )
        units = None
        if self.units:
            known = sorted(
                {
                    c.business_unit_id
                    for c in reading.customers.values()
                    if c.organization_id == org and c.business_unit_id is not None
                }
            )
            units = (["bu_101", "bu_102"] if org == EDGE_ORG else known[:2]) + ["bu_not_a_unit"]
        return as_of, first, units


CASES = (
    Case("monthly", "monthly"),
    Case("weekly-last-3-months", "weekly", first="-91"),
    Case("weekly-across-year-end", "weekly", as_of="2026-03-31", first="2025-11-26"),
    Case("all", "all"),
    Case("all-from", "all", first="2026-01-01"),
    Case("monthly-mid-month", "monthly", as_of="2026-02-14"),
    Case("monthly-units", "monthly", units=True),
    Case("all-units-from", "all", first="2025-07-15", units=True),
)
ORGANIZATIONS = ("org_001", "org_002", "org_003")


def actual_rows(world: World, org: str, case: Case) -> list[dict]:
    as_of, first, units = case.resolve(world.reading, org)
    params: dict[str, object] = {"organization_id": org, "interval": case.interval, "as_of": as_of}
    if first is not None:
        params["from_"] = first
    if units is not None:
        params["business_unit_id__in"] = units
    return collections_summary_by_customer(world.data, **params)["data"]


def fail(what: str, mismatches: list, header: str) -> None:
    if mismatches:
        lines = [f"  {m}" for m in mismatches[:SHOW]]
        pytest.fail(
            f"{what}: {len(mismatches)} mismatch(es); first {len(lines)} as {header}:\n" + "\n".join(lines),
            pytrace=False,
        )


def same(expected: object, actual: object) -> bool:
    """Equal values of the same kind: int for money and counts, Decimal or None for the ratios, text."""
    if expected is None or actual is None:
        return expected is actual
    if isinstance(expected, Decimal):
        return isinstance(actual, Decimal) and expected == actual
    if isinstance(expected, int):
        return type(actual) is int and expected == actual
    return expected == actual


def compare(what: str, expected: list[dict], actual: list[dict]) -> None:
    key = lambda r: (r["partner_id"], r["period_start"])  # noqa: E731
    wrong_fields = [(key(r), sorted(set(r) ^ set(FIELDS))) for r in actual if set(r) != set(FIELDS)]
    fail(f"{what}: field names", wrong_fields, "((partner, period), fields missing or extra)")

    want = {key(r): r for r in expected}
    got: dict[tuple, dict] = {}
    duplicated = []
    for r in actual:
        if key(r) in got:
            duplicated.append(key(r))
        got[key(r)] = r
    fail(f"{what}: rows listed more than once", duplicated, "(partner, period_start)")
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    if missing or extra:
        pytest.fail(
            f"{what}: {len(missing)} expected row(s) missing {missing[:SHOW]}, "
            f"{len(extra)} unexpected row(s) present {extra[:SHOW]}"
            + "".join(f"\n  unexpected: {got[k]}" for k in extra[:3])
            + "".join(f"\n  missing: {want[k]}" for k in missing[:3]),
            pytrace=False,
        )

    mismatches = []
    per_field: dict[str, int] = defaultdict(int)
    for k, w in want.items():
        g = got[k]
        for name in FIELDS:
            if not same(w[name], g[name]):
                mismatches.append((k, name, w[name], g[name]))
                per_field[name] += 1
    if mismatches:
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(per_field.items()))
        fail(
            f"{what} (per field: {summary})", mismatches, "((partner, period_start), field, expected, report)"
        )

    order = [key(r) for r in actual]
    assert order == [key(r) for r in expected], (
        f"{what}: rows not ordered by period_start, partner_name, partner_id"
    )


# ---------------------------------------------------------------------------------------------------------------
# The independent side itself, against values worked out by hand
# ---------------------------------------------------------------------------------------------------------------


def _hand_row(world: World, key: tuple) -> dict | None:
    interval, as_of, first, customer, period_start = key
    rows = expected_rows(world.reading, EDGE_ORG, interval, day(as_of), None if first is None else day(first))
    found = [r for r in rows if r["partner_id"] == customer and r["period_start"] == period_start]
    return found[0] if found else None


def test_independent_side_matches_hand_worked_values(world: World):
    reading = world.reading
    mismatches = []
    for key, values in (HAND_ROWS | HAND_FIELDS).items():
        row = _hand_row(world, key)
        if row is None:
            mismatches.append((key, "row", "emitted", None))
            continue
        for name, value in values.items():
            if not same(value, row[name]):
                mismatches.append((key, name, value, row[name]))
    for key in HAND_ROWS:
        assert set(HAND_ROWS[key]) == set(FIELDS) - set(TEXT) - {"period_start"}, f"incomplete hand row {key}"

    monthly = expected_rows(reading, EDGE_ORG, "monthly", day("2026-06-30"))
    for customer, months in HAND_MONTHS.items():
        got = [r["period_start"][:7] for r in monthly if r["partner_id"] == customer]
        if got != months:
            mismatches.append((customer, "months with a row", months, got))

    # Defaults: drafts, payables and invoices of unknown customers do not move F; null unit after dedupe.
    first_org = min(
        inv.issued_on
        for inv in reading.invoices.values()
        if reading.customers[inv.customer_id].organization_id == EDGE_ORG
        and inv.customer_id.startswith("cus_0")
    )
    assert reading.first_issued(EDGE_ORG) == first_org > day("2024-06-01")
    assert reading.customers[NO_UNIT].business_unit_id is None
    assert reading.customers[NO_UNIT].name == "No Unit Traders"
    assert [t for t, _ in reading.invoices["inv_c_tz_touch"].touches] == [ts("2026-02-10T03:00")]
    assert reading.invoices["inv_c_not_touches"].touches == []
    assert reading.invoices["inv_c_gap_open"].due_on == day("2025-12-10")
    assert reading.last_date == day("2026-06-30")
    fail("independent side vs hand-worked values", mismatches, "(key, field, hand, independent)")


# ---------------------------------------------------------------------------------------------------------------
# The report against the independent side
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("org", ORGANIZATIONS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_collections_summary_matches_independent_reading(world: World, case: Case, org: str):
    as_of, first, units = case.resolve(world.reading, org)
    expected = expected_rows(world.reading, org, case.interval, as_of, first, units)
    actual = actual_rows(world, org, case)
    # The customer with the status words of its own is compared by its own test.
    expected = [r for r in expected if r["partner_id"] != SPELLING]
    actual = [r for r in actual if r["partner_id"] != SPELLING]
    what = f"{org} {case.name} (A={as_of}, F={first or 'default'}, units={units})"
    compare(what, expected, actual)

    # The comparison means something: enough rows, and the rare measures are exercised.
    assert len(expected) >= (3 if case.interval == "all" else 40), f"{what}: only {len(expected)} rows"
    if case.interval != "all":
        for name in ("amount_collected_stuut_touched", "amount_collected_automated", "invoices_paid"):
            assert any(r[name] for r in expected), f"{what}: {name} is zero everywhere"
    if units is not None:
        allowed = {c.customer_id for c in world.reading.customers.values() if c.business_unit_id in units}
        assert {r["partner_id"] for r in actual} <= allowed, f"{what}: customers outside the units"
        assert NO_UNIT not in {r["partner_id"] for r in actual}
        if org == EDGE_ORG:
            assert {FLOW, QUIET} <= {r["partner_id"] for r in actual}
    elif org == EDGE_ORG and case.name != "monthly-mid-month":
        assert {FLOW, YEAR_END, QUIET, NO_UNIT} <= {r["partner_id"] for r in expected}


def test_empty_business_unit_list_selects_no_customer(world: World):
    """business_unit_id__in = []: no customer's unit is in the list."""
    as_of = world.reading.last_date
    assert expected_rows(world.reading, EDGE_ORG, "monthly", as_of, units=[]) == []
    got = collections_summary_by_customer(
        world.data, organization_id=EDGE_ORG, interval="monthly", as_of=as_of, business_unit_id__in=[]
    )
    assert got["data"] == []


@pytest.mark.parametrize("case", [c for c in CASES if c.name in ("monthly", "all")], ids=lambda c: c.name)
def test_status_words_are_exact(world: World, case: Case):
    """Only the documented words exclude: an outreach status "cancelled" is a touch (not in draft, failed,
    bounced, canceled), payments "cancelled" and "Failed" move money (not failed or canceled), and an invoice
    whose status is "Draft" exists (not draft)."""
    as_of, first, units = case.resolve(world.reading, EDGE_ORG)
    expected = expected_rows(world.reading, EDGE_ORG, case.interval, as_of, first, units)
    actual = actual_rows(world, EDGE_ORG, case)
    spelled = [r for r in expected if r["partner_id"] == SPELLING]
    assert spelled, f"the independent reading has no row of {SPELLING} for {case.name}: nothing is compared"
    compare(
        f"{EDGE_ORG} {case.name} (A={as_of}), customer {SPELLING}",
        spelled,
        [r for r in actual if r["partner_id"] == SPELLING],
    )
