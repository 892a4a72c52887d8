"""`arlake ingest stuut-invoices`: List Invoices pages into the raw layer.

The rows written are checked by reading the Parquet files directly with DuckDB (not through the models), against
values worked out by hand from the page below; then a build and the reports show they are used as written.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from arlake import reports
from arlake.errors import DataError
from arlake.ingest import stuut_invoices

pytestmark = pytest.mark.slow

PARTNER = {
    "id": "c1",
    "object": "partner",
    "organization_id": "o1",
    "name": "Acme",
    "account_number": "AC-1",
    "remote_id": "crm-1",
    "email": "ap@acme.example",
    "phone": "+1 555 0100",
    "billing_address": {"line1": "1 Main St", "city": "Springfield"},
    "currency": "USD",
    "is_active": True,
    "is_email_outreach_manually_paused": False,
    "is_call_outreach_manually_paused": True,
    "created_at": "2024-01-02T03:04:05Z",
    "modified_at": "2024-02-03T04:05:06+00:00",
    "ap_portals": [{"unknown": "ignored"}],
    "something_new": {"nested": [1, 2, 3]},
}


def page() -> dict:
    """Two invoices: i1 partly paid (a payment shared with i2), with an email and a call; i2 paid in full and
    credited (total 300.00, paid 250.00, due 0 -> a residual credit of 50.00 on its paid date)."""
    payment = {
        "id": "p1",
        "amount": 30000,
        "partner_id": "c1",
        "timestamp": "2025-03-10T12:00:00Z",
        "currency": "USD",
        "payment_method": "ach",
        "status": "succeeded",
        "reference_number": "R-1",
        "modified_at": "2025-03-10T12:05:00Z",
        "amount_refunded": 0,
    }
    return {
        "data": [
            {
                "id": "i1",
                "object": "invoice",
                "number": "INV-1",
                "currency": "USD",
                "total_amount": 12345,
                "amount_paid": 5000,
                "amount_due": 7345,
                "subtotal": 12000,
                "total_tax": 345,
                "total_discount": 0,
                "issued_at": "2025-03-01T09:30:00Z",
                "due_date": "2025-03-31T00:00:00Z",
                "status": "overdue",
                "in_dispute": True,
                "promised_to_pay_date": "2025-04-15",
                "type": "receivable",
                "partner_id": "c1",
                "partner": PARTNER,
                "created_at": "2025-02-28T08:00:00Z",
                "modified_at": "2025-03-10T12:00:00Z",
                "payments": [
                    {
                        "id": "a1",
                        "amount": 5000,
                        "invoice_id": "i1",
                        "payment_id": "p1",
                        "strategy": "automatic",
                        "created_at": "2025-03-10T12:00:00Z",
                        "modified_at": "2025-03-10T12:00:00Z",
                        "payment": payment,
                    }
                ],
                "emails": [
                    {
                        "id": "e1",
                        "object": "email",
                        "direction": "outbound",
                        "sent_at": "2025-04-02T08:00:00+02:00",
                        "is_automated": True,
                        "is_originated_in_stuut": True,
                        "status": "delivered",
                        "subject": "Reminder",
                        "to": ["ap@acme.example", "cc@acme.example"],
                        "modified_at": "2025-04-02T06:01:00Z",
                        "attachments": [],
                    }
                ],
                "calls": [
                    {
                        "id": "k1",
                        "object": "call",
                        "direction": "outbound",
                        "start_time": "2025-04-05T15:00:00Z",
                        "is_automated": False,
                        "status": "completed",
                        "call_reason": "Collection call",
                        "to_number": "+1 555 0100",
                        "partner_id": "c1",
                        "modified_at": "2025-04-05T15:10:00Z",
                        "transcript": "<unknown>",
                    }
                ],
                "line_items": [{"name": "ignored"}],
                "custom_fields": {"anything": True},
            },
            {
                "id": "i2",
                "object": "invoice",
                "number": "INV-2",
                "total_amount": 30000,
                "amount_paid": 25000,
                "amount_due": 0,
                "issued_at": "2025-02-01T10:00:00Z",
                "due_date": None,
                "paid_at": "2025-03-10T00:00:00Z",
                "status": "paid",
                "partner": PARTNER,
                "modified_at": "2025-03-10T12:00:00Z",
                "payments": [
                    {
                        "id": "a2",
                        "amount": 25000,
                        "payment_id": "p1",
                        "strategy": "manual",
                        "created_at": "2025-03-10T12:00:00Z",
                        "payment": dict(payment),
                    }
                ],
                "emails": [],
                "calls": None,
            },
        ],
        "current_page": 0,
        "total_records": 2,
        "next_page": None,
    }


def write(path: Path, value) -> Path:
    path.write_text(value if isinstance(value, str) else json.dumps(value))
    return path


def rows(data: Path, table: str, order: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        return con.execute(
            f"select * from read_parquet('{data}/raw/{table}/*.parquet') order by {order}"
        ).fetchall()
    finally:
        con.close()


def parquet_files(data: Path) -> list[str]:
    return (
        sorted(str(p.relative_to(data)) for p in (data / "raw").rglob("*.parquet")) if data.exists() else []
    )


def test_rows_written_exactly(tmp_path, cli):
    f = write(tmp_path / "page0.json", page())
    data = tmp_path / "data"
    r = cli("ingest", "stuut-invoices", f, "--data", data)
    assert r.code == 0, r
    assert "ingested 1 file(s): 2 invoices" in r.out
    ts = dt.datetime
    assert rows(data, "customers", "customer_id") == [
        ("c1", "o1", "Acme", "AC-1", "crm-1", "ap@acme.example", "+1 555 0100", "1 Main St", "USD", True, True,
         ts(2024, 1, 2, 3, 4, 5), ts(2024, 2, 3, 4, 5, 6)),
    ]  # fmt: skip
    assert rows(data, "invoices", "invoice_id") == [
        ("i1", "o1", "c1", Decimal("123.45"), ts(2025, 3, 1, 9, 30), "INV-1", "receivable", "USD",
         Decimal("120.00"), Decimal("3.45"), Decimal("0.00"), ts(2025, 3, 31), "overdue", None, None, True,
         dt.date(2025, 4, 15), ts(2025, 2, 28, 8), ts(2025, 3, 10, 12)),
        ("i2", "o1", "c1", Decimal("300.00"), ts(2025, 2, 1, 10), "INV-2", None, None, None, None, None, None,
         "paid", None, None, None, None, None, ts(2025, 3, 10, 12)),
    ]  # fmt: skip
    assert rows(data, "payments", "payment_id") == [
        ("p1", "o1", "c1", Decimal("300.00"), ts(2025, 3, 10, 12), "USD", "ach", "succeeded", "R-1",
         ts(2025, 3, 10, 12, 5)),
    ]  # fmt: skip
    assert rows(data, "payment_allocations", "allocation_id") == [
        ("a1", "p1", "i1", Decimal("50.00"), ts(2025, 3, 10, 12), "automatic", ts(2025, 3, 10, 12)),
        ("a2", "p1", "i2", Decimal("250.00"), ts(2025, 3, 10, 12), "manual", None),
    ]
    # i2: 300.00 - 250.00 paid - 0 due = 50.00 neither paid nor due: one credit note on the paid date.
    assert rows(data, "adjustments", "adjustment_id") == [
        ("i2#residual", "i2", "credit_note", Decimal("50.00"), ts(2025, 3, 10), ts(2025, 3, 10, 12)),
    ]
    assert rows(data, "outreach", "outreach_id") == [
        ("e1", "o1", "c1", "email", ts(2025, 4, 2, 6), "outbound", True, True, "delivered", "Reminder",
         "ap@acme.example", ts(2025, 4, 2, 6, 1)),
        ("k1", "o1", "c1", "call", ts(2025, 4, 5, 15), "outbound", False, None, "completed", "Collection call",
         "+1 555 0100", ts(2025, 4, 5, 15, 10)),
    ]  # fmt: skip
    assert rows(data, "outreach_invoices", "outreach_id") == [("e1", "i1"), ("k1", "i1")]
    # No temporary file is left next to the Parquet files.
    assert not [p for p in (data / "raw").rglob("*") if p.is_file() and not p.name.endswith(".parquet")]


def test_ingested_page_builds_and_reads_back(tmp_path):
    from arlake.build import build

    data = tmp_path / "data"
    stuut_invoices.ingest([write(tmp_path / "p.json", page())], data)
    build(data)
    out = reports.invoices(data, as_of="2025-04-30", sort_by="number", sort_order="asc")
    got = [
        (i["id"], i["status"], i["total_amount"], i["amount_paid"], i["amount_due"], i["paid_at"])
        for i in out["data"]
    ]
    assert got == [
        ("i1", "overdue", 12345, 5000, 7345, None),
        ("i2", "paid", 30000, 25000, 0, "2025-03-10T00:00:00Z"),
    ]
    i1 = out["data"][0]
    assert [e["id"] for e in i1["emails"]] == ["e1"] and [c["id"] for c in i1["calls"]] == ["k1"]
    assert i1["last_outreach_at"] == "2025-04-05T15:00:00Z" and i1["last_outreach_channel"] == "call"
    assert i1["partner"]["is_call_outreach_manually_paused"] is True  # either flag pauses the customer


def test_idempotent(tmp_path, cli):
    f = write(tmp_path / "p.json", page())
    data = tmp_path / "data"
    assert cli("ingest", "stuut-invoices", f, "--data", data).code == 0
    first = parquet_files(data)
    r = cli("ingest", "stuut-invoices", f, f, "--data", data)
    assert r.code == 0 and "already present" in r.out
    assert parquet_files(data) == first  # the same content is not written again
    # The same page re-serialized lands again, and dedupe makes it change nothing.
    before = {t: rows(data, t, "all") for t in stuut_invoices.SCHEMAS}
    write(tmp_path / "copy.json", json.dumps(page(), indent=1))
    assert cli("ingest", "stuut-invoices", tmp_path / "copy.json", "--data", data).code == 0
    assert len(parquet_files(data)) == 2 * len(first)
    after = {t: rows(data, t, "all") for t in stuut_invoices.SCHEMAS}
    assert {t: sorted(set(v)) for t, v in after.items()} == {t: sorted(set(v)) for t, v in before.items()}


def test_crash_leaves_no_partial_file_and_a_rerun_completes(tmp_path, monkeypatch):
    f = write(tmp_path / "p.json", page())
    data = tmp_path / "data"
    real_replace = stuut_invoices.os.replace
    calls = []

    def crash_on_third(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk on fire")
        return real_replace(src, dst)

    monkeypatch.setattr(stuut_invoices.os, "replace", crash_on_third)
    with pytest.raises(DataError, match="cannot write .*: disk on fire"):  # one clear line, exit 3
        stuut_invoices.ingest([f], data)
    monkeypatch.setattr(stuut_invoices.os, "replace", real_replace)
    # Two complete files were renamed into place; the third table's temporary file is gone.
    assert len(parquet_files(data)) == 2
    assert not [p for p in (data / "raw").rglob("*") if p.is_file() and not p.name.endswith(".parquet")]
    for name in parquet_files(data):
        duckdb.sql(f"select count(*) from read_parquet('{data / name}')").fetchall()  # readable, complete
    (result,) = stuut_invoices.ingest([f], data)
    assert len(result.skipped) == 2 and len(parquet_files(data)) == 7
    clean = tmp_path / "clean"
    stuut_invoices.ingest([f], clean)
    for table in stuut_invoices.SCHEMAS:
        assert rows(data, table, "all") == rows(clean, table, "all")


def _broken(mutate) -> dict:
    value = page()
    mutate(value)
    return value


@pytest.mark.parametrize(
    ("content", "path"),
    [
        ("{not json", "$"),
        ([1, 2], "$"),
        ({"current_page": 0}, "data"),
        ({"data": {"id": "x"}}, "data"),
        ({"data": [page()["data"][0], 7]}, "data[1]"),
        (_broken(lambda p: p["data"][1].pop("id")), "data[1].id"),
        (_broken(lambda p: p["data"][0].update(id=None)), "data[0].id"),
        (_broken(lambda p: p["data"][0].pop("partner")), "data[0].partner"),
        (
            _broken(lambda p: p["data"][1].update(partner={"id": "c1", "name": "x"})),
            "data[1].partner.organization_id",
        ),
        (_broken(lambda p: p["data"][0].update(partner_id="c9")), "data[0].partner_id"),
        (_broken(lambda p: p["data"][0].update(total_amount=123.5)), "data[0].total_amount"),
        (_broken(lambda p: p["data"][0].update(total_amount="12345")), "data[0].total_amount"),
        (_broken(lambda p: p["data"][0].update(total_amount=True)), "data[0].total_amount"),
        (_broken(lambda p: p["data"][0].update(total_amount=10**18)), "data[0].total_amount"),
        (_broken(lambda p: p["data"][1].update(issued_at="yesterday")), "data[1].issued_at"),
        (
            _broken(lambda p: p["data"][0].update(promised_to_pay_date="15/04/2025")),
            "data[0].promised_to_pay_date",
        ),
        (_broken(lambda p: p["data"][0].update(in_dispute="yes")), "data[0].in_dispute"),
        (_broken(lambda p: p["data"][0].update(type="refund")), "data[0].type"),
        (_broken(lambda p: p["data"][0].update(payments={"id": "a1"})), "data[0].payments"),
        (_broken(lambda p: p["data"][0]["payments"][0].update(amount="50.00")), "data[0].payments[0].amount"),
        (_broken(lambda p: p["data"][0]["payments"][0].pop("payment")), "data[0].payments[0].payment"),
        (
            _broken(lambda p: p["data"][0]["payments"][0].update(invoice_id="i2")),
            "data[0].payments[0].invoice_id",
        ),
        (
            _broken(lambda p: p["data"][1]["payments"][0]["payment"].update(amount=1.5)),
            "data[1].payments[0].payment.amount",
        ),
        (
            _broken(lambda p: p["data"][1]["payments"][0]["payment"].update(timestamp=None)),
            "data[1].payments[0].payment.timestamp",
        ),
        (_broken(lambda p: p["data"][0]["emails"][0].update(sent_at="soon")), "data[0].emails[0].sent_at"),
        (_broken(lambda p: p["data"][0]["emails"][0].update(to="ap@acme.example")), "data[0].emails[0].to"),
        (_broken(lambda p: p["data"][0]["calls"][0].update(start_time=None)), "data[0].calls[0].start_time"),
        (
            _broken(lambda p: p["data"][0]["calls"][0].update(is_automated="no")),
            "data[0].calls[0].is_automated",
        ),
    ],
)
def test_malformed_record_exit_3_names_file_and_path_and_writes_nothing(tmp_path, cli, content, path):
    good = write(tmp_path / "good.json", page())
    bad = write(tmp_path / "bad.json", content)
    data = tmp_path / "data"
    r = cli("ingest", "stuut-invoices", bad, "--data", data)
    assert r.code == 3, r
    assert str(bad) in r.err and f" at {path}:" in r.err and "Traceback" not in r.err
    assert parquet_files(data) == []
    # With a good file first, the good one is written and the bad one is not.
    r = cli("ingest", "stuut-invoices", good, bad, "--data", data)
    assert r.code == 3 and len(parquet_files(data)) == 7


def test_cli_errors(tmp_path, cli):
    r = cli("ingest", "stuut-invoices", tmp_path / "missing.json", "--data", tmp_path / "d")
    assert r.code == 3 and "missing.json" in r.err
    r = cli("ingest", "quickbooks", tmp_path / "x.json")
    assert r.code == 2 and "stuut-invoices" in r.err
    r = cli("ingest", "stuut-invoices")
    assert r.code == 2


def test_cents_convert_exactly():
    rows_ = stuut_invoices.parse_page(
        json.dumps(_broken(lambda p: p["data"][0].update(total_amount=-1, subtotal=999999999999999999)))
    )
    inv = rows_.tables["invoices"]["i1"]
    assert inv["total_amount"] == Decimal("-0.01") and inv["subtotal"] == Decimal("9999999999999999.99")
    # 100.0 in JSON is an integer number of cents too
    rows_ = stuut_invoices.parse_page(
        json.dumps(page()).replace('"total_amount": 12345', '"total_amount": 100.0')
    )
    assert rows_.tables["invoices"]["i1"]["total_amount"] == Decimal("1.00")
    assert copy.deepcopy(page()) == page()


def test_batches_and_records_seen_twice(tmp_path):
    newer = write(tmp_path / "newer.json", page())
    stale = page()
    stale["data"][0].update(number="OLD", modified_at="2025-03-01T00:00:00Z")
    older = write(tmp_path / "older.json", stale)
    # One batch: the newer record wins although the older file comes later.
    data = tmp_path / "one"
    (result,) = stuut_invoices.ingest([newer, older], data)
    assert result.files == 2 and result.invoices == 2 and len(result.written) == 7
    assert [r[5] for r in rows(data, "invoices", "invoice_id")] == ["INV-1", "INV-2"]
    # Batches of one invoice page each: one output file per table and batch.
    data = tmp_path / "two"
    results = stuut_invoices.ingest([newer, older], data, batch_invoices=1)
    assert [r.files for r in results] == [1, 1] and len(parquet_files(data)) == 14
