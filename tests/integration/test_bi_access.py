"""What a BI tool sees: the warehouse file through SQLAlchemy and duckdb_engine (the driver Superset uses),
querying the table macros `reports.<model>_at(...)` with the as-of date in the query itself, no SET VARIABLE.

The README's example queries are run as written (their date replaced by one taken from the data), and what they
return is compared with the report JSON of the same date, computed by the reports' own queries over the views:
the two must agree to the cent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from arlake import reports

pytestmark = pytest.mark.slow
README = Path(__file__).resolve().parents[2] / "README.md"
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def bi(sample_data):
    """A read-only SQLAlchemy connection to the built warehouse, as a BI tool opens it."""
    engine = sa.create_engine(
        f"duckdb:///{sample_data / 'warehouse.duckdb'}",
        connect_args={"read_only": True},
        poolclass=sa.NullPool,
    )
    with engine.connect() as connection:
        yield connection
    engine.dispose()


@pytest.fixture(scope="module")
def organization(bi):
    """The organization with the most invoices and a date 45 days before its last activity (money is still
    open then, so every bucket and measure has something in it)."""
    row = bi.execute(
        sa.text(
            "select o.organization_id, o.last_activity_on from reports.dim_organizations as o "
            "join reports.dim_customers as c using (organization_id) group by all order by count(*) desc, 1 limit 1"
        )
    ).one()
    return row.organization_id, row.last_activity_on - dt.timedelta(days=45)


def _readme_queries() -> dict[str, str]:
    """The README's BI example queries, keyed by the table macro they call."""
    text = README.read_text()
    section = text.split("## BI tools", 1)[1].split("\n## ", 1)[0]
    queries = re.findall(r"```sql\n(.*?)```", section, re.S)
    found = {}
    for query in queries:
        for statement in filter(str.strip, query.split(";")):
            name = re.search(r"reports\.(\w+_at)\(", statement).group(1)
            found[name] = statement.strip()
    return found


def _run(bi, query: str, as_of: dt.date, organization_id: str) -> list[dict]:
    """A README query at `as_of` for one organization: its literal date replaced, its rows filtered."""
    dated, count = re.subn(r"date '\d{4}-\d{2}-\d{2}'", f"date '{as_of.isoformat()}'", query)
    assert count == 1, query
    rows = bi.execute(
        sa.text(f"select * from ({dated}) as q where organization_id = :o"), {"o": organization_id}
    )
    return [dict(row) for row in rows.mappings()]


def test_the_readme_shows_one_query_per_consumer_mart():
    assert set(_readme_queries()) == {
        "ar_aging_by_customer_at",
        "collections_summary_by_customer_at",
        "invoice_balances_as_of_at",
        "dso_monthly_at",
        "invoice_list_at",
    }


def test_aging_macro_matches_the_aging_reports(bi, organization, sample_data):
    org, as_of = organization
    rows = _run(bi, _readme_queries()["ar_aging_by_customer_at"], as_of, org)
    assert rows
    by_bucket: dict[int, Decimal] = defaultdict(Decimal)
    by_customer: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        by_bucket[row["bucket_index"]] += row["outstanding"]
        by_customer[row["customer_id"]][row["bucket_index"]] += row["outstanding"]
    assert len(by_bucket) >= 3  # current and overdue money: the comparison covers several buckets

    # The README query is 30-day buckets, 4 of them, by due date: the Bigcapital summary's totals with P = 4.
    summary = reports.receivable_aging_summary(
        sample_data, organization_id=org, as_date=as_of, aging_days_before=30, aging_periods=4
    )["data"]["total"]
    assert summary["current"]["amount"] == by_bucket[0]
    assert [b["total"]["amount"] for b in summary["aging"]] == [by_bucket[k] for k in (1, 2, 3, 4)]

    # Layer's detail is the same aging per customer, in cents.
    for customer in sorted(by_customer)[:5]:
        detail = reports.customer_aging_detail(
            sample_data, business_id=org, customer_id=customer, effective_date=as_of
        )
        cents = [int(by_customer[customer][k] * 100) for k in range(5)]
        assert [
            detail[f] for f in ("current", "days_1_30", "days_31_60", "days_61_90", "days_91_over")
        ] == cents
        assert detail["total"] == sum(cents)


def test_balances_macro_matches_the_aged_receivables_totals(bi, organization, sample_data):
    org, as_of = organization
    rows = _run(bi, _readme_queries()["invoice_balances_as_of_at"], as_of, org)
    open_by_customer: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row["is_open"]:
            open_by_customer[row["customer_id"]] += row["outstanding"]
    assert open_by_customer
    # aged-receivables ages by issue date in four buckets, the last open-ended: its total is the open balance.
    listed = reports.aged_receivables(sample_data, organization_id=org, date=as_of)["list"]
    totals = {e["customer_id"]: e["total_aged_receivables"] for e in listed if e["total_aged_receivables"]}
    assert totals == dict(open_by_customer)


def test_collections_macro_matches_the_collections_report(bi, organization, sample_data):
    org, as_of = organization
    rows = [
        r
        for r in _run(bi, _readme_queries()["collections_summary_by_customer_at"], as_of, org)
        if r["period_interval"] == "monthly"
    ]
    report = reports.collections_summary_by_customer(sample_data, organization_id=org, as_of=as_of)["data"]
    assert rows and len(rows) == len(report)
    expected = {(r["partner_id"], r["period_start"]): r for r in report}
    for row in rows:
        shown = expected[(row["partner_id"], row["period_start"].isoformat())]
        assert shown["period_end"] == row["period_end"].isoformat()
        for money in ("balance", "amount_collected", "amount_issued", "amount_overdue", "balance_for_period"):
            assert shown[money] == int(row[money] * 100), money  # the report writes integer cents
        for count in ("invoices_issued", "invoices_open", "invoices_paid", "invoices_touched"):
            assert shown[count] == row[count], count
        assert shown["dso"] == row["dso"]


def test_dso_macro_matches_the_dso_report(bi, organization, sample_data):
    org, as_of = organization
    rows = _run(bi, _readme_queries()["dso_monthly_at"], as_of, org)
    months = reports.dso(sample_data, organization_id=org, as_of=as_of)["months"]
    assert rows and len(rows) == len(months)
    by_start = {m["period_start"]: m for m in months}
    fields = ("ar_start", "ar_end", "current_ar_end", "credit_sales", "standard_dso", "countback_dso")
    fields += ("collection_effectiveness_index", "percent_current", "weighted_average_days_late")
    for row in rows:
        month = by_start[row["period_start"].isoformat()]
        assert month["days"] == row["days_in_period"]
        assert {f: month[f] for f in fields} == {f: row[f] for f in fields}


def test_invoice_list_macro_matches_the_invoices_report(bi, organization, sample_data):
    org, as_of = organization
    query = _readme_queries()["invoice_list_at"]
    assert "status = 'overdue'" in query
    rows = {r["invoice_id"]: r for r in _run(bi, query, as_of, org)}
    page = reports.invoices(sample_data, organization_id=org, as_of=as_of, status=["overdue"], limit=200)
    assert rows and page["total_records"] == len(rows)
    for invoice in page["data"]:
        row = rows[invoice["id"]]
        assert invoice["status"] == row["status"] == "overdue"
        assert invoice["amount_due"] == int(row["amount_due"] * 100)
        assert invoice["amount_paid"] == int(row["amount_paid"] * 100)
        assert invoice["total_amount"] == int(row["total_amount"] * 100)
