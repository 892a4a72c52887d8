"""The extra shapes (Stuut aging balance and collections summary, Layer AR aging of all customers) on the hand-built
fixture of tests/api_data.py, through the real build and the real CLI / Python API. Every expected value is worked
out by hand from the fixture's rows (its docstring lists them); amounts are integer cents."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from api_data import AS_OF

from arlake import reports
from arlake.errors import NotFoundError, ParameterError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data(api_warehouse):
    return api_warehouse


# ---- aging-balance -------------------------------------------------------------------------------------------


def test_aging_balance_counts_and_cents_per_bucket(data):
    # current: i1 750.00 + i6 150.00 (due on D) + i9 80.00 (paid after D) = 980.00 in 3 invoices; 1-30: i2 (30 days
    # past due, the edge); 31-60: i4 (60); 61-90: i5 (90); 91+: i3 (91). The draft and the settled i7 are absent.
    got = reports.aging_balance(data, organization_id="org_a", as_of=AS_OF)
    assert list(got) == [
        "days_0_count",
        "days_1_30_count",
        "days_31_60_count",
        "days_61_90_count",
        "days_91_plus_count",
        "days_0_amount",
        "days_1_30_amount",
        "days_31_60_amount",
        "days_61_90_amount",
        "days_91_plus_amount",
    ]
    assert got == {
        "days_0_count": 3,
        "days_1_30_count": 1,
        "days_31_60_count": 1,
        "days_61_90_count": 1,
        "days_91_plus_count": 1,
        "days_0_amount": 98000,
        "days_1_30_amount": 50000,
        "days_31_60_amount": 30000,
        "days_61_90_amount": 40000,
        "days_91_plus_amount": 20000,
    }


def test_aging_balance_at_another_date_and_for_the_other_tenant(data):
    # 2025-04-30: i4 (due 05-01) is current; i3 (due 03-31, 30 days) and i5 (due 04-01, 29 days) are 1-30; i7 was
    # paid on 03-10; nothing else is issued yet.
    got = reports.aging_balance(data, organization_id="org_a", as_of="2025-04-30")
    assert (got["days_0_count"], got["days_0_amount"]) == (1, 30000)
    assert (got["days_1_30_count"], got["days_1_30_amount"]) == (2, 60000)
    assert got["days_31_60_count"] == got["days_61_90_count"] == got["days_91_plus_count"] == 0
    assert got["days_31_60_amount"] == got["days_61_90_amount"] == got["days_91_plus_amount"] == 0
    # org_b: j1 700.00, due 06-14, 16 days past due.
    other = reports.aging_balance(data, organization_id="org_b", as_of=AS_OF)
    assert (other["days_1_30_count"], other["days_1_30_amount"]) == (1, 70000)
    assert sum(v for k, v in other.items() if k.endswith("_amount")) == 70000


def test_aging_balance_organization_rules(data):
    with pytest.raises(ParameterError, match="organization_id is required"):
        reports.aging_balance(data, as_of=AS_OF)
    with pytest.raises(NotFoundError, match="unknown organization 'nope'"):
        reports.aging_balance(data, organization_id="nope", as_of=AS_OF)


# ---- collections-summary -------------------------------------------------------------------------------------

V1_FIELDS = [
    "period_end",
    "period_start",
    "avg_days_to_pay_from_due",
    "avg_days_to_pay_from_issued",
    "amount_collected",
    "amount_collected_stuut_touched",
    "amount_collected_automated",
    "amount_issued",
    "amount_issued_stuut_touched",
    "amount_overdue",
    "amount_overdue_stuut_touched",
    "amount_receivables",
    "amount_receivables_stuut_touched",
    "balance",
    "balance_stuut_touched",
    "balance_for_period",
    "balance_for_period_stuut_touched",
    "balance_period_start",
    "balance_period_start_stuut_touched",
    "invoices_collected",
    "invoices_collected_stuut_touched",
    "invoices_issued",
    "invoices_open",
    "invoices_overdue",
    "invoices_paid",
    "invoices_touched",
    "invoices_touched_and_collected",
    "amount_collected_other",
    "dso",
    "dso_stuut_touched",
    "invoices_touched_and_collected_ratio",
]

ZERO = dict.fromkeys(V1_FIELDS, 0) | {
    "avg_days_to_pay_from_due": None,
    "avg_days_to_pay_from_issued": None,
    "dso": None,
    "dso_stuut_touched": None,
    "invoices_touched_and_collected_ratio": None,
}


def test_collections_summary_monthly_rows_by_hand(data):
    rows = reports.collections_summary(data, organization_id="org_a", as_of=AS_OF)
    # F = 2025-02-01 (i7; the draft of 01-05 does not count): February to June.
    assert [r["period_start"] for r in rows] == [
        "2025-02-01",
        "2025-03-01",
        "2025-04-01",
        "2025-05-01",
        "2025-06-01",
    ]
    assert all(list(r) == V1_FIELDS for r in rows)
    by_start = {r["period_start"]: r for r in rows}
    # March: i3 200 + i5 400 issued; p2 collects i7's 100 on 03-10 (settled 7 days after due 03-03, 37 days
    # after issue 02-01); AR 600 at 03-31 (neither is overdue yet: i3 is due on 03-31 itself), 100 at 02-28.
    # DSO 600 / 600 x 31 = 31.00.
    assert by_start["2025-03-01"] == ZERO | {
        "period_end": "2025-03-31",
        "period_start": "2025-03-01",
        "avg_days_to_pay_from_due": D("7.00"),
        "avg_days_to_pay_from_issued": D("37.00"),
        "amount_collected": 10000,
        "amount_collected_other": 10000,
        "amount_issued": 60000,
        "amount_receivables": 60000,
        "balance": 60000,
        "balance_for_period": 50000,
        "balance_period_start": 10000,
        "invoices_collected": 1,
        "invoices_issued": 2,
        "invoices_open": 2,
        "invoices_paid": 1,
        "dso": D("31.00"),
    }
    # May: i2 500 issued and touched (o1, 05-10); AR 1,400 at 05-31 (i2, i3, i4, i5), 900 at 04-30; overdue at
    # 05-31: i3, i4, i5 = 900 (i2 is due on 05-31). DSO 1,400 / 500 x 31 = 86.80; touched 500 / 500 x 31 = 31.00;
    # touched and collected 0 of 1 touched -> ratio 0.
    assert by_start["2025-05-01"] == ZERO | {
        "period_end": "2025-05-31",
        "period_start": "2025-05-01",
        "amount_issued": 50000,
        "amount_issued_stuut_touched": 50000,
        "amount_overdue": 90000,
        "amount_receivables": 50000,
        "amount_receivables_stuut_touched": 50000,
        "balance": 140000,
        "balance_stuut_touched": 50000,
        "balance_for_period": 50000,
        "balance_for_period_stuut_touched": 50000,
        "balance_period_start": 90000,
        "invoices_issued": 1,
        "invoices_open": 4,
        "invoices_overdue": 3,
        "invoices_touched": 1,
        "dso": D("86.80"),
        "dso_stuut_touched": D("31.00"),
        "invoices_touched_and_collected_ratio": D("0"),
    }
    # June: i1 1,000 + i6 150 + i9 80 issued; p1 collects 250 on i1; AR 2,380 at 06-30, 1,400 at 05-31; overdue
    # at 06-30: i2, i3, i4, i5 = 1,400 of which i2's 500 touched; open at 06-30 and issued in June: 750 + 150 +
    # 80 = 980. DSO 2,380 / 1,230 x 30 = 58.048... -> 58.05; nothing touched was issued -> touched DSO null.
    assert by_start["2025-06-01"] == ZERO | {
        "period_end": "2025-06-30",
        "period_start": "2025-06-01",
        "amount_collected": 25000,
        "amount_collected_other": 25000,
        "amount_issued": 123000,
        "amount_overdue": 140000,
        "amount_overdue_stuut_touched": 50000,
        "amount_receivables": 98000,
        "balance": 238000,
        "balance_stuut_touched": 50000,
        "balance_for_period": 98000,
        "balance_period_start": 140000,
        "balance_period_start_stuut_touched": 50000,
        "invoices_collected": 1,
        "invoices_issued": 3,
        "invoices_open": 7,
        "invoices_overdue": 4,
        "dso": D("58.05"),
    }


def test_collections_summary_all_weekly_and_empty_periods(data):
    # `all`: one period from F = 2025-02-01 to A, 150 days. Issued 100 + 600 + 300 + 500 + 1,230 = 2,730; collected
    # 100 + 250; AR 2,380 at A, 0 before F. DSO 2,380 / 2,730 x 150 = 130.769... -> 130.77; touched: i2's 500 issued
    # and open -> 500 / 500 x 150 = 150.00.
    (row,) = reports.collections_summary(data, organization_id="org_a", as_of=AS_OF, interval="all")
    assert row == ZERO | {
        "period_end": "2025-06-30",
        "period_start": "2025-02-01",
        "avg_days_to_pay_from_due": D("7.00"),
        "avg_days_to_pay_from_issued": D("37.00"),
        "amount_collected": 35000,
        "amount_collected_other": 35000,
        "amount_issued": 273000,
        "amount_issued_stuut_touched": 50000,
        "amount_overdue": 140000,
        "amount_overdue_stuut_touched": 50000,
        "amount_receivables": 238000,
        "amount_receivables_stuut_touched": 50000,
        "balance": 238000,
        "balance_stuut_touched": 50000,
        "balance_for_period": 238000,
        "balance_for_period_stuut_touched": 50000,
        "invoices_collected": 2,
        "invoices_issued": 8,
        "invoices_open": 7,
        "invoices_overdue": 4,
        "invoices_paid": 1,
        "invoices_touched": 1,
        "dso": D("130.77"),
        "dso_stuut_touched": D("150.00"),
        "invoices_touched_and_collected_ratio": D("0"),
    }
    # Weekly: ISO weeks from the Monday before F (2025-01-27) to the one holding A (2025-06-30, a Monday): 154 days
    # apart, 23 weeks, each listed, the last cut at A.
    weeks = reports.collections_summary(data, organization_id="org_a", as_of=AS_OF, interval="weekly")
    assert len(weeks) == 23
    assert (weeks[0]["period_start"], weeks[0]["period_end"]) == ("2025-01-27", "2025-02-02")
    assert (weeks[-1]["period_start"], weeks[-1]["period_end"]) == ("2025-06-30", "2025-06-30")
    assert weeks[-1]["amount_issued"] == 15000  # i6, issued on A
    # An explicit earlier F: January has no activity and no balance (the draft does not count): a row of zeros.
    months = reports.collections_summary(data, organization_id="org_a", as_of=AS_OF, **{"from": "2025-01-01"})
    assert months[0] == ZERO | {"period_end": "2025-01-31", "period_start": "2025-01-01"}
    assert len(months) == 6
    with pytest.raises(ParameterError, match="from"):
        reports.collections_summary(data, organization_id="org_a", as_of=AS_OF, **{"from": "2025-07-01"})


def test_collections_summary_equals_the_sum_of_the_customer_rows(data):
    """The organization's amounts and counts are the sums of collections-summary-by-customer's rows (every invoice
    belongs to one customer); derived fields are recomputed, not summed."""
    by_customer = reports.collections_summary_by_customer(
        data, organization_id="org_a", as_of=AS_OF, interval="monthly"
    )["data"]
    rows = reports.collections_summary(data, organization_id="org_a", as_of=AS_OF)
    summed = [f for f in V1_FIELDS if f.startswith(("amount_", "balance", "invoices_")) and "ratio" not in f]
    for row in rows:
        mine = [r for r in by_customer if r["period_start"] == row["period_start"]]
        for field in summed:
            assert row[field] == sum(r[field] for r in mine), (row["period_start"], field)


# ---- ar-aging (Layer, all customers) -------------------------------------------------------------------------


def _invoice(invoice_id, name, due, total, outstanding):
    return {
        "invoice_id": invoice_id,
        "customer_name": name,
        "due_at": f"{due}T00:00:00Z",
        "invoice_total": total,
        "outstanding_balance": outstanding,
    }


def _buckets(b1, b2, b3, b4):
    return [
        {"bucket_start_day": 1, "bucket_end_day": 30, "invoices": b1},
        {"bucket_start_day": 31, "bucket_end_day": 60, "invoices": b2},
        {"bucket_start_day": 61, "bucket_end_day": 90, "invoices": b3},
        {"bucket_start_day": 91, "bucket_end_day": None, "invoices": b4},
    ]


def test_ar_aging_every_open_invoice_in_its_bucket(data):
    got = reports.ar_aging(data, business_id="org_a", effective_date=AS_OF)
    moment = "2025-06-30T00:00:00Z"
    assert got == {
        "type": "AR_Aging_Report",
        "start_date": moment,
        "end_date": moment,
        "basis": "ACCRUAL",
        "as_of_date": moment,
        # Zero Ltd owes nothing and is left out; customers by name; invoices by due date.
        "customers": [
            {
                "customer_id": "c_acme",
                "customer_name": "Acme",
                "current": [_invoice("i1", "Acme", "2025-07-10", 100000, 75000)],
                "buckets": _buckets(
                    [_invoice("i2", "Acme", "2025-05-31", 50000, 50000)],
                    [],
                    [],
                    [_invoice("i3", "Acme", "2025-03-31", 20000, 20000)],
                ),
                "total_outstanding_balance": 145000,
            },
            {
                "customer_id": "c_bolt",
                "customer_name": "Bolt",
                "current": [
                    _invoice("i6", "Bolt", "2025-06-30", 15000, 15000),
                    _invoice("i9", "Bolt", "2025-07-01", 8000, 8000),
                ],
                "buckets": _buckets(
                    [],
                    [_invoice("i4", "Bolt", "2025-05-01", 30000, 30000)],
                    [_invoice("i5", "Bolt", "2025-04-01", 40000, 40000)],
                    [],
                ),
                "total_outstanding_balance": 93000,
            },
        ],
        "totals": {
            "current_total": 98000,
            "bucket_totals": [
                {"bucket_start_day": 1, "bucket_end_day": 30, "total": 50000},
                {"bucket_start_day": 31, "bucket_end_day": 60, "total": 30000},
                {"bucket_start_day": 61, "bucket_end_day": 90, "total": 40000},
                {"bucket_start_day": 91, "bucket_end_day": None, "total": 20000},
            ],
            "grand_total": 238000,
        },
    }


def test_ar_aging_date_time_and_not_found(data):
    # A date-time's UTC date is used: 2025-07-01T01:00+02:00 is 2025-06-30 in UTC.
    got = reports.ar_aging(data, business_id="org_b", effective_date="2025-07-01T01:00:00+02:00")
    assert got["as_of_date"] == "2025-06-30T00:00:00Z"
    assert [c["customer_id"] for c in got["customers"]] == ["c_beta"]
    assert got["totals"]["bucket_totals"][0]["total"] == 70000 == got["totals"]["grand_total"]
    with pytest.raises(NotFoundError, match="unknown organization 'org_zz'"):
        reports.ar_aging(data, business_id="org_zz", effective_date=AS_OF)
    with pytest.raises(ParameterError, match="effective_date"):
        reports.ar_aging(data, business_id="org_a", effective_date="2025-02-30")


def test_extra_shapes_on_the_command_line(cli, data):
    for args in (
        ["aging-balance", "--organization-id", "org_a", "--as-of", AS_OF],
        ["collections-summary", "--organization-id", "org_a", "--as-of", AS_OF, "--interval", "weekly"],
        ["ar-aging", "--business-id", "org_a", "--effective-date", AS_OF],
    ):
        result = cli("report", *args, "--data", data)
        assert result.code == 0, result
        assert json.loads(result.out)
    result = cli("report", "ar-aging", "--data", data, "--business-id", "org_a", "--as-of", AS_OF)
    assert result.code == 2 and "--as-of" in result.err
