"""The three aging shapes on a hand-built fixture, through the real build and the real CLI / Python API.

The fixture reproduces Bigcapital's published A/R Aging Summary sample (BIGCAPITAL, INC; as_date 2025-06-30; N
= 30, P = 3): Ahmed Bouhuolia owes 300,000.00 not yet due, one "business" owes 5,000.00 in 1-30, the other
"business" and "asdsadasd, asd" owe nothing. Around it sit the traps docs/metrics.md names: the 5,000.00 is
exactly 30 days past due (Bigcapital's gap), it is paid on 2025-07-02 (after as_date: must not count), Ahmed
has a draft, the other business paid in full before as_date, asdsadasd's invoice was voided. A second
organization makes organization_id required. Every expected value below is worked out by hand from these rows.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from support import write_parquet

from arlake import reports
from arlake.errors import NotFoundError, ParameterError

pytestmark = pytest.mark.slow
ORG = "org_bc"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from arlake.build import build

    d = tmp_path_factory.mktemp("aging")
    raw = d / "raw"
    write_parquet(
        raw / "organizations" / "o.parquet",
        "select * from (values ('org_bc', 'BIGCAPITAL, INC', 'USD'), ('org_x', 'Other Org', 'EUR'))"
        " t(organization_id, name, base_currency)",
    )
    write_parquet(
        raw / "customers" / "c.parquet",
        "select * from (values"
        " ('c_ahmed', 'org_bc', 'Ahmed Bouhuolia', 'ahmed@example.com', '+1 555 0100', '1 Main St', 'VIP',"
        "  timestamp '2020-03-05 16:54:04.75', timestamp '2023-12-22 13:05:23', 'ext-1', true),"
        " ('c_asd', 'org_bc', 'asdsadasd, asd', null, null, null, null, null, null, null, false),"
        " ('c_bus1', 'org_bc', 'business', null, null, null, null, timestamp '2021-01-01 00:00:00', null, null, null),"
        " ('c_bus2', 'org_bc', 'business', null, null, null, null, null, null, null, null),"
        " ('c_x', 'org_x', 'Elsewhere', null, null, null, null, null, null, null, null)"
        ") t(customer_id, organization_id, name, email, phone, address, category, created_at, modified_at,"
        " external_id, is_active)",
    )
    write_parquet(
        raw / "invoices" / "i.parquet",
        "select * from (values"
        " ('inv_a1', 'org_bc', 'c_ahmed', 300000.00::decimal(18,2), timestamp '2025-06-20 09:00:00',"
        "  date '2025-07-20', null, null, 'br1'),"
        " ('inv_a_draft', 'org_bc', 'c_ahmed', 1000.00::decimal(18,2), timestamp '2025-01-01 09:00:00',"
        "  date '2025-01-31', 'draft', null, 'br1'),"
        " ('inv_b1', 'org_bc', 'c_bus1', 5000.00::decimal(18,2), timestamp '2025-05-01 09:00:00',"
        "  date '2025-05-31', null, null, 'br2'),"
        " ('inv_b2', 'org_bc', 'c_bus2', 800.00::decimal(18,2), timestamp '2025-03-01 09:00:00',"
        "  date '2025-03-31', null, null, 'br1'),"
        " ('inv_asd', 'org_bc', 'c_asd', 200.00::decimal(18,2), timestamp '2025-02-01 09:00:00',"
        "  date '2025-02-28', null, timestamp '2025-02-10 10:00:00', 'br1'),"
        " ('inv_x', 'org_x', 'c_x', 70.00::decimal(18,2), timestamp '2025-01-01 09:00:00',"
        "  null, null, null, null)"
        ") t(invoice_id, organization_id, customer_id, total_amount, issued_at, due_date, status, voided_at, branch_id)",
    )
    write_parquet(
        raw / "payments" / "p.parquet",
        "select * from (values"
        " ('p1', 'org_bc', 'c_bus1', 5000.00::decimal(18,2), timestamp '2025-07-02 12:00:00'),"
        " ('p2', 'org_bc', 'c_bus2', 800.00::decimal(18,2), timestamp '2025-04-15 12:00:00')"
        ") t(payment_id, organization_id, customer_id, amount, received_at)",
    )
    write_parquet(
        raw / "payment_allocations" / "a.parquet",
        "select * from (values ('a1', 'p1', 'inv_b1', 5000.00::decimal(18,2)), ('a2', 'p2', 'inv_b2', 800.00::decimal(18,2)))"
        " t(allocation_id, payment_id, invoice_id, amount)",
    )
    build(d)
    return d


BIGCAPITAL_SAMPLE = {
    "query": {
        "as_date": "2025-06-30",
        "aging_days_before": 30,
        "aging_periods": 3,
        "number_format": {
            "divide_on1000": False,
            "negative_format": "mines",
            "show_zero": False,
            "format_money": "total",
            "precision": 2,
        },
        "customers_ids": [],
        "branches_ids": [],
        "none_zero": False,
    },
    "columns": [
        {"from_period": "2025-06-30", "to_period": "2025-05-31", "before_days": 0, "to_days": 30},
        {"from_period": "2025-05-31", "to_period": "2025-05-01", "before_days": 31, "to_days": 60},
        {"from_period": "2025-05-01", "to_period": None, "before_days": 61, "to_days": None},
    ],
    "meta": {
        "organization_name": "BIGCAPITAL, INC",
        "base_currency": "USD",
        "date_format": "DD MMM yyyy",
        "is_cost_compute_running": False,
        "sheet_name": "A/R Aging Summary",
        "formatted_as_date": "2025/06/30",
        "formatted_date_range": "As 2025/06/30",
    },
}


def _cell(amount, text):
    return {"amount": amount, "formatted_amount": text}


def _aging(columns, cells):
    return [{**col, "total": cell} for col, cell in zip(columns, cells, strict=True)]


def _blank_customer(name, columns):
    return {
        "customer_name": name,
        "current": _cell(0, ""),
        "aging": _aging(columns, [_cell(0, "")] * 3),
        "total": _cell(0, "$0.00"),
    }


def test_receivable_aging_summary_reproduces_bigcapitals_sample(cli, data):
    r = cli(
        "report",
        "receivable-aging-summary",
        "--data",
        data,
        "--organization-id",
        ORG,
        "--as-date",
        "2025-06-30",
    )
    assert r.code == 0, r
    out = json.loads(r.out)
    cols = BIGCAPITAL_SAMPLE["columns"]
    assert out["query"] == BIGCAPITAL_SAMPLE["query"]
    assert out["columns"] == cols
    assert out["meta"] == BIGCAPITAL_SAMPLE["meta"]
    # The sample's four customers, in the documented order (name by code point, then id).
    assert out["data"]["customers"] == [
        {
            "customer_name": "Ahmed Bouhuolia",
            "current": _cell(300000, "300,000.00"),
            "aging": _aging(cols, [_cell(0, "")] * 3),
            "total": _cell(300000, "$300,000.00"),
        },
        _blank_customer("asdsadasd, asd", cols),
        {
            "customer_name": "business",
            "current": _cell(0, ""),
            "aging": _aging(cols, [_cell(5000, "5,000.00"), _cell(0, ""), _cell(0, "")]),
            "total": _cell(5000, "$5,000.00"),
        },
        _blank_customer("business", cols),
    ]
    assert out["data"]["total"] == {
        "current": _cell(300000, "$300,000.00"),
        "aging": _aging(cols, [_cell(5000, "$5,000.00"), _cell(0, "$0.00"), _cell(0, "$0.00")]),
        "total": _cell(305000, "$305,000.00"),
    }


def test_payment_after_as_date_counts_once_applied(data):
    # On 2025-07-05 the 5,000.00 is paid (07-02); Ahmed's 300,000.00 is still not due (07-20).
    out = reports.receivable_aging_summary(data, organization_id=ORG, as_date="2025-07-05")
    assert [c["total"]["amount"] for c in out["data"]["customers"]] == [Decimal("300000.00"), 0, 0, 0]
    # On 2025-07-21 it is 1 day past due: bucket 1.
    out = reports.receivable_aging_summary(data, organization_id=ORG, as_date="2025-07-21")
    ahmed = out["data"]["customers"][0]
    assert ahmed["current"]["amount"] == 0 and ahmed["aging"][0]["total"]["amount"] == Decimal("300000.00")


def test_filters_none_zero_customers_and_branches(data):
    out = reports.receivable_aging_summary(data, organization_id=ORG, as_date="2025-06-30", none_zero=True)
    assert [c["customer_name"] for c in out["data"]["customers"]] == ["Ahmed Bouhuolia", "business"]
    out = reports.receivable_aging_summary(
        data, organization_id=ORG, as_date="2025-06-30", customers_ids=["c_bus1", "nobody"]
    )
    assert [c["customer_name"] for c in out["data"]["customers"]] == ["business"]
    assert out["data"]["total"]["total"]["amount"] == Decimal("5000.00")
    assert out["query"]["customers_ids"] == ["c_bus1", "nobody"]
    # Branch br2 holds only the 5,000.00; Ahmed stays listed with zeros (none_zero is false).
    out = reports.receivable_aging_summary(
        data, organization_id=ORG, as_date="2025-06-30", branches_ids=["br2"]
    )
    assert out["data"]["total"]["total"]["amount"] == Decimal("5000.00")
    assert out["data"]["customers"][0]["total"]["amount"] == 0


def test_number_format_and_periods(data):
    out = reports.receivable_aging_summary(
        data,
        organization_id=ORG,
        as_date="2025-06-30",
        aging_days_before=15,
        aging_periods=4,
        precision=0,
        divide_on1000=True,
        show_zero=True,
        format_money="always",
    )
    # N = 15: 30 days past due falls in bucket 2 (16-30); /1000 for the text only; zeros shown; symbol always.
    business = out["data"]["customers"][2]
    assert [a["total"]["formatted_amount"] for a in business["aging"]] == ["$0", "$5", "$0", "$0"]
    assert business["aging"][1]["total"]["amount"] == Decimal("5000.00")
    assert out["columns"][3] == {
        "from_period": "2025-05-16",
        "to_period": None,
        "before_days": 46,
        "to_days": None,
    }
    assert out["data"]["customers"][0]["current"]["formatted_amount"] == "$300"


def test_organization_must_be_named_when_several_and_known(cli, data):
    r = cli("report", "receivable-aging-summary", "--data", data)
    assert r.code == 2 and "organization_id is required" in r.err and "org_bc, org_x" in r.err
    r = cli("report", "receivable-aging-summary", "--data", data, "--organization-id", "nope")
    assert r.code == 4 and "unknown organization 'nope'" in r.err


@pytest.mark.parametrize(
    ("flag", "value", "text"),
    [
        ("--aging-days-before", "0", "aging_days_before"),
        ("--aging-periods", "x", "aging_periods"),
        ("--format-money", "sometimes", "one of total, always, none"),
        ("--negative-format", "brackets", "one of mines, parentheses"),
        ("--show-zero", "yes please", "true or false"),
        ("--as-date", "2025-02-30", "as_date"),
        ("--effective-date", "2025-01-01", "unrecognized arguments: --effective-date"),
    ],
)
def test_bad_parameters_are_exit_2(cli, data, flag, value, text):
    r = cli("report", "receivable-aging-summary", "--data", data, "--organization-id", ORG, flag, value)
    assert r.code == 2 and text in r.err, r


def test_aged_receivables_by_days_outstanding(cli, data):
    r = cli("report", "aged-receivables", "--data", data, "--organization-id", ORG, "--date", "2025-06-30")
    assert r.code == 0, r
    out = json.loads(r.out)
    keys = ["1_To_30_days", "31_To_60_days", "61_To_90_days", "over_91_days"]
    # Issue basis: Ahmed's invoice is 10 days old (1-30), the business's 60 days (31-60); zero customers absent.
    ahmed, business = out["list"]
    assert ahmed == {
        "id": "c_ahmed",
        "owner_id": None,
        "business_id": None,
        "first_name": None,
        "last_name": None,
        "phone_number": None,
        "business_name": "Ahmed Bouhuolia",
        "business_address": "1 Main St",
        "business_phone": "+1 555 0100",
        "business_location": None,
        "business_email": "ahmed@example.com",
        "created_at": "2020-03-05 16:54:04",
        "updated_at": "2023-12-22 13:05:23",
        "account_id": None,
        "category": "VIP",
        "category_id": None,
        "deposit_amount": None,
        "deposit_account_id": None,
        "archived": None,
        "customer_id": "c_ahmed",
        "total_aged_receivables": 300000,
        "1_To_30_days": 300000,
        "31_To_60_days": 0,
        "61_To_90_days": 0,
        "over_91_days": 0,
    }
    assert business["category"] == "Uncategorised" and business["created_at"] == "2021-01-01 00:00:00"
    assert [business[k] for k in keys] == [0, 5000, 0, 0] and business["total_aged_receivables"] == 5000
    assert out["summaries"] == {
        "total_1_To_30_days": 300000,
        "total_31_To_60_days": 5000,
        "total_61_To_90_days": 0,
        "total_over_91_days": 0,
        "total_over_all": 305000,
    }
    assert out["headers"] == {
        "1_To_30_days": {
            "title": "1 - 30 Days",
            "valueKey": "1_To_30_days",
            "totalKey": "total_1_To_30_days",
        },
        "31_To_60_days": {
            "title": "31 - 60 Days",
            "valueKey": "31_To_60_days",
            "totalKey": "total_31_To_60_days",
        },
        "61_To_90_days": {
            "title": "61 - 90 Days",
            "valueKey": "61_To_90_days",
            "totalKey": "total_61_To_90_days",
        },
        "over_91_days": {
            "title": "Over 91 Days",
            "valueKey": "over_91_days",
            "totalKey": "total_over_91_days",
        },
    }


def test_aged_receivables_other_range(data):
    out = reports.aged_receivables(data, organization_id=ORG, date="2025-06-30", range=7)
    # N = 7: ages 10 -> 8-14, 60 -> over 22.
    assert list(out["headers"]) == ["1_To_7_days", "8_To_14_days", "15_To_21_days", "over_22_days"]
    assert out["headers"]["over_22_days"]["title"] == "Over 22 Days"
    assert out["summaries"]["total_8_To_14_days"] == Decimal("300000.00")
    assert out["summaries"]["total_over_22_days"] == Decimal("5000.00")


def test_customer_aging_detail_in_cents(cli, data):
    r = cli(
        "report",
        "customer-aging-detail",
        "--data",
        data,
        "--business-id",
        ORG,
        "--customer-id",
        "c_bus1",
        # 01:00 at +05:00 is 20:00 UTC on 2025-06-30: the 5,000.00 is 30 days past due.
        "--effective-date",
        "2025-07-01T01:00:00+05:00",
    )
    assert r.code == 0, r
    assert json.loads(r.out) == {
        "type": "AR_Aging_Customer_Detail",
        "as_of_date": "2025-06-30T00:00:00Z",
        "customer": {
            "id": "c_bus1",
            "external_id": None,
            "individual_name": None,
            "company_name": "business",
            "email": None,
            "mobile_phone": None,
            "office_phone": None,
            "address_string": None,
            "memo": None,
            "status": "ACTIVE",
            "transaction_tags": [],
        },
        "buckets": [
            {"start_day_number": 1, "end_day_number": 30, "outstanding_value": 500000},
            {"start_day_number": 31, "end_day_number": 60, "outstanding_value": 0},
            {"start_day_number": 61, "end_day_number": 90, "outstanding_value": 0},
            {"start_day_number": 91, "end_day_number": None, "outstanding_value": 0},
        ],
        "current": 0,
        "days_1_30": 500000,
        "days_31_60": 0,
        "days_61_90": 0,
        "days_91_over": 0,
        "total": 500000,
    }


def test_customer_aging_detail_status_and_lookups(data):
    out = reports.customer_aging_detail(
        data, business_id=ORG, customer_id="c_asd", effective_date="2025-06-30"
    )
    assert out["customer"]["status"] == "ARCHIVED" and out["total"] == 0
    out = reports.customer_aging_detail(
        data, business_id=ORG, customer_id="c_ahmed", effective_date="2025-06-30"
    )
    assert (
        out["current"] == 30000000 and out["total"] == 30000000 and out["customer"]["external_id"] == "ext-1"
    )
    with pytest.raises(NotFoundError):
        reports.customer_aging_detail(data, business_id=ORG, customer_id="c_x")  # of another business
    with pytest.raises(NotFoundError):
        reports.customer_aging_detail(data, business_id=ORG, customer_id="nobody")
    with pytest.raises(NotFoundError):
        reports.customer_aging_detail(data, business_id="nope", customer_id="c_bus1")
    with pytest.raises(ParameterError, match="customer_id"):
        reports.customer_aging_detail(data, business_id=ORG)
    with pytest.raises(ParameterError, match="business_id is required"):
        reports.customer_aging_detail(data, customer_id="c_bus1")


def test_money_text_macro_agrees_with_the_reference_formatter(data):
    """The report formats money in SQL (reports.arlake_money_text); every combination of options on a spread of
    values, edge cases and random exact decimals, must give the text of the Python reference formatter
    (tests/reference_formatting.py, tested on its own)."""
    import itertools
    import random

    from reference_formatting import NumberFormat, format_amount

    from arlake.warehouse import Warehouse

    rng = random.Random(7)
    values = [Decimal(v) for v in ("0", "0.01", "-0.01", "0.05", "-0.04", "0.50", "2.35", "999.99", "1000")]
    values += [Decimal("9999999999999999.99"), Decimal("-9999999999999999.99"), Decimal("-1234567.89")]
    # whole parts on either side of the largest BIGINT (the text is written from a BIGINT below it), and far above
    values += [
        Decimal(v) for v in ("9223372036854775807.49", "-9223372036854775807.99", "9223372036854775808")
    ]
    values += [Decimal("12345678901234567890123.45"), Decimal("-12345678901234567890123.45")]
    values += [Decimal(rng.randint(-(10**17), 10**17)).scaleb(-2) for _ in range(60)]
    cases = []
    for value, precision, divide, total, money, negative, currency in itertools.product(
        values, (0, 1, 2, 3, 5, 7, 10), (False, True), (False, True), ("total", "always", "none"),
        ("mines", "parentheses"), ("USD", "GHS", "chf", None),
    ):  # fmt: skip
        show_symbol = money != "none" if total else money == "always"
        cases.append((value, precision, divide, not total, show_symbol, currency, negative, total, money))
    with Warehouse(data) as warehouse, warehouse.reading() as cur:
        cur.execute(
            "create temp table cases as select * from (select unnest($v::decimal(38,2)[]) as amount,"
            " unnest($p::integer[]) as digits, unnest($d::boolean[]) as divide, unnest($b::boolean[]) as blank,"
            " unnest($s::boolean[]) as symbol, unnest($c::varchar[]) as currency, unnest($n::varchar[]) as negative,"
            " unnest(range(len($v::decimal(38,2)[]))) as i)",
            {
                "v": [c[0] for c in cases], "p": [c[1] for c in cases], "d": [c[2] for c in cases],
                "b": [c[3] for c in cases], "s": [c[4] for c in cases], "c": [c[5] for c in cases],
                "n": [c[6] for c in cases],
            },
        )  # fmt: skip
        texts = cur.execute(
            "select reports.arlake_money_text(amount, digits, divide, blank, symbol, currency, negative)"
            " from cases order by i"
        ).fetchall()
    mismatches = []
    for (text,), (value, precision, divide, _, _, currency, negative, total, money) in zip(
        texts, cases, strict=True
    ):
        fmt = NumberFormat(
            precision=precision, divide_on1000=divide, format_money=money, negative_format=negative
        )
        expected = format_amount(value, fmt, currency=currency, total=total)
        if text != expected:
            mismatches.append((value, precision, divide, total, money, negative, currency, expected, text))
    assert len(cases) > 40_000
    assert not mismatches, mismatches[:10]
