"""Rows the data-quality checks leave out are absent from every report alike, counted, and never block the build.

Organization o1 (USD), as of 2025-03-31. Worked out by hand from the rows below:
  c1 "Kept"            i1 100.00 issued 2025-01-10, due 2025-01-31; a1 40.00 of p1 on 2025-02-01 -> 60.00 open,
                       59 days past due (bucket 31-60)
  c_noorg (no organization)         i_noorg 200.00 -> left out with its customer
  c_o2 (organization o2)            i_other 300.00 filed under o1 -> left out (its customer is another org's)
  i_total (null total), i_issued (null issued_at), i_org (null organization_id) -> left out
  p_late (null received_at) and its allocation a2 25.00 to i1 -> left out, so i1 stays at 60.00
  a3 (null amount) to i1 -> left out; d1 credit note of null amount to i1 -> left out
Every report's AR for o1 is therefore 60.00 (6,000 cents); o2's only invoice is i_o2 70.00.
"""

from __future__ import annotations

import json

import pytest
from support import write_parquet

from arlake import reports

pytestmark = pytest.mark.slow
AS_OF = "2025-03-31"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("left_out")
    raw = d / "raw"
    write_parquet(
        raw / "customers" / "c.parquet",
        "select * from (values ('c1', 'o1', 'Kept'), ('c_noorg', null, 'No organization'),"
        " ('c_o2', 'o2', 'Elsewhere')) t(customer_id, organization_id, name)",
    )
    write_parquet(
        raw / "invoices" / "i.parquet",
        "select invoice_id, organization_id, customer_id, total_amount::decimal(18,2) as total_amount,"
        " issued_at::timestamp as issued_at, due_date::date as due_date from (values"
        " ('i1', 'o1', 'c1', 100.00, '2025-01-10 09:00:00', '2025-01-31'),"
        " ('i_noorg', 'o1', 'c_noorg', 200.00, '2025-01-10 09:00:00', null),"
        " ('i_other', 'o1', 'c_o2', 300.00, '2025-01-10 09:00:00', null),"
        " ('i_total', 'o1', 'c1', null, '2025-01-10 09:00:00', null),"
        " ('i_issued', 'o1', 'c1', 400.00, null, null),"
        " ('i_org', null, 'c1', 500.00, '2025-01-10 09:00:00', null),"
        " ('i_o2', 'o2', 'c_o2', 70.00, '2025-02-10 09:00:00', null)"
        ") t(invoice_id, organization_id, customer_id, total_amount, issued_at, due_date)",
    )
    write_parquet(
        raw / "payments" / "p.parquet",
        "select payment_id, 'o1' as organization_id, 'c1' as customer_id, amount::decimal(18,2) as amount,"
        " received_at::timestamp as received_at from (values ('p1', 40.00, '2025-02-01 10:00:00'),"
        " ('p_late', 25.00, null)) t(payment_id, amount, received_at)",
    )
    write_parquet(
        raw / "payment_allocations" / "a.parquet",
        "select allocation_id, payment_id, 'i1' as invoice_id, amount::decimal(18,2) as amount from (values"
        " ('a1', 'p1', 40.00), ('a2', 'p_late', 25.00), ('a3', 'p1', null)) t(allocation_id, payment_id, amount)",
    )
    write_parquet(
        raw / "adjustments" / "d.parquet",
        "select 'd1' as adjustment_id, 'i1' as invoice_id, 'credit_note' as kind, null::decimal(18,2) as amount,"
        " timestamp '2025-02-15 00:00:00' as applied_at",
    )
    return d


@pytest.fixture(scope="module")
def built(data, tmp_path_factory):
    from arlake.cli import main

    code = main(["build", "--data", str(data)])
    assert code == 0  # a null in a required value used to fail the build's not_null tests (exit 1)
    return data


def test_left_out_rows_are_counted_with_their_cause(built):
    from arlake.warehouse import connect

    with connect(built) as con:
        found = con.execute(
            "select check_name, table_name, record_id, detail, excluded from data_quality_issues"
            " where check_name in ('null_required_value', 'invoice_unknown_customer',"
            " 'invoice_customer_other_organization', 'allocation_of_left_out_payment') order by 1, 2, 3"
        ).fetchall()
    by_record = {
        (check, table, record): (detail, excluded) for check, table, record, detail, excluded in found
    }
    assert all(excluded for _, excluded in by_record.values())
    assert set(by_record) == {
        ("allocation_of_left_out_payment", "payment_allocations", "a2"),
        ("invoice_customer_other_organization", "invoices", "i_other"),
        ("invoice_unknown_customer", "invoices", "i_noorg"),
        ("null_required_value", "adjustments", "d1"),
        ("null_required_value", "customers", "c_noorg"),
        ("null_required_value", "invoices", "i_issued"),
        ("null_required_value", "invoices", "i_org"),
        ("null_required_value", "invoices", "i_total"),
        ("null_required_value", "payment_allocations", "a3"),
        ("null_required_value", "payments", "p_late"),
    }
    assert "null issued_at" in by_record[("null_required_value", "invoices", "i_issued")][0]
    assert "null organization_id" in by_record[("null_required_value", "customers", "c_noorg")][0]
    assert "has no organization" in by_record[("invoice_unknown_customer", "invoices", "i_noorg")][0]


def test_every_report_shows_the_same_ar_without_the_left_out_rows(built):
    summary = reports.receivable_aging_summary(built, organization_id="o1", as_date=AS_OF, aging_periods=4)
    assert [c["customer_name"] for c in summary["data"]["customers"]] == ["Kept"]  # not "No organization"
    assert summary["data"]["total"]["total"]["amount"] == 60
    assert [a["total"]["amount"] for a in summary["data"]["total"]["aging"]] == [
        0,
        60,
        0,
        0,
    ]  # 59 days: 31-60

    aged = reports.aged_receivables(built, organization_id="o1", date=AS_OF)
    assert aged["summaries"]["total_over_all"] == 60 and [e["id"] for e in aged["list"]] == ["c1"]

    detail = reports.customer_aging_detail(built, business_id="o1", customer_id="c1", effective_date=AS_OF)
    assert detail["total"] == 6000 and detail["days_31_60"] == 6000

    rows = reports.collections_summary_by_customer(built, organization_id="o1", interval="all", as_of=AS_OF)
    assert [(r["partner_id"], r["balance"], r["amount_collected"]) for r in rows["data"]] == [
        ("c1", 6000, 4000)
    ]

    listed = reports.invoices(built, organization_id="o1", as_of=AS_OF)
    assert [(i["id"], i["amount_due"], i["amount_paid"]) for i in listed["data"]] == [("i1", 6000, 4000)]

    months = reports.dso(built, organization_id="o1", as_of=AS_OF)["months"]
    assert months[-1]["ar_end"] == 60 and months[0]["credit_sales"] == 100

    other = reports.receivable_aging_summary(built, organization_id="o2", as_date=AS_OF)
    assert other["data"]["total"]["total"]["amount"] == 70  # i_o2 only; i_other is left out everywhere


def test_cli_names_no_left_out_customer(built, cli):
    r = cli(
        "report", "customer-aging-detail", "--data", built, "--business-id", "o1", "--customer-id", "c_noorg"
    )
    assert r.code == 4, r  # a customer without an organization is in no business
    out = cli("report", "collections-summary-by-customer", "--data", built, "--organization-id", "o1",
              "--as-of", AS_OF)  # fmt: skip
    assert out.code == 0 and {row["partner_id"] for row in json.loads(out.out)["data"]} == {"c1"}
