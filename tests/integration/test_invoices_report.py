"""The `invoices` report (Stuut List Invoices shape, docs/invoices.md) on a hand-built fixture, through the real
build, the Python API and the CLI.

As of 2025-06-30, organization o1 (o2 makes organization_id required). Every expected value is worked out by
hand from the rows below (the table EXPECTED), never read back from the code under test:

  id   cust total  issued      due         what happens                                   at 2025-06-30
  i01  c1   100    06-01       07-01       failed payment 06-01 (ignored)                 open, due 100
  i02  c1   250    05-01       05-31       50 paid 06-10; email 06-05, call 06-20,       overdue, due 200
                                            inbound email 06-25
  i03  c1    80    04-01       04-30       80 paid 05-15                                  paid 05-15
  i04  c2   300    03-01       03-31       voided 03-10                                   void (ledger 300)
  i05  c2   500    02-01       03-03       uncollectible 06-01; email 06-12               uncollectible, due 0
  i06  c2    75    06-15 draft                                                            draft (on request)
  i07  c1    60    06-20       (none)      due on its issue date                          overdue, due 60
  i08  c1    40    07-05                   issued after D                                 not listed
  i09  c2   120    06-30       06-30       draft email 06-26 (listed, not an outreach)    open (due on D)
  i10  c1    90    payable                                                                not listed
  i11  c1   100    05-10       06-09       100 paid 07-02 (after D); call 06-20           overdue, due 100
  i12  c1   100    01-10       02-09       credit 30 on 02-01, 70 paid 02-05              paid 02-05
  i13  cx    70    (organization o2)
c2 has outreach paused. An SMS (06-28) to i01 has no place in the shape; an email of 07-03 to i01 is after D.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import pytest
from support import write_parquet

from arlake import reports
from arlake.errors import NotFoundError, ParameterError

pytestmark = pytest.mark.slow
ORG = "o1"
AS_OF = "2025-06-30"

# id: (number, customer, total, amount_due, amount_paid, status, issued date, due_on, paid_at date,
#      last_outreach_at, last_inbound_at, has_outreach, customer paused)  - amounts in cents
EXPECTED = {
    "i01": ("INV-001", "c1", 10000, 10000, 0, "open", "2025-06-01", "2025-07-01", None, None, None, False, False),
    "i02": ("INV-002", "c1", 25000, 20000, 5000, "overdue", "2025-05-01", "2025-05-31", None,
            "2025-06-20T11:00:00Z", "2025-06-25T08:00:00Z", True, False),
    "i03": ("INV-003", "c1", 8000, 0, 8000, "paid", "2025-04-01", "2025-04-30", "2025-05-15", None, None, False,
            False),
    "i04": ("INV-004", "c2", 30000, 30000, 0, "void", "2025-03-01", "2025-03-31", None, None, None, False, True),
    "i05": ("INV-005", "c2", 50000, 0, 0, "uncollectible", "2025-02-01", "2025-03-03", "2025-06-01",
            "2025-06-12T09:00:00Z", None, True, True),
    "i07": (None, "c1", 6000, 6000, 0, "overdue", "2025-06-20", "2025-06-20", None, None, None, False, False),
    "i09": ("INV-009", "c2", 12000, 12000, 0, "open", "2025-06-30", "2025-06-30", None, None, None, False, True),
    "i11": ("INV-011", "c1", 10000, 10000, 0, "overdue", "2025-05-10", "2025-06-09", None, "2025-06-20T11:00:00Z",
            None, True, False),
    "i12": ("INV-012", "c1", 10000, 0, 7000, "paid", "2025-01-10", "2025-02-09", "2025-02-05", None, None, False,
            False),
}  # fmt: skip
DRAFT = ("INV-006", "c2", 7500, 7500, 0, "draft", "2025-06-15", "2025-06-15", None, None, None, False, True)
FIELDS = ("number", "customer", "total", "due", "paid", "status", "issued", "due_on", "paid_at", "last_outreach",
          "last_inbound", "has_outreach", "paused")  # fmt: skip
ALL_STATUSES = ["draft", "open", "uncollectible", "paid", "void", "processing", "overdue"]


def col(name: str) -> dict[str, object]:
    i = FIELDS.index(name)
    return {k: v[i] for k, v in {**EXPECTED, "i06": DRAFT}.items()}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from arlake.build import build

    d = tmp_path_factory.mktemp("invoices")
    raw = d / "raw"
    write_parquet(
        raw / "organizations" / "o.parquet",
        "select * from (values ('o1', 'One'), ('o2', 'Two')) t(organization_id, name)",
    )
    write_parquet(
        raw / "customers" / "c.parquet",
        "select * from (values"
        " ('c1', 'o1', 'Acme', 'AC-1', 'ext-1', 'ap@acme.example', '+1 555 0100', '1 Main St', false,"
        "  timestamp '2024-01-02 03:04:05', timestamp '2024-02-03 04:05:06'),"
        " ('c2', 'o1', 'Beta', null, null, null, null, null, true, null, null),"
        " ('cx', 'o2', 'Elsewhere', null, null, null, null, null, false, null, null)"
        ") t(customer_id, organization_id, name, account_number, external_id, email, phone, address,"
        " outreach_paused, created_at, modified_at)",
    )
    inv = [
        # id, customer, total, issued_at, due_date, status, voided_at, uncollectible_at, type, number, org
        ("i01", "c1", "100.00", "2025-06-01 10:00:00", "'2025-07-01'", "null", "null", "null", "receivable"),
        ("i02", "c1", "250.00", "2025-05-01 09:00:00", "'2025-05-31'", "null", "null", "null", "receivable"),
        ("i03", "c1", "80.00", "2025-04-01 09:00:00", "'2025-04-30'", "'paid'", "null", "null", "receivable"),
        ("i04", "c2", "300.00", "2025-03-01 09:00:00", "'2025-03-31'", "'void'", "'2025-03-10 12:00:00'", "null",
         "receivable"),
        ("i05", "c2", "500.00", "2025-02-01 09:00:00", "'2025-03-03'", "null", "null", "'2025-06-01 15:00:00'",
         "receivable"),
        ("i06", "c2", "75.00", "2025-06-15 09:00:00", "null", "'draft'", "null", "null", "receivable"),
        ("i07", "c1", "60.00", "2025-06-20 09:00:00", "null", "null", "null", "null", "receivable"),
        ("i08", "c1", "40.00", "2025-07-05 09:00:00", "'2025-08-04'", "null", "null", "null", "receivable"),
        ("i09", "c2", "120.00", "2025-06-30 23:00:00", "'2025-06-30'", "null", "null", "null", "receivable"),
        ("i10", "c1", "90.00", "2025-06-01 09:00:00", "'2025-07-01'", "null", "null", "null", "payable"),
        ("i11", "c1", "100.00", "2025-05-10 09:00:00", "'2025-06-09'", "null", "null", "null", "receivable"),
        ("i12", "c1", "100.00", "2025-01-10 09:00:00", "'2025-02-09'", "null", "null", "null", "receivable"),
        ("i13", "cx", "70.00", "2025-01-10 09:00:00", "null", "null", "null", "null", "receivable"),
    ]  # fmt: skip
    values = ", ".join(
        f"('{i}', '{'o2' if c == 'cx' else 'o1'}', '{c}', {t}::decimal(18,2), timestamp '{iss}', "
        f"cast({due} as date), {st}, cast({vo} as timestamp), cast({un} as timestamp), '{ty}', "
        f"{'null' if i == 'i07' else repr('INV-0' + i[1:])}, 'USD', {t}::decimal(18,2), 0::decimal(18,2), "
        "0::decimal(18,2), timestamp '2024-12-31 00:00:00', timestamp '2025-01-01 00:00:00')"
        for i, c, t, iss, due, st, vo, un, ty in inv
    )
    write_parquet(
        raw / "invoices" / "i.parquet",
        f"select * from (values {values}) t(invoice_id, organization_id, customer_id, total_amount, issued_at,"
        " due_date, status, voided_at, marked_uncollectible_at, type, number, currency, subtotal, total_tax,"
        " total_discount, created_at, modified_at)",
    )
    write_parquet(
        raw / "payments" / "p.parquet",
        "select * from (values"
        " ('p1', 'o1', 'c1', 50.00::decimal(18,2), timestamp '2025-06-10 12:00:00', 'succeeded', 'ach', 'R1'),"
        " ('p2', 'o1', 'c1', 80.00::decimal(18,2), timestamp '2025-05-15 12:00:00', 'succeeded', 'card', null),"
        " ('p3', 'o1', 'c1', 100.00::decimal(18,2), timestamp '2025-07-02 12:00:00', 'succeeded', 'ach', null),"
        " ('p4', 'o1', 'c1', 70.00::decimal(18,2), timestamp '2025-02-05 12:00:00', 'succeeded', 'wire', null),"
        " ('p5', 'o1', 'c1', 100.00::decimal(18,2), timestamp '2025-06-01 12:00:00', 'failed', 'card', null)"
        ") t(payment_id, organization_id, customer_id, amount, received_at, status, payment_method,"
        " reference_number)",
    )
    write_parquet(
        raw / "payment_allocations" / "a.parquet",
        "select * from (values ('a1', 'p1', 'i02', 50.00::decimal(18,2), null::timestamp, 'auto'),"
        " ('a2', 'p2', 'i03', 80.00::decimal(18,2), null, 'manual'),"
        " ('a3', 'p3', 'i11', 100.00::decimal(18,2), null, 'manual'),"
        " ('a4', 'p4', 'i12', 70.00::decimal(18,2), timestamp '2025-02-05 13:00:00', 'manual'),"
        " ('a5', 'p5', 'i01', 100.00::decimal(18,2), null, 'manual'))"
        " t(allocation_id, payment_id, invoice_id, amount, applied_at, strategy)",
    )
    write_parquet(
        raw / "adjustments" / "a.parquet",
        "select 'adj1' as adjustment_id, 'i12' as invoice_id, 'credit_note' as kind, 30.00::decimal(18,2) as amount,"
        " timestamp '2025-02-01 10:00:00' as applied_at",
    )
    write_parquet(
        raw / "outreach" / "o.parquet",
        "select * from (values"
        " ('e1', 'o1', 'c1', 'email', timestamp '2025-06-05 09:00:00', 'outbound', true, 'delivered', 'Reminder',"
        "  'ap@acme.example'),"
        " ('k1', 'o1', 'c1', 'call', timestamp '2025-06-20 11:00:00', 'outbound', false, 'completed', 'Call',"
        "  '+1 555 0100'),"
        " ('e2', 'o1', 'c1', 'email', timestamp '2025-06-25 08:00:00', 'inbound', false, 'delivered', 'RE: Reminder',"
        "  'ar@one.example'),"
        " ('s1', 'o1', 'c1', 'sms', timestamp '2025-06-28 08:00:00', 'outbound', true, 'sent', null, null),"
        " ('e3', 'o1', 'c2', 'email', timestamp '2025-06-26 08:00:00', 'outbound', false, 'draft', 'Draft', null),"
        " ('e4', 'o1', 'c1', 'email', timestamp '2025-07-03 08:00:00', 'outbound', true, 'sent', 'Late', null),"
        " ('e5', 'o1', 'c2', 'email', timestamp '2025-06-12 09:00:00', 'outbound', true, 'sent', 'Notice', null)"
        ") t(outreach_id, organization_id, customer_id, channel, occurred_at, direction, is_automated, status,"
        " subject, to_address)",
    )
    write_parquet(
        raw / "outreach_invoices" / "l.parquet",
        "select * from (values ('e1', 'i02'), ('k1', 'i02'), ('k1', 'i11'), ('e2', 'i02'), ('s1', 'i01'),"
        " ('e3', 'i09'), ('e4', 'i01'), ('e5', 'i05')) t(outreach_id, invoice_id)",
    )
    build(d)
    return d


def run(data, **params):
    params.setdefault("organization_id", ORG)
    params.setdefault("as_of", AS_OF)
    params.setdefault("limit", 200)
    return reports.invoices(data, **params)


def ids(out) -> list[str]:
    return [i["id"] for i in out["data"]]


def test_every_listed_invoice_matches_the_hand_computed_row(data):
    out = run(data)
    assert out["total_records"] == len(EXPECTED) and out["current_page"] == 0 and out["next_page"] is None
    assert sorted(ids(out)) == sorted(EXPECTED)
    for inv in out["data"]:
        want = dict(zip(FIELDS, EXPECTED[inv["id"]], strict=True))
        got = {
            "number": inv["number"],
            "customer": inv["partner_id"],
            "total": inv["total_amount"],
            "due": inv["amount_due"],
            "paid": inv["amount_paid"],
            "status": inv["status"],
            "issued": inv["issued_at"][:10],
            "due_on": want["due_on"],  # checked below through due_date
            "paid_at": inv["paid_at"] and inv["paid_at"][:10],
            "last_outreach": inv["last_outreach_at"],
            "last_inbound": want["last_inbound"],  # a sort key only (checked by the sort tests)
            "has_outreach": inv["last_outreach_at"] is not None,
            "paused": inv["partner"]["is_email_outreach_manually_paused"],
        }
        assert got == want, inv["id"]
        # paid_at only for paid/uncollectible here; amounts are integers (cents)
        assert all(isinstance(inv[k], int) for k in ("total_amount", "amount_due", "amount_paid"))
        assert inv["object"] == "invoice" and inv["type"] == "receivable"


def test_fields_of_one_invoice_in_full(data):
    (inv,) = run(data, number=["INV-002"])["data"]
    assert len(inv) == 59  # every field of the shape's invoice object
    assert inv["issued_at"] == "2025-05-01T09:00:00Z" and inv["due_date"] == "2025-05-31T00:00:00Z"
    assert inv["currency"] == "USD" and inv["subtotal"] == 25000 and inv["total_tax"] == 0
    assert inv["created_at"] == "2024-12-31T00:00:00Z" and inv["modified_at"] == "2025-01-01T00:00:00Z"
    assert inv["last_outreach_channel"] == "call"
    assert inv["memo"] is None and inv["line_items"] is None and inv["remote_id"] is None
    partner = inv["partner"]
    assert len(partner) == 51
    assert {k: partner[k] for k in ("id", "name", "account_number", "remote_id", "email", "phone",
                                    "organization_id", "created_at", "modified_at", "is_active")} == {
        "id": "c1", "name": "Acme", "account_number": "AC-1", "remote_id": "ext-1", "email": "ap@acme.example",
        "phone": "+1 555 0100", "organization_id": "o1", "created_at": "2024-01-02T03:04:05Z",
        "modified_at": "2024-02-03T04:05:06Z", "is_active": True,
    }  # fmt: skip
    assert partner["billing_address"]["line1"] == "1 Main St"
    (alloc,) = inv["payments"]
    assert len(alloc) == 17 and len(alloc["payment"]) == 38
    assert (alloc["id"], alloc["amount"], alloc["invoice_id"], alloc["payment_id"], alloc["strategy"]) == (
        "a1",
        5000,
        "i02",
        "p1",
        "auto",
    )
    assert alloc["created_at"] == "2025-06-10T12:00:00Z"  # applied_at falls back to received_at
    payment = alloc["payment"]
    assert (payment["id"], payment["amount"], payment["partner_id"], payment["status"]) == (
        "p1",
        5000,
        "c1",
        "succeeded",
    )
    assert payment["timestamp"] == "2025-06-10T12:00:00Z" and payment["reference_number"] == "R1"
    assert [(e["id"], e["direction"], e["sent_at"], e["to"]) for e in inv["emails"]] == [
        ("e1", "outbound", "2025-06-05T09:00:00Z", ["ap@acme.example"]),
        ("e2", "inbound", "2025-06-25T08:00:00Z", ["ar@one.example"]),
    ]
    assert len(inv["emails"][0]) == 37
    (call,) = inv["calls"]
    assert len(call) == 31
    assert (call["id"], call["start_time"], call["to_number"], call["status"]) == (
        "k1",
        "2025-06-20T11:00:00Z",
        "+1 555 0100",
        "completed",
    )


def test_what_is_left_out_of_the_nested_lists(data):
    by_id = {i["id"]: i for i in run(data)["data"]}
    # i01: the failed payment's allocation, the SMS and the email after D are not listed
    assert by_id["i01"]["payments"] == [] and by_id["i01"]["emails"] == [] and by_id["i01"]["calls"] == []
    # i11: paid after D - no payment yet; i09: the draft email is listed but is no outreach
    assert by_id["i11"]["payments"] == [] and by_id["i11"]["paid_at"] is None
    assert [e["status"] for e in by_id["i09"]["emails"]] == ["draft"] and by_id["i09"][
        "last_outreach_at"
    ] is None
    assert by_id["i04"]["voided_at"] == "2025-03-10T12:00:00Z"
    assert by_id["i05"]["marked_uncollectible_at"] == "2025-06-01T15:00:00Z"
    assert by_id["i12"]["payments"][0]["amount"] == 7000


def test_drafts_only_when_the_status_filter_asks_for_them(data):
    assert "i06" not in ids(run(data))
    assert ids(run(data, status=["draft"])) == ["i06"]
    (draft,) = run(data, status=["draft"])["data"]
    assert (draft["status"], draft["amount_due"], draft["amount_paid"], draft["total_amount"]) == (
        "draft",
        7500,
        0,
        7500,
    )
    out = run(data, status=ALL_STATUSES)
    assert out["total_records"] == len(EXPECTED) + 1


def _expected(pred) -> set[str]:
    rows = {k: dict(zip(FIELDS, v, strict=True)) for k, v in EXPECTED.items()}
    return {k for k, r in rows.items() if pred(r)}


@pytest.mark.parametrize(
    ("params", "pred"),
    [
        ({"status": ["overdue"]}, lambda r: r["status"] == "overdue"),
        ({"status": ["open", "paid"]}, lambda r: r["status"] in ("open", "paid")),
        ({"status": ["void"]}, lambda r: r["status"] == "void"),
        ({"status": ["uncollectible"]}, lambda r: r["status"] == "uncollectible"),
        ({"status": ["processing"]}, lambda r: False),
        ({"number": ["INV-002", "INV-003", "nope"]}, lambda r: r["number"] in ("INV-002", "INV-003")),
        ({"amount_remaining": ["gte:100.00"]}, lambda r: r["due"] >= 10000),
        ({"amount_remaining": ["gt:100"]}, lambda r: r["due"] > 10000),
        ({"amount_remaining": ["lte:0"]}, lambda r: r["due"] <= 0),
        ({"amount_remaining": ["lt:100.00"]}, lambda r: r["due"] < 10000),
        ({"amount_remaining": ["eq:120.00"]}, lambda r: r["due"] == 12000),
        ({"amount_remaining": ["gte:100", "lte:200.00"]}, lambda r: 10000 <= r["due"] <= 20000),
        ({"amount_remaining": ["gte:50", "gte:150.5"]}, lambda r: r["due"] >= 15050),
        ({"amount_remaining": ["eq:100", "eq:120"]}, lambda r: False),
        ({"issued_at": ["gte:2025-06-01"]}, lambda r: r["issued"] >= "2025-06-01"),
        ({"issued_at": ["gt:2025-06-20"]}, lambda r: r["issued"] > "2025-06-20"),
        ({"issued_at": ["lte:2025-04-01"]}, lambda r: r["issued"] <= "2025-04-01"),
        ({"issued_at": ["lt:2025-04-01"]}, lambda r: r["issued"] < "2025-04-01"),
        ({"issued_at": ["eq:2025-06-01"]}, lambda r: r["issued"] == "2025-06-01"),
        (
            {"issued_at": ["gte:2025-03-01", "lt:2025-05-10"]},
            lambda r: "2025-03-01" <= r["issued"] < "2025-05-10",
        ),
        ({"has_outreach": True}, lambda r: r["has_outreach"]),
        ({"has_outreach": "false"}, lambda r: not r["has_outreach"]),
        ({"customer_outreach_paused": True}, lambda r: r["paused"]),
        ({"customer_outreach_paused": False}, lambda r: not r["paused"]),
        (
            {
                "status": ["overdue", "open"],
                "amount_remaining": ["gte:100"],
                "customer_outreach_paused": False,
            },
            lambda r: r["status"] in ("overdue", "open") and r["due"] >= 10000 and not r["paused"],
        ),
    ],
)
def test_filters(data, params, pred):
    out = run(data, **params)
    want = _expected(pred)
    assert set(ids(out)) == want and out["total_records"] == len(want)


def test_filter_values_are_pinned_by_hand(data):
    # A few filters spelled out as id lists, so a wrong EXPECTED table cannot hide a wrong filter.
    assert sorted(ids(run(data, status=["overdue"]))) == ["i02", "i07", "i11"]
    assert sorted(ids(run(data, amount_remaining=["gte:100.00"]))) == ["i01", "i02", "i04", "i09", "i11"]
    assert sorted(ids(run(data, issued_at=["lt:2025-04-01"]))) == ["i04", "i05", "i12"]
    assert sorted(ids(run(data, has_outreach=True))) == ["i02", "i05", "i11"]
    assert sorted(ids(run(data, customer_outreach_paused=True))) == ["i04", "i05", "i09"]


# sort_by -> the hand-computed key of each listed invoice (None sorts last in both orders).
SORT_VALUES = {
    "amount_due": col("due"),
    "amount_remaining": col("due"),
    "due_date": col("due_on"),
    "issued_at": col("issued"),
    "paid_at": col("paid_at"),
    "number": col("number"),
    "last_inbound_at": col("last_inbound"),
    "last_outreach_at": col("last_outreach"),
    "total_amount": col("total"),
}
# i09 is issued at 23:00 on 06-30, i01 at 10:00 on 06-01: issued dates order them the same as the times.


def expected_order(sort_by: str, order: str) -> list[str]:
    values = {k: v for k, v in SORT_VALUES[sort_by].items() if k in EXPECTED}
    present = sorted((k for k in values if values[k] is not None), key=lambda k: (values[k], k))
    missing = sorted(k for k in values if values[k] is None)
    if order == "desc":
        present.reverse()
        missing.reverse()
    return present + missing


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("sort_by", list(SORT_VALUES))
def test_sort_keys_and_paging_walk(data, sort_by, order):
    want = expected_order(sort_by, order)
    assert ids(run(data, sort_by=sort_by, sort_order=order)) == want
    # Walk pages of 2: each invoice exactly once, in order; next_page null on the last page.
    walked, page, pages = [], 0, 0
    while page is not None:
        out = run(data, sort_by=sort_by, sort_order=order, limit=2, page=page)
        assert out["current_page"] == page and out["total_records"] == len(want)
        assert len(out["data"]) == (2 if page < len(want) // 2 else len(want) % 2)
        walked += ids(out)
        page = out["next_page"]
        pages += 1
    assert walked == want and pages == 5


def test_default_sort_is_issued_at_desc_and_limit_50(data):
    out = reports.invoices(data, organization_id=ORG, as_of=AS_OF)
    assert ids(out) == expected_order("issued_at", "desc")
    out = run(data, limit=9)
    assert out["next_page"] is None and len(out["data"]) == 9
    out = run(data, limit=8)
    assert out["next_page"] == 1
    past = run(data, limit=5, page=7)
    assert past["data"] == [] and past["total_records"] == 9 and past["next_page"] is None


def test_as_of_moves_status_amounts_and_listing(data):
    out = run(data, as_of="2025-05-20")
    got = {i["id"]: (i["status"], i["amount_due"], i["amount_paid"]) for i in out["data"]}
    assert got == {
        "i02": ("open", 25000, 0),  # due 05-31, nothing paid yet
        "i03": ("paid", 0, 8000),
        "i04": ("void", 30000, 0),
        "i05": ("overdue", 50000, 0),  # marked uncollectible only on 06-01
        "i11": ("open", 10000, 0),
        "i12": ("paid", 0, 7000),
    }
    after = {i["id"]: i for i in run(data, as_of="2025-07-03")["data"]}
    assert after["i11"]["status"] == "paid" and after["i11"]["paid_at"] == "2025-07-02T00:00:00Z"
    assert after["i11"]["payments"][0]["amount"] == 10000
    assert "i08" not in after


# The default listing (no filter, by issued_at) is read by place: invoice_list_order numbers o1's non-draft
# invoices by issue time at build time. By hand from the table above (i06 is a draft, i10 a payable, i13 of o2),
# latest first, with their issue dates:
BY_ISSUE_DESC = [("i08", "2025-07-05"), ("i09", "2025-06-30"), ("i07", "2025-06-20"), ("i01", "2025-06-01"),
                 ("i11", "2025-05-10"), ("i02", "2025-05-01"), ("i03", "2025-04-01"), ("i04", "2025-03-01"),
                 ("i05", "2025-02-01"), ("i12", "2025-01-10")]  # fmt: skip
NON_DRAFT = [s for s in ALL_STATUSES if s != "draft"]


class CountedSql(str):
    """The report's sorting page query, counting how often the report formats it to run it."""

    runs = 0

    def format(self, *args, **kwargs):
        CountedSql.runs += 1
        return str.format(self, *args, **kwargs)


@pytest.fixture
def sorting_runs(monkeypatch):
    module = sys.modules["arlake.reports.invoices"]
    monkeypatch.setattr(module, "PAGE_SQL", CountedSql(module.PAGE_SQL))
    CountedSql.runs = 0
    return CountedSql


@pytest.mark.parametrize("order", ["desc", "asc"])
@pytest.mark.parametrize(
    "as_of", ["2025-03-15", "2025-06-20", "2025-06-30", "2025-07-04", "2025-07-05", "2026-01-31"]
)
def test_default_listing_is_read_by_place(data, sorting_runs, as_of, order):
    # The listing at D: the invoices issued on or before D (2025-07-05 is the data's last date: i08's issue).
    want = [i for i, issued in BY_ISSUE_DESC if issued <= as_of]
    want = want if order == "desc" else want[::-1]
    # Every row of a page read by place is the row the filtered query (which never uses places) reads.
    general = {i["id"]: i for i in run(data, as_of=as_of, status=NON_DRAFT)["data"]}
    assert sorting_runs.runs == 1 and len(general) == len(want)
    walked, page = [], 0
    while page is not None:
        out = run(data, as_of=as_of, sort_order=order, limit=3, page=page)
        assert out["total_records"] == len(want) and out["current_page"] == page
        assert len(out["data"]) == min(3, len(want) - 3 * page)
        assert all(i == general[i["id"]] for i in out["data"])
        walked += ids(out)
        page = out["next_page"]
    assert walked == want
    beyond = run(data, as_of=as_of, sort_order=order, limit=3, page=4)
    assert beyond["data"] == [] and beyond["total_records"] == len(want) and beyond["next_page"] is None
    assert sorting_runs.runs == 1  # the default pages never sorted


def test_default_listing_before_the_first_invoice_is_empty(data, sorting_runs):
    out = run(data, as_of="2025-01-09")
    assert out["data"] == [] and out["total_records"] == 0 and out["next_page"] is None
    assert sorting_runs.runs == 0


def test_organizations(data):
    with pytest.raises(ParameterError, match="organization_id"):
        reports.invoices(data, as_of=AS_OF)
    with pytest.raises(NotFoundError):
        reports.invoices(data, as_of=AS_OF, organization_id="nope")
    assert ids(run(data, organization_id="o2")) == ["i13"]


def test_cli_output_and_repeated_flags(cli, data):
    r = cli("report", "invoices", "--data", data, "--organization-id", ORG, "--as-of", AS_OF,
            "--status", "overdue", "--status", "open", "--amount-remaining", "gte:100", "--amount-remaining",
            "lt:200", "--sort-by", "amount_due", "--sort-order", "asc", "--limit", "2")  # fmt: skip
    assert r.code == 0, r
    out = json.loads(r.out)
    # open/overdue with 100 <= due < 200: i01 (100), i11 (100), i09 (120); by amount_due asc then id
    assert ids(out) == ["i01", "i11"] and out["total_records"] == 3 and out["next_page"] == 1
    assert set(out) == {"data", "current_page", "total_records", "next_page"}


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--status", "late"], "status"),
        (["--amount-remaining", "100"], "amount_remaining"),
        (["--amount-remaining", "gte:abc"], "amount_remaining"),
        (["--amount-remaining", "gte:1.234"], "amount_remaining"),
        (["--amount-remaining", "ge:1"], "amount_remaining"),
        (["--issued-at", "gte:2025-13-01"], "issued_at"),
        (["--issued-at", "2025-01-01"], "issued_at"),
        (["--sort-by", "customer"], "sort_by"),
        (["--sort-order", "up"], "sort_order"),
        (["--limit", "0"], "limit"),
        (["--limit", "201"], "limit"),
        (["--page", "-1"], "page"),
        (["--has-outreach", "maybe"], "has_outreach"),
        (["--customer-outreach-paused", "2"], "customer_outreach_paused"),
        (["--as-of", "2025-02-30"], "as_of"),
        (["--as-date", "2025-01-01"], "--as-date"),
    ],
)
def test_bad_parameters_exit_2_naming_the_parameter(cli, data, args, named):
    r = cli("report", "invoices", "--data", data, "--organization-id", ORG, *args)
    assert r.code == 2, r
    assert named in r.err and "Traceback" not in r.err


def test_bad_parameter_messages_say_what_is_allowed(cli, data):
    r = cli("report", "invoices", "--data", data, "--organization-id", ORG, "--status", "late")
    assert "draft, open, uncollectible, paid, void, processing, overdue" in r.err
    r = cli("report", "invoices", "--data", data, "--organization-id", ORG, "--amount-remaining", "100")
    assert "gte" in r.err and "100.00" in r.err
    r = cli("report", "invoices", "--data", data, "--organization-id", ORG, "--sort-by", "x")
    assert "last_inbound_at" in r.err


def test_as_of_defaults_to_today(data):
    out = run(data, as_of=None)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    # Long after the fixture: nothing is open any more, everything issued is listed.
    assert today > "2025-07-05" and out["total_records"] == len(EXPECTED) + 1  # i08 now issued too
