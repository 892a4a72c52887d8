"""Identities between the balances, drill-down, trend and forecast reports and the aging, on generated data.

Each identity reads the same ledger through two reports that compute it by different paths: the aging summary
(4.1) from the open stretches at one date, aging-invoices from its per-invoice mart, aging-trend from dated
changes of the stretches (organization) or the stretches per period (customer), cash-forecast from the expected
dates of the open invoices. Expected values are the other report's numbers, never the report under test's own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from support import query

from arlake import reports
from arlake.warehouse import Warehouse

pytestmark = pytest.mark.slow
# The generator's default end date lies after every event; the other date is in the middle of the data, where
# invoices of every age are open.
AS_OF_DATES = ("2025-12-31", "2025-03-14")
WIDTHS_AND_PERIODS = ((30, 4), (15, 6))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from arlake.build import build
    from arlake.sample import generate

    d = tmp_path_factory.mktemp("identities")
    generate(d, invoices=3000, seed=23, end_date=dt.date(2025, 12, 31))
    build(d)
    return d


@pytest.fixture(scope="module")
def warehouse(data):
    with Warehouse(data) as wh:
        yield wh


@pytest.fixture(scope="module")
def organizations(data):
    return [
        row[0]
        for row in query(
            data / "warehouse.duckdb",
            "select organization_id from dim_organizations order by organization_id",
        )
    ]


@pytest.fixture(scope="module")
def customers(data):
    """(organization_id, customer_name) -> customer_id; the aging summary names its customers, not their ids."""
    rows = query(data / "warehouse.duckdb", "select organization_id, name, customer_id from dim_customers")
    by_name: dict[tuple[str, str], str] = {}
    for org, name, cid in rows:
        assert (org, name) not in by_name, f"customer name {name!r} is not unique in {org}"
        by_name[org, name] = cid
    return by_name


def _cells(row: dict) -> list[Decimal]:
    """current, then bucket 1..P, of a row of the aging summary."""
    return [row["current"]["amount"]] + [cell["total"]["amount"] for cell in row["aging"]]


@pytest.mark.parametrize("as_date", AS_OF_DATES)
@pytest.mark.parametrize(("width", "periods"), WIDTHS_AND_PERIODS)
def test_aging_invoices_totals_equal_every_aging_cell(
    warehouse, organizations, customers, as_date, width, periods
):
    buckets = ["current", *range(1, periods + 1)]
    non_zero_cells = 0
    for org in organizations:
        summary = reports.receivable_aging_summary(
            warehouse, organization_id=org, as_date=as_date, aging_days_before=width, aging_periods=periods
        )
        common = {
            "organization_id": org,
            "as_date": as_date,
            "aging_days_before": width,
            "aging_periods": periods,
        }
        for bucket, cell in zip(buckets, _cells(summary["data"]["total"]), strict=True):
            out = reports.aging_invoices(warehouse, bucket=bucket, limit=1, **common)
            assert out["total"]["outstanding"] == cell, (org, bucket)
        for row in summary["data"]["customers"]:
            customer_id = customers[org, row["customer_name"]]
            for bucket, cell in zip(buckets, _cells(row), strict=True):
                out = reports.aging_invoices(
                    warehouse, customer_id=customer_id, bucket=bucket, limit=1, **common
                )
                assert out["total"]["outstanding"] == cell, (org, customer_id, bucket)
                assert (out["total"]["invoices"] == 0) == (cell == 0), (org, customer_id, bucket)
                non_zero_cells += cell != 0
    assert non_zero_cells > 20  # the data set exercises the identity


def test_aging_invoices_pages_partition_the_selection(warehouse, organizations):
    # Every page of one organization's open invoices at 2025-03-14: the pages hold each invoice once, in order
    # (age descending, then id), and their outstanding adds up to the selection's total.
    org = organizations[0]
    first = reports.aging_invoices(warehouse, organization_id=org, as_date=AS_OF_DATES[1], limit=37)
    rows = []
    for page in range(1, first["meta"]["pages"] + 2):  # one page past the last: empty
        out = reports.aging_invoices(
            warehouse, organization_id=org, as_date=AS_OF_DATES[1], limit=37, page=page
        )
        assert out["total"] == first["total"]
        rows += out["data"]
    assert len(rows) == first["total"]["invoices"] > 37
    assert len({r["invoice_id"] for r in rows}) == len(rows)
    assert [(-r["age_days"], r["invoice_id"]) for r in rows] == sorted(
        (-r["age_days"], r["invoice_id"]) for r in rows
    )
    assert sum(r["outstanding"] for r in rows) == first["total"]["outstanding"]
    # The bucket of each row follows from its signed age (docs/metrics.md, Aging; due basis, N = 30, P = 4).
    for r in rows:
        age = r["age_days"]
        expected = 0 if age <= 0 else min((age + 29) // 30, 4)
        assert r["bucket_index"] == expected, r


def test_aging_invoices_bounded_pages_equal_pages_of_the_whole_selection(
    warehouse, organizations, monkeypatch
):
    # A page reads only the invoices at least as old as its last row (the bound comes from a first read of the
    # ages); with no bound (BOUNDED_ROWS = 0, the path of pages deeper than 10,000 rows) it sorts the whole
    # selection. Both must give the same bytes, on pages whose first and last rows share their age with the
    # neighbouring pages' (many invoices fall due on one day), on both bases.
    import importlib

    module = importlib.import_module("arlake.reports.aging_invoices")
    calls = [
        {"organization_id": org, "as_date": day, "limit": limit, "page": page, **extra}
        for org in organizations[:2]
        for day in AS_OF_DATES
        for limit, page in ((5, 1), (5, 2), (37, 3), (37, 9), (1, 50))
        for extra in ({}, {"basis": "issue_date", "bucket": 1}, {"bucket": "current"})
    ]
    bounded = [reports.run("aging-invoices", warehouse, **call).to_bytes() for call in calls]
    monkeypatch.setattr(module, "BOUNDED_ROWS", 0)
    whole = [reports.run("aging-invoices", warehouse, **call).to_bytes() for call in calls]
    assert bounded == whole
    assert sum(b'"invoice_id"' in page for page in bounded) > len(calls) // 2  # most pages hold invoices


@pytest.mark.parametrize(
    ("interval", "width", "periods"), [("monthly", 30, 4), ("weekly", 15, 6)], ids=["monthly", "weekly"]
)
def test_aging_trend_rows_equal_the_aging_at_every_period_end(
    warehouse, organizations, customers, interval, width, periods
):
    # The organization of the most invoices, and its customer of the largest AR at the end, period by period:
    # each row equals the aging summary at that row's period_end (the whole organization, and the customer's row).
    org = organizations[0]
    as_of = AS_OF_DATES[0]
    from_ = "2025-01-01" if interval == "monthly" else "2025-09-01"
    last = reports.receivable_aging_summary(warehouse, organization_id=org, as_date=as_of)
    name = max(last["data"]["customers"], key=lambda row: row["total"]["amount"])["customer_name"]
    customer_id = customers[org, name]
    common = {"aging_days_before": width, "aging_periods": periods}
    trend = reports.aging_trend(
        warehouse, organization_id=org, interval=interval, from_=from_, as_of=as_of, **common
    )
    mine = reports.aging_trend(
        warehouse,
        organization_id=org,
        customer_id=customer_id,
        interval=interval,
        from_=from_,
        as_of=as_of,
        **common,
    )
    assert len(trend["data"]) == len(mine["data"]) == (12 if interval == "monthly" else 18)
    assert trend["data"][-1]["period_end"] == as_of
    for row, customer_row in zip(trend["data"], mine["data"], strict=True):
        assert customer_row["period_end"] == row["period_end"]
        summary = reports.receivable_aging_summary(
            warehouse, organization_id=org, as_date=row["period_end"], **common
        )
        total = summary["data"]["total"]
        assert [row["current"], *row["buckets"]] == _cells(total), row["period_end"]
        assert row["total"] == total["total"]["amount"]
        assert row["overdue"] == row["total"] - row["current"]
        (theirs,) = [r for r in summary["data"]["customers"] if r["customer_name"] == name]
        assert [customer_row["current"], *customer_row["buckets"]] == _cells(theirs), row["period_end"]
        # open_invoices: the drill-down's count of the same invoices.
        drill = reports.aging_invoices(
            warehouse, organization_id=org, as_date=row["period_end"], limit=1, **common
        )
        assert row["open_invoices"] == drill["total"]["invoices"]
    assert any(row["total"] != 0 for row in mine["data"])


@pytest.mark.parametrize("as_date", AS_OF_DATES)
@pytest.mark.parametrize("lookback_days", [365, 30])
def test_cash_forecast_total_equals_the_receivable(warehouse, organizations, as_date, lookback_days):
    for org in organizations:
        out = reports.cash_forecast(
            warehouse, organization_id=org, as_date=as_date, lookback_days=lookback_days
        )
        summary = reports.receivable_aging_summary(warehouse, organization_id=org, as_date=as_date)
        balances = reports.customer_balances(warehouse, organization_id=org, as_date=as_date)
        ar = summary["data"]["total"]["total"]["amount"]
        groups = [*out["weeks"], out["later"], out["disputed"]]
        assert (
            out["total"]["amount"]
            == ar
            == sum(g["amount"] for g in groups)
            == balances["total"]["receivable"]
        )
        assert (
            out["total"]["invoices"]
            == sum(g["invoices"] for g in groups)
            == balances["total"]["open_invoices"]
        )
        # open_amount per customer = that customer's AR (its aging row total).
        by_name = {row["customer_name"]: row["total"]["amount"] for row in summary["data"]["customers"]}
        assert sum(c["open_amount"] for c in out["customers"]) == ar
        for c in out["customers"]:
            assert c["open_amount"] == by_name[c["customer_name"]], c
