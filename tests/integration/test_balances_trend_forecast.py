"""customer-balances, aging-invoices, aging-trend and cash-forecast on a hand-built fixture, through the real
build, the real CLI and the Python API.

As-of date D = 2025-06-30 unless a test says otherwise; organization o1 (USD), and o2 so that organization_id is
required. Every expected value below is worked out by hand from these rows:

Cash Corp (c_cash), the cash edge cases:
  i_c1 500, issued 06-01, due 06-15; paid by p1 (500, received 06-20) through a1 applied 07-05: at D the cash is
       received but unapplied, and i_c1 is open; on 07-10 both are settled.
  i_c2 300, issued 04-01, due 05-01; p2 (300, 05-01) applied the same day (a2, no applied_at), then reversed on
       06-10 (a2r, -300): at D p2 is unapplied cash again and i_c2 open (settled_on stays 05-01).
  i_c3 80, issued 02-01, due 03-01, and i_c4 200, issued 02-01, due 03-03: p3 (100, 03-01) is allocated 80 + 50 =
       130, over its amount (unapplied floored at 0); i_c4 keeps 150 open.
  p4 (1,000, 06-25) failed: its allocation of 1,000 to i_c4 is ignored, and it is no unapplied cash.
  i_c5 200, issued 04-01, due 04-30, overpaid by p5 (250, 04-10): a credit of 50 (settled 04-10, 20 days early).
  p7 (70) received 07-02, after D: unapplied from then on.
  At D: receivable 500 + 300 + 150 = 950 (3 open, oldest due 03-03); unapplied 500 (p1) + 300 (p2) = 800 (2
  payments); credits 50; net 950 - 800 - 50 = 100.
Late LLC (c_late): i_l1 100 due 01-31 paid 03-02 (30 days late), i_l2 300 due 02-28 paid 03-10 (10 days late):
  average (30 x 100 + 10 x 300) / 400 = 15.00, rating B. Open: i_l3 1,000 due 06-30; i_l4 200 due 03-03 promised
  for 08-10; i_l5 250 issued 06-15 due 10-15.
Early Inc (c_early): i_e1 100 due 05-31 paid 05-26 (-5), i_e2 100 due 05-31 paid 05-31 (0) by p_e2 (150, of which
  50 stays unapplied): average -500 / 200 = -2.50, rating A, shift -3 (half away from zero). Open: i_e3 400 due
  07-17, i_e4 50 due 07-01.
New Ltd (c_new): no invoice settled in the window (i_n0 settled 2024-02-10, before D - 365; i_n2 voided 05-05
  and paid 05-10, after its voiding); unrated. Open: i_n1 600 due 07-07.
Dispute Co (c_disp): i_d1 700 due 05-31 in dispute; i_d2 900 due 04-30 promised for 06-15 (in the past), in_dispute
  null (not disputed). Unrated.
Zero Zed (c_zero): no invoices, no payments.

Organization o1's average over the window (2024-06-30, 2025-06-30]: i_c2 (0 days, 300), i_c3 (0, 80), i_c5 (-20,
200), i_l1 (30, 100), i_l2 (10, 300), i_e1 (-5, 100), i_e2 (0, 100): (-4,000 + 3,000 + 3,000 - 500) / 1,180 =
1.2711... -> 1.27, shift +1. Cash Corp: -4,000 / 580 = -6.8965... -> -6.90, rating A, shift -7.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from decimal import Decimal

import pytest
from support import query, write_parquet

from arlake import reports
from arlake.demo import next_steps
from arlake.errors import NotFoundError, ParameterError

pytestmark = pytest.mark.slow
ORG = "o1"
D = "2025-06-30"


def _rows(*rows: str) -> str:
    return "(values " + ", ".join(rows) + ")"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from arlake.build import build

    d = tmp_path_factory.mktemp("beyond")
    raw = d / "raw"
    write_parquet(
        raw / "organizations" / "o.parquet",
        "select * from (values ('o1', 'Fixture Co', 'USD'), ('o2', 'Other Org', 'EUR'))"
        " t(organization_id, name, base_currency)",
    )
    write_parquet(
        raw / "customers" / "c.parquet",
        "select * from (values ('c_cash', 'o1', 'Cash Corp'), ('c_late', 'o1', 'Late LLC'),"
        " ('c_early', 'o1', 'Early Inc'), ('c_new', 'o1', 'New Ltd'), ('c_disp', 'o1', 'Dispute Co'),"
        " ('c_zero', 'o1', 'Zero Zed'), ('c_x', 'o2', 'Elsewhere')) t(customer_id, organization_id, name)",
    )
    invoices = [
        # id, customer, total, issued, due, voided, in_dispute, promised
        ("i_c1", "c_cash", "500", "2025-06-01", "2025-06-15", None, "false", None),
        ("i_c2", "c_cash", "300", "2025-04-01", "2025-05-01", None, "false", None),
        ("i_c3", "c_cash", "80", "2025-02-01", "2025-03-01", None, "false", None),
        ("i_c4", "c_cash", "200", "2025-02-01", "2025-03-03", None, "false", None),
        ("i_c5", "c_cash", "200", "2025-04-01", "2025-04-30", None, "false", None),
        ("i_l1", "c_late", "100", "2025-01-01", "2025-01-31", None, "false", None),
        ("i_l2", "c_late", "300", "2025-02-01", "2025-02-28", None, "false", None),
        ("i_l3", "c_late", "1000", "2025-06-01", "2025-06-30", None, "false", None),
        ("i_l4", "c_late", "200", "2025-02-01", "2025-03-03", None, "false", "2025-08-10"),
        ("i_l5", "c_late", "250", "2025-06-15", "2025-10-15", None, "false", None),
        ("i_e1", "c_early", "100", "2025-05-01", "2025-05-31", None, "false", None),
        ("i_e2", "c_early", "100", "2025-05-01", "2025-05-31", None, "false", None),
        ("i_e3", "c_early", "400", "2025-06-20", "2025-07-17", None, "false", None),
        ("i_e4", "c_early", "50", "2025-06-25", "2025-07-01", None, "false", None),
        ("i_n0", "c_new", "100", "2024-01-01", "2024-01-31", None, "false", None),
        ("i_n1", "c_new", "600", "2025-06-10", "2025-07-07", None, "false", None),
        ("i_n2", "c_new", "100", "2025-05-01", "2025-05-31", "2025-05-05", "false", None),
        ("i_d1", "c_disp", "700", "2025-05-01", "2025-05-31", None, "true", None),
        ("i_d2", "c_disp", "900", "2025-04-01", "2025-04-30", None, "null", "2025-06-15"),
        ("i_x1", "c_x", "70", "2025-01-01", "2025-01-01", None, "false", None),
    ]

    def day(v):
        return "null::date" if v is None else f"date '{v}'"

    def moment(v):
        return "null::timestamp" if v is None else f"timestamp '{v} 09:00:00'"

    write_parquet(
        raw / "invoices" / "i.parquet",
        "select * from "
        + _rows(
            *(
                f"('{i}', '{'o2' if c == 'c_x' else 'o1'}', '{c}', 'N-{i}', {t}::decimal(18,2), "
                f"timestamp '{iss} 09:00:00', {day(due)}, {moment(v)}, {disp}::boolean, {day(prom)})"
                for i, c, t, iss, due, v, disp, prom in invoices
            )
        )
        + " t(invoice_id, organization_id, customer_id, number, total_amount, issued_at, due_date, voided_at,"
        " in_dispute, promised_to_pay_date)",
    )
    payments = [
        ("p1", "c_cash", "500", "2025-06-20", "succeeded"),
        ("p2", "c_cash", "300", "2025-05-01", "succeeded"),
        ("p3", "c_cash", "100", "2025-03-01", "succeeded"),
        ("p4", "c_cash", "1000", "2025-06-25", "failed"),
        ("p5", "c_cash", "250", "2025-04-10", "succeeded"),
        ("p7", "c_cash", "70", "2025-07-02", "succeeded"),
        ("p_l1", "c_late", "100", "2025-03-02", "succeeded"),
        ("p_l2", "c_late", "300", "2025-03-10", "succeeded"),
        ("p_e1", "c_early", "100", "2025-05-26", "succeeded"),
        ("p_e2", "c_early", "150", "2025-05-31", "succeeded"),
        ("p_n0", "c_new", "100", "2024-02-10", "succeeded"),
        ("p_n2", "c_new", "100", "2025-05-10", "succeeded"),
    ]
    write_parquet(
        raw / "payments" / "p.parquet",
        "select * from "
        + _rows(
            *(
                f"('{p}', 'o1', '{c}', {a}::decimal(18,2), timestamp '{r} 12:00:00', '{s}')"
                for p, c, a, r, s in payments
            )
        )
        + " t(payment_id, organization_id, customer_id, amount, received_at, status)",
    )
    allocations = [
        ("a1", "p1", "i_c1", "500", "2025-07-05"),
        ("a2", "p2", "i_c2", "300", None),
        ("a2r", "p2", "i_c2", "-300", "2025-06-10"),
        ("a3a", "p3", "i_c3", "80", None),
        ("a3b", "p3", "i_c4", "50", None),
        ("a4", "p4", "i_c4", "1000", "2025-06-25"),
        ("a5", "p5", "i_c5", "250", None),
        ("a_l1", "p_l1", "i_l1", "100", None),
        ("a_l2", "p_l2", "i_l2", "300", None),
        ("a_e1", "p_e1", "i_e1", "100", None),
        ("a_e2", "p_e2", "i_e2", "100", None),
        ("a_n0", "p_n0", "i_n0", "100", None),
        ("a_n2", "p_n2", "i_n2", "100", None),
    ]
    write_parquet(
        raw / "payment_allocations" / "a.parquet",
        "select * from "
        + _rows(
            *(f"('{a}', '{p}', '{i}', {m}::decimal(18,2), {moment(at)})" for a, p, i, m, at in allocations)
        )
        + " t(allocation_id, payment_id, invoice_id, amount, applied_at)",
    )
    build(d)
    return d


def _money(text: str) -> Decimal:
    return Decimal(text)


# ---------------------------------------------------------------- customer-balances


def _balance(cid, name, receivable, unapplied, credits, net, open_invoices, payments, oldest):
    return {
        "customer_id": cid,
        "customer_name": name,
        "receivable": _money(receivable),
        "unapplied_cash": _money(unapplied),
        "credits": _money(credits),
        "net_balance": _money(net),
        "open_invoices": open_invoices,
        "payments_with_unapplied_cash": payments,
        "oldest_open_due_on": oldest,
    }


def test_customer_balances_show_unapplied_cash_and_credits(cli, data):
    r = cli("report", "customer-balances", "--data", data, "--organization-id", ORG, "--as-date", D)
    assert r.code == 0, r
    out = json.loads(r.out, parse_float=Decimal)
    assert out["query"] == {"as_date": D, "organization_id": ORG, "customer_ids": []}
    assert out["meta"] == {"organization_name": "Fixture Co", "base_currency": "USD"}
    # Ordered by name; Zero Zed owes and holds nothing, so it is not listed.
    assert out["customers"] == [
        _balance("c_cash", "Cash Corp", "950.00", "800.00", "50.00", "100.00", 3, 2, "2025-03-03"),
        _balance("c_disp", "Dispute Co", "1600.00", "0", "0", "1600.00", 2, 0, "2025-04-30"),
        # p_e2 paid 150 for i_e2 (100): 50 unapplied.
        _balance("c_early", "Early Inc", "450.00", "50.00", "0", "400.00", 2, 1, "2025-07-01"),
        _balance("c_late", "Late LLC", "1450.00", "0", "0", "1450.00", 3, 0, "2025-03-03"),
        # p_n2 went to i_n2, voided before it was paid: applied all the same (voided invoices count).
        _balance("c_new", "New Ltd", "600.00", "0", "0", "600.00", 1, 0, "2025-07-07"),
    ]
    assert out["total"] == {
        "receivable": Decimal("5050.00"),
        "unapplied_cash": Decimal("850.00"),
        "credits": Decimal("50.00"),
        "net_balance": Decimal("4150.00"),
        "open_invoices": 11,
        "payments_with_unapplied_cash": 3,
    }
    summary = reports.receivable_aging_summary(data, organization_id=ORG, as_date=D, aging_periods=4)
    assert out["total"]["receivable"] == summary["data"]["total"]["total"]["amount"]


def test_customer_balances_after_the_late_allocation(data):
    # 07-10: a1 (07-05) settled i_c1 and used p1; p7 (07-02) is received and unapplied; p2 still reversed.
    out = reports.customer_balances(
        data, organization_id=ORG, as_date="2025-07-10", customer_ids=["c_cash", "nobody"]
    )
    assert out["query"]["customer_ids"] == ["c_cash", "nobody"]
    assert out["customers"] == [
        _balance("c_cash", "Cash Corp", "450.00", "370.00", "50.00", "30.00", 2, 2, "2025-03-03")
    ]
    assert out["total"]["net_balance"] == Decimal("30.00")
    # 2025-05-15: p2 is applied (reversal on 06-10 not yet), p1 not received: no unapplied cash; i_c5 in credit.
    out = reports.customer_balances(data, organization_id=ORG, as_date="2025-05-15", customer_ids=["c_cash"])
    assert out["customers"] == [
        _balance("c_cash", "Cash Corp", "150.00", "0", "50.00", "100.00", 1, 0, "2025-03-03")
    ]
    # A customer named but owing and holding nothing is not listed.
    out = reports.customer_balances(data, organization_id=ORG, as_date=D, customer_ids=["c_zero"])
    assert out["customers"] == [] and out["total"]["receivable"] == 0


def test_payment_grain_mart_floors_over_allocation_and_ignores_failed_payments(data):
    rows = query(
        data / "warehouse.duckdb",
        "select payment_id, applied, unapplied, is_over_applied from payment_balances_as_of"
        " where customer_id = 'c_cash' order by payment_id",
        as_of_date=dt.date(2025, 6, 30),
    )
    assert rows == [
        ("p1", Decimal("0.00"), Decimal("500.00"), False),  # allocated on 07-05
        ("p2", Decimal("0.00"), Decimal("300.00"), False),  # 300 - 300 reversed
        ("p3", Decimal("130.00"), Decimal("0.00"), True),  # 80 + 50 > 100
        ("p5", Decimal("250.00"), Decimal("0.00"), False),
    ]  # p4 failed, p7 not yet received


# ---------------------------------------------------------------- aging-invoices

# Ages at D on the due basis (D - due): current i_l3 0, i_e4 -1, i_n1 -7, i_e3 -17, i_l5 -107; 1-30: i_d1 30,
# i_c1 15; 31-60: i_c2 60; 61-90: i_d2 61; 91+: i_c4 and i_l4 119 (tie: invoice id).
CELLS = {
    "current": (["i_l3", "i_e4", "i_n1", "i_e3", "i_l5"], "2300.00"),
    1: (["i_d1", "i_c1"], "1200.00"),
    2: (["i_c2"], "300.00"),
    3: (["i_d2"], "900.00"),
    4: (["i_c4", "i_l4"], "350.00"),
}


def test_aging_invoices_every_cell_lists_its_invoices(cli, data):
    summary = reports.receivable_aging_summary(data, organization_id=ORG, as_date=D, aging_periods=4)
    cells = [summary["data"]["total"]["current"]] + [a["total"] for a in summary["data"]["total"]["aging"]]
    for (bucket, (ids, amount)), cell in zip(CELLS.items(), cells, strict=True):
        out = reports.aging_invoices(data, organization_id=ORG, as_date=D, bucket=bucket)
        assert [row["invoice_id"] for row in out["data"]] == ids
        assert out["total"] == {"invoices": len(ids), "outstanding": Decimal(amount)} and cell[
            "amount"
        ] == Decimal(amount)
    r = cli(
        "report", "aging-invoices", "--data", data, "--organization-id", ORG, "--as-date", D, "--bucket", "4"
    )
    assert r.code == 0, r
    out = json.loads(r.out, parse_float=Decimal)
    assert out["query"] == {
        "as_date": D,
        "basis": "due_date",
        "aging_days_before": 30,
        "aging_periods": 4,
        "customer_id": None,
        "bucket": 4,
        "page": 1,
        "limit": 100,
        "organization_id": ORG,
    }
    assert out["data"][0] == {
        "invoice_id": "i_c4",
        "number": "N-i_c4",
        "customer_id": "c_cash",
        "customer_name": "Cash Corp",
        "issued_on": "2025-02-01",
        "due_on": "2025-03-03",
        "total_amount": Decimal("200.00"),
        "outstanding": Decimal("150.00"),
        "age_days": 119,
        "bucket_index": 4,
        "bucket_label": "91+",
    }
    assert out["meta"] == {"page": 1, "limit": 100, "pages": 1}


def test_aging_invoices_pages_and_the_customer_cell(data):
    pages = [
        reports.aging_invoices(data, organization_id=ORG, as_date=D, bucket="current", limit=2, page=page)
        for page in (1, 2, 3, 4)
    ]
    assert [[r["invoice_id"] for r in p["data"]] for p in pages] == [
        ["i_l3", "i_e4"],
        ["i_n1", "i_e3"],
        ["i_l5"],
        [],
    ]
    assert [r["age_days"] for r in pages[1]["data"]] == [-7, -17]  # signed ages, not-yet-due negative
    assert all(p["meta"]["pages"] == 3 and p["total"]["outstanding"] == Decimal("2300.00") for p in pages)
    out = reports.aging_invoices(data, organization_id=ORG, as_date=D, customer_id="c_cash")
    assert [(r["invoice_id"], r["bucket_label"]) for r in out["data"]] == [
        ("i_c4", "91+"),
        ("i_c2", "31-60"),
        ("i_c1", "1-30"),
    ]
    assert out["total"] == {"invoices": 3, "outstanding": Decimal("950.00")}
    empty = reports.aging_invoices(data, organization_id=ORG, as_date=D, customer_id="c_zero")
    assert empty["total"] == {"invoices": 0, "outstanding": 0} and empty["meta"]["pages"] == 0


def test_aging_invoices_on_the_issue_basis(data):
    # Ages D - issued: i_c1, i_l3 29; i_n1 20; i_l5 15; i_e3 10; i_e4 5 (bucket 1 holds 0..30, labelled 1-30);
    # i_d1 60; i_c2, i_d2 90; i_c4, i_l4 149. Nothing is current on this basis.
    out = reports.aging_invoices(data, organization_id=ORG, as_date=D, basis="issue_date", bucket=1)
    assert [r["invoice_id"] for r in out["data"]] == ["i_c1", "i_l3", "i_n1", "i_l5", "i_e3", "i_e4"]
    assert {r["bucket_label"] for r in out["data"]} == {"1-30"}
    assert out["total"]["outstanding"] == Decimal("2800.00")
    current = reports.aging_invoices(
        data, organization_id=ORG, as_date=D, basis="issue_date", bucket="current"
    )
    assert current["data"] == [] and current["total"]["invoices"] == 0
    # Built.africa's aged receivables age by issue date with the same 4 buckets: the cells agree.
    aged = reports.aged_receivables(data, organization_id=ORG, date=D)
    assert aged["summaries"]["total_1_To_30_days"] == Decimal("2800.00")


# ---------------------------------------------------------------- aging-trend


def _trend_row(start, end, current, buckets, total, open_invoices):
    return {
        "period_start": start,
        "period_end": end,
        "current": Decimal(current),
        "buckets": [Decimal(b) for b in buckets],
        "total": Decimal(total),
        "overdue": Decimal(total) - Decimal(current),
        "open_invoices": open_invoices,
    }


def test_aging_trend_of_one_customer(cli, data):
    # Cash Corp on 04-30: i_c2 300 due 05-01 (current), i_c4 150 58 days late; 05-31: i_c2 paid, i_c4 89 days;
    # 06-30: i_c1 500 (15), i_c2 reopened 300 (60), i_c4 150 (119).
    r = cli(
        "report", "aging-trend", "--data", data, "--organization-id", ORG, "--customer-id", "c_cash",
        "--from", "2025-04-15", "--as-of", D,
    )  # fmt: skip
    assert r.code == 0, r
    out = json.loads(r.out, parse_float=Decimal)
    assert out["query"] == {
        "interval": "monthly",
        "from": "2025-04-15",
        "as_of": D,
        "aging_days_before": 30,
        "aging_periods": 4,
        "basis": "due_date",
        "customer_id": "c_cash",
        "organization_id": ORG,
    }
    assert out["data"] == [
        _trend_row("2025-04-01", "2025-04-30", "300", ["0", "150", "0", "0"], "450", 2),
        _trend_row("2025-05-01", "2025-05-31", "0", ["0", "0", "150", "0"], "150", 1),
        _trend_row("2025-06-01", "2025-06-30", "0", ["500", "300", "0", "150"], "950", 3),
    ]


def test_aging_trend_weeks_end_at_the_as_of_date_and_from_defaults_to_the_first_invoice(data):
    out = reports.aging_trend(
        data, organization_id=ORG, interval="weekly", from_="2025-06-20", as_of="2025-07-02"
    )
    # ISO weeks from the one holding 06-20 (Monday 06-16) to the one holding 07-02, cut at 07-02.
    assert [(r["period_start"], r["period_end"]) for r in out["data"]] == [
        ("2025-06-16", "2025-06-22"),
        ("2025-06-23", "2025-06-29"),
        ("2025-06-30", "2025-07-02"),
    ]
    # o1 on 06-22: i_c1, i_c2, i_c4, i_l3, i_l4, i_l5, i_e3, i_d1, i_d2, i_n1 (i_e4 is issued 06-25).
    assert out["data"][0]["total"] == Decimal("5000.00") and out["data"][0]["open_invoices"] == 10
    out = reports.aging_trend(data, organization_id=ORG, as_of="2024-03-15")
    assert out["query"]["from"] == "2024-01-01"  # i_n0, o1's first invoice
    assert [(r["period_start"], r["total"]) for r in out["data"]] == [
        ("2024-01-01", Decimal("100.00")),  # i_n0 open, paid 02-10
        ("2024-02-01", 0),
        ("2024-03-01", 0),  # zero rows included
    ]


# ---------------------------------------------------------------- cash-forecast

EXPECTED_ON = {
    "i_c1": "2025-07-01",  # 06-15 - 7 = 06-08, on or before D: D + 1
    "i_c2": "2025-07-01",
    "i_c4": "2025-07-01",
    "i_l3": "2025-07-15",  # 06-30 + 15
    "i_l4": "2025-08-10",  # the promise
    "i_l5": "2025-10-30",  # 10-15 + 15
    "i_e3": "2025-07-14",  # 07-17 - 3 (-2.50 rounds to -3)
    "i_e4": "2025-07-01",  # 07-01 - 3 = 06-28: D + 1
    "i_n1": "2025-07-08",  # unrated: the organization's 1.27 -> +1
    "i_d1": None,  # disputed
    "i_d2": "2025-07-01",  # the promise (06-15) is past: 04-30 + 1, then D + 1
}


def test_cash_forecast_groups_and_payer_behaviour(cli, data):
    rows = query(
        data / "warehouse.duckdb",
        "select invoice_id, expected_on from cash_forecast_invoices where organization_id = 'o1'",
        as_of_date=dt.date(2025, 6, 30),
    )
    assert {i: (e.isoformat() if e else None) for i, e in rows} == EXPECTED_ON
    r = cli("report", "cash-forecast", "--data", data, "--organization-id", ORG, "--as-date", D)
    assert r.code == 0, r
    out = json.loads(r.out, parse_float=Decimal)
    assert out["query"] == {"as_date": D, "lookback_days": 365, "organization_id": ORG}
    week_amounts = {1: ("1900.00", 5), 2: ("1000.00", 2), 3: ("1000.00", 1), 6: ("200.00", 1)}
    start = dt.date(2025, 6, 30)
    assert out["weeks"] == [
        {
            "week": k,
            "from": (start + dt.timedelta(days=7 * (k - 1) + 1)).isoformat(),
            "to": (start + dt.timedelta(days=7 * k)).isoformat(),
            "amount": Decimal(week_amounts.get(k, ("0", 0))[0]),
            "invoices": week_amounts.get(k, ("0", 0))[1],
        }
        for k in range(1, 14)
    ]
    assert out["weeks"][0]["from"] == "2025-07-01" and out["weeks"][12]["to"] == "2025-09-29"
    assert out["later"] == {"from": "2025-09-30", "amount": Decimal("250.00"), "invoices": 1}
    assert out["disputed"] == {"amount": Decimal("700.00"), "invoices": 1}
    assert out["total"] == {"amount": Decimal("5050.00"), "invoices": 11}
    assert out["customers"] == [
        {"customer_id": "c_cash", "customer_name": "Cash Corp", "average_days_late": Decimal("-6.90"),
         "rating": "A", "settled_invoices": 3, "open_amount": Decimal("950.00")},
        {"customer_id": "c_disp", "customer_name": "Dispute Co", "average_days_late": None,
         "rating": "unrated", "settled_invoices": 0, "open_amount": Decimal("1600.00")},
        {"customer_id": "c_early", "customer_name": "Early Inc", "average_days_late": Decimal("-2.50"),
         "rating": "A", "settled_invoices": 2, "open_amount": Decimal("450.00")},
        {"customer_id": "c_late", "customer_name": "Late LLC", "average_days_late": Decimal("15.00"),
         "rating": "B", "settled_invoices": 2, "open_amount": Decimal("1450.00")},
        {"customer_id": "c_new", "customer_name": "New Ltd", "average_days_late": None,
         "rating": "unrated", "settled_invoices": 0, "open_amount": Decimal("600.00")},
    ]  # fmt: skip


def test_cash_forecast_with_no_lookback_shifts_nothing(data):
    # Everyone unrated, no shift: i_l3 due D -> D + 1 (week 1); i_n1 07-07 (week 1); i_e3 07-17 (17 days: week 3);
    # i_l5 10-15 (107 days: later); the promise of i_l4 still holds (week 6).
    out = reports.cash_forecast(data, organization_id=ORG, as_date=D, lookback_days=0)
    assert [(w["week"], w["amount"]) for w in out["weeks"] if w["invoices"]] == [
        (1, Decimal("3500.00")),
        (3, Decimal("400.00")),
        (6, Decimal("200.00")),
    ]
    assert {c["rating"] for c in out["customers"]} == {"unrated"}
    assert out["total"]["amount"] == Decimal("5050.00")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["aging-invoices", "--bucket", "7"], 2, ["bucket", "from 1 to 4"]),
        (["aging-invoices", "--bucket", "overdue"], 2, ["bucket", "current or a bucket number"]),
        (["aging-invoices", "--bucket", "0"], 2, ["bucket"]),
        (["aging-invoices", "--bucket", "5", "--aging-periods", "5"], 0, []),
        (["aging-invoices", "--limit", "1001"], 2, ["limit", "<= 1000"]),
        (["aging-invoices", "--page", "0"], 2, ["page", ">= 1"]),
        (["aging-invoices", "--basis", "due"], 2, ["basis", "due_date, issue_date"]),
        (["aging-invoices", "--customer-id", "nobody"], 4, ["nobody"]),
        (["aging-invoices", "--customer-id", "c_x"], 4, ["c_x"]),
        (["aging-trend", "--from", "2025-07-01", "--as-of", D], 2, ["from", "as_of"]),
        (["aging-trend", "--interval", "all"], 2, ["interval", "monthly, weekly"]),
        (["aging-trend", "--customer-id", "c_x"], 4, ["c_x"]),
        (["cash-forecast", "--lookback-days", "-1"], 2, ["lookback_days", ">= 0"]),
        (["customer-balances", "--as-date", "2025-02-30"], 2, ["as_date"]),
    ],
)
def test_bad_parameters(cli, data, args, code, words):
    r = cli("report", *args, "--data", data, "--organization-id", ORG)
    assert r.code == code, r
    assert all(w in r.err for w in words), r
    assert "Traceback" not in r.err


def test_organization_is_required_and_checked(data):
    with pytest.raises(ParameterError, match="organization_id"):
        reports.cash_forecast(data, as_date=D)
    with pytest.raises(NotFoundError):
        reports.customer_balances(data, organization_id="nope", as_date=D)
    with pytest.raises(ParameterError, match="bucket"):
        reports.aging_invoices(data, organization_id=ORG, bucket=True)


def test_the_demo_hints_run(cli, data):
    # Every command `arlake demo` suggests next runs on this data and prints the report it names.
    lines = next_steps(data, ORG, dt.date(2025, 6, 30))
    assert len(lines) == 4
    for line in lines:
        args = shlex.split(line.split(": arlake ", 1)[1])
        r = cli(*args)
        assert r.code == 0, (line, r)
        assert json.loads(r.out)["query"]["organization_id"] == ORG
    assert "--bucket 4" in lines[1]
