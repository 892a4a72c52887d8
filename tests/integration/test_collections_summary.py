"""`collections-summary-by-customer` (docs/metrics.md, Collections) on a small hand-built fixture, through the
real build and the real CLI / Python API. Every expected value below is worked out by hand from the rows of
the fixture.

Organization org_cs, as of 2026-02-14 unless a test says otherwise (money in dollars here, cents in the report):

cust_a "Harbor Foods" (H-001, unit bu_west)
  inv_a0  draft, 999.00 issued 2025-11-01                      -> absent everywhere (also not the first invoice)
  inv_a9  payable, 250.00 issued 2025-12-03                    -> ignored by AR reports
  inv_a1  1,000.00 issued 2025-11-10, due 2025-11-30
          touch out_1 2025-11-20 10:00 automated email; touch out_2 2025-12-05 15:00 manual call
          al_1  600.00 on 2025-11-25 12:00 (after only automated touches: touched + automated)
          al_2  400.00 on 2025-12-10 12:00 (after a manual touch: touched, not automated) -> settled 2025-12-10
  inv_a2  500.00 issued 2025-11-15, due 2025-12-15
          al_3  500.00 on 2025-12-20 12:00 (no touch before it)                    -> settled 2025-12-20
          touch out_3 2025-12-20 15:00 automated email (same day, after the payment: al_3 stays untouched)
          al_4 -500.00 on 2026-01-05 10:00 (reversal; touched + automated through out_3) -> open again, 500.00
          al_5  500.00 on 2026-02-03 12:00 (touched + automated) -> 0 again; settled_on stays 2025-12-20
cust_b "Harbor Foods" (H-002, unit bu_east): same name as cust_a, so partner_id breaks the tie
  inv_b1  800.00 issued 2025-11-20, due 2025-12-20
          al_6  800.00 of a *failed* payment on 2025-12-15 (ignored: December stays quiet for cust_b)
          al_8  800.00 on 2026-02-10 12:00 (no touch)                              -> settled 2026-02-10
  inv_b2  300.00 issued 2026-01-08, no due date (due 2026-01-08), voided 2026-01-20
          touch out_4 2026-01-09 10:00 call with null direction / automation / status (defaults: a manual touch)
          al_7  100.00 on 2026-01-12 12:00 (touched, manual); never settled (voiding does not settle)
cust_c "acme supply" (no account number, no unit): lower case sorts after "Harbor Foods" by code point
  inv_c1  537.50 issued 2025-12-29 10:00, due 2025-12-30; al_9 537.50 on 2025-12-31 -> settled 2025-12-31
          outreach to it: out_5 inbound, out_8 not originated in product (neither is a touch)
  inv_c2   50.00 issued 2025-12-29 11:00, due 2025-12-31; al_10 on 2026-01-02 12:00 -> settled 2026-01-02
          outreach out_6 2025-12-30 outbound but status failed (not a touch)
  inv_c3   32.50 issued 2025-12-31 10:00, due 2026-01-01; al_11 on 2026-01-02 12:00 -> settled 2026-01-02
  inv_c4  400.00 issued 2026-01-02 08:00, due 2026-02-02; credit note 40.00 on 2026-01-20 -> 360.00 open
          touch out_7 2026-01-02 09:00 automated sms, linked to inv_c2, inv_c3 and inv_c4
org_other: cust_x "Elsewhere" (unit bu_west too), inv_x1 100.00 issued 2025-10-01 (earlier than org_cs's first).

Default F for org_cs = 2025-11-10 (inv_a1; the draft and the other organization's invoice do not count).
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from support import write_parquet

from arlake import reports

pytestmark = pytest.mark.slow
ORG = "org_cs"

# The field order of the Stuut collections summary shape (docs/reports.md).
SPEC_FIELDS = [
    "partner_id",
    "partner_name",
    "partner_account_number",
    "period_start",
    "period_end",
    "balance",
    "amount_overdue",
    "amount_collected",
    "amount_collected_stuut_touched",
    "amount_collected_automated",
    "amount_collected_other",
    "amount_issued",
    "amount_issued_stuut_touched",
    "total_invoice_amount",
    "amount_overdue_stuut_touched",
    "amount_receivables",
    "amount_receivables_stuut_touched",
    "balance_stuut_touched",
    "balance_for_period",
    "balance_for_period_stuut_touched",
    "balance_period_start",
    "balance_period_start_stuut_touched",
    "dso",
    "dso_stuut_touched",
    "invoices_collected",
    "invoices_collected_stuut_touched",
    "invoices_issued",
    "invoices_open",
    "invoices_overdue",
    "invoices_paid",
    "invoices_touched",
    "invoices_touched_and_collected",
    "invoices_touched_and_collected_ratio",
    "avg_days_to_pay_from_due",
    "avg_days_to_pay_from_issued",
]
NULL_WHEN_UNDEFINED = (
    "dso",
    "dso_stuut_touched",
    "invoices_touched_and_collected_ratio",
    "avg_days_to_pay_from_due",
    "avg_days_to_pay_from_issued",
)
PARTNERS = {
    "cust_a": ("Harbor Foods", "H-001"),
    "cust_b": ("Harbor Foods", "H-002"),
    "cust_c": ("acme supply", None),
}


def row(partner_id: str, period_start: str, period_end: str, **values) -> dict:
    """An expected row: fields not named are 0 (money, counts) or null (dso, ratio, averages)."""
    name, account = PARTNERS[partner_id]
    out = {
        "partner_id": partner_id,
        "partner_name": name,
        "partner_account_number": account,
        "period_start": period_start,
        "period_end": period_end,
    }
    for field in SPEC_FIELDS[5:]:
        out[field] = values.pop(field, None if field in NULL_WHEN_UNDEFINED else 0)
    assert not values, f"unknown fields {sorted(values)}"
    return out


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from arlake.build import build

    d = tmp_path_factory.mktemp("collections")
    raw = d / "raw"
    write_parquet(
        raw / "organizations" / "o.parquet",
        "select * from (values ('org_cs', 'Collections Co', 'USD'), ('org_other', 'Other Org', 'USD'))"
        " t(organization_id, name, base_currency)",
    )
    write_parquet(
        raw / "customers" / "c.parquet",
        "select * from (values"
        " ('cust_a', 'org_cs', 'Harbor Foods', 'H-001', 'bu_west'),"
        " ('cust_b', 'org_cs', 'Harbor Foods', 'H-002', 'bu_east'),"
        " ('cust_c', 'org_cs', 'acme supply', null, null),"
        " ('cust_x', 'org_other', 'Elsewhere', 'X-1', 'bu_west')"
        ") t(customer_id, organization_id, name, account_number, business_unit_id)",
    )
    write_parquet(
        raw / "invoices" / "i.parquet",
        "select invoice_id, organization_id, customer_id, total_amount::decimal(18,2) as total_amount,"
        " issued_at::timestamp as issued_at, due_date::date as due_date, status::varchar as status,"
        " voided_at::timestamp as voided_at, type::varchar as type from (values"
        " ('inv_a0', 'org_cs', 'cust_a', 999.00, '2025-11-01 09:00:00', '2025-11-30', 'draft', null, null),"
        " ('inv_a1', 'org_cs', 'cust_a', 1000.00, '2025-11-10 09:00:00', '2025-11-30', 'open', null, null),"
        " ('inv_a2', 'org_cs', 'cust_a', 500.00, '2025-11-15 09:00:00', '2025-12-15', null, null, 'receivable'),"
        " ('inv_a9', 'org_cs', 'cust_a', 250.00, '2025-12-03 09:00:00', '2025-12-03', null, null, 'payable'),"
        " ('inv_b1', 'org_cs', 'cust_b', 800.00, '2025-11-20 09:00:00', '2025-12-20', null, null, null),"
        " ('inv_b2', 'org_cs', 'cust_b', 300.00, '2026-01-08 09:00:00', null, null, '2026-01-20 10:00:00', null),"
        " ('inv_c1', 'org_cs', 'cust_c', 537.50, '2025-12-29 10:00:00', '2025-12-30', null, null, null),"
        " ('inv_c2', 'org_cs', 'cust_c', 50.00, '2025-12-29 11:00:00', '2025-12-31', null, null, null),"
        " ('inv_c3', 'org_cs', 'cust_c', 32.50, '2025-12-31 10:00:00', '2026-01-01', null, null, null),"
        " ('inv_c4', 'org_cs', 'cust_c', 400.00, '2026-01-02 08:00:00', '2026-02-02', null, null, null),"
        " ('inv_x1', 'org_other', 'cust_x', 100.00, '2025-10-01 09:00:00', '2025-10-31', null, null, null)"
        ") t(invoice_id, organization_id, customer_id, total_amount, issued_at, due_date, status, voided_at, type)",
    )
    write_parquet(
        raw / "payments" / "p.parquet",
        "select payment_id, organization_id, customer_id, amount::decimal(18,2) as amount,"
        " received_at::timestamp as received_at, status::varchar as status from (values"
        " ('pay_1', 'org_cs', 'cust_a', 600.00, '2025-11-25 12:00:00', 'succeeded'),"
        " ('pay_2', 'org_cs', 'cust_a', 400.00, '2025-12-10 12:00:00', null),"
        " ('pay_3', 'org_cs', 'cust_a', 500.00, '2025-12-20 12:00:00', 'succeeded'),"
        " ('pay_4', 'org_cs', 'cust_a', 500.00, '2026-02-03 12:00:00', 'succeeded'),"
        " ('pay_5', 'org_cs', 'cust_b', 800.00, '2025-12-15 12:00:00', 'failed'),"
        " ('pay_6', 'org_cs', 'cust_b', 100.00, '2026-01-12 12:00:00', 'succeeded'),"
        " ('pay_7', 'org_cs', 'cust_b', 800.00, '2026-02-10 12:00:00', 'succeeded'),"
        " ('pay_8', 'org_cs', 'cust_c', 537.50, '2025-12-31 12:00:00', 'succeeded'),"
        " ('pay_9', 'org_cs', 'cust_c', 82.50, '2026-01-02 12:00:00', 'succeeded')"
        ") t(payment_id, organization_id, customer_id, amount, received_at, status)",
    )
    write_parquet(
        raw / "payment_allocations" / "a.parquet",
        "select allocation_id, payment_id, invoice_id, amount::decimal(18,2) as amount,"
        " applied_at::timestamp as applied_at from (values"
        " ('al_1', 'pay_1', 'inv_a1', 600.00, null),"
        " ('al_2', 'pay_2', 'inv_a1', 400.00, null),"
        " ('al_3', 'pay_3', 'inv_a2', 500.00, null),"
        " ('al_4', 'pay_3', 'inv_a2', -500.00, '2026-01-05 10:00:00'),"
        " ('al_5', 'pay_4', 'inv_a2', 500.00, null),"
        " ('al_6', 'pay_5', 'inv_b1', 800.00, null),"
        " ('al_7', 'pay_6', 'inv_b2', 100.00, null),"
        " ('al_8', 'pay_7', 'inv_b1', 800.00, null),"
        " ('al_9', 'pay_8', 'inv_c1', 537.50, null),"
        " ('al_10', 'pay_9', 'inv_c2', 50.00, null),"
        " ('al_11', 'pay_9', 'inv_c3', 32.50, null)"
        ") t(allocation_id, payment_id, invoice_id, amount, applied_at)",
    )
    write_parquet(
        raw / "adjustments" / "j.parquet",
        "select 'adj_1' as adjustment_id, 'inv_c4' as invoice_id, 'credit_note' as kind,"
        " 40.00::decimal(18,2) as amount, timestamp '2026-01-20 09:00:00' as applied_at",
    )
    write_parquet(
        raw / "outreach" / "r.parquet",
        "select outreach_id, organization_id, customer_id, channel, occurred_at::timestamp as occurred_at,"
        " direction::varchar as direction, is_automated::boolean as is_automated,"
        " is_originated_in_product::boolean as is_originated_in_product, status::varchar as status from (values"
        " ('out_1', 'org_cs', 'cust_a', 'email', '2025-11-20 10:00:00', 'outbound', true, true, 'sent'),"
        " ('out_2', 'org_cs', 'cust_a', 'call', '2025-12-05 15:00:00', 'outbound', false, true, 'completed'),"
        " ('out_3', 'org_cs', 'cust_a', 'email', '2025-12-20 15:00:00', 'outbound', true, true, 'delivered'),"
        " ('out_4', 'org_cs', 'cust_b', 'call', '2026-01-09 10:00:00', null, null, null, null),"
        " ('out_5', 'org_cs', 'cust_c', 'email', '2025-12-30 08:00:00', 'inbound', false, true, 'received'),"
        " ('out_6', 'org_cs', 'cust_c', 'email', '2025-12-30 09:00:00', 'outbound', true, true, 'failed'),"
        " ('out_7', 'org_cs', 'cust_c', 'sms', '2026-01-02 09:00:00', 'outbound', true, true, 'sent'),"
        " ('out_8', 'org_cs', 'cust_c', 'letter', '2025-12-30 10:00:00', 'outbound', false, false, 'sent')"
        ") t(outreach_id, organization_id, customer_id, channel, occurred_at, direction, is_automated,"
        " is_originated_in_product, status)",
    )
    write_parquet(
        raw / "outreach_invoices" / "l.parquet",
        "select * from (values"
        " ('out_1', 'inv_a1'), ('out_2', 'inv_a1'), ('out_3', 'inv_a2'), ('out_4', 'inv_b2'),"
        " ('out_5', 'inv_c1'), ('out_6', 'inv_c2'), ('out_7', 'inv_c2'), ('out_7', 'inv_c3'),"
        " ('out_7', 'inv_c4'), ('out_8', 'inv_c1')"
        ") t(outreach_id, invoice_id)",
    )
    build(d)
    return d


# Monthly, default F (2025-11-10: November is the first month), as of 2026-02-14 (February is partial).
# Outstanding at each month end (and the day before the first period):
#   cust_a: 10-31 0 | 11-30 a1 400 + a2 500 = 900 | 12-31 0 | 01-31 a2 500 (reversed) | 02-14 0
#   cust_b: 10-31 0 | 11-30 b1 800 | 12-31 b1 800 | 01-31 b1 800 (b2 voided 01-20) | 02-14 0
#   cust_c: 11-30 0 | 12-31 c2 50 + c3 32.50 = 82.50 | 01-31 c4 400 - 40 = 360 | 02-14 360
# "Touched by" (a touch dated on or before): a1 from 11-20, a2 from 12-20, b2 from 01-09, c2/c3/c4 from 01-02;
# b1 and c1 never.
MONTHLY = [
    # ---- November 2025 (30 days) ----
    row(
        "cust_a",
        "2025-11-01",
        "2025-11-30",
        balance=90000,  # a1 1,000 - 600 (al_1) = 400 + a2 500 = 900.00
        # amount_overdue 0: a1 is due 11-30, not before e' = 11-30; a2 due 12-15
        amount_collected=60000,  # al_1 600.00
        amount_collected_stuut_touched=60000,  # al_1 after out_1 (11-20)
        amount_collected_automated=60000,  # out_1 is the only touch before it and is automated
        # amount_collected_other 0 = 600.00 - 600.00
        amount_issued=150000,  # a1 1,000 + a2 500 (the draft a0 of 11-01 is absent)
        amount_issued_stuut_touched=100000,  # a1 only (a2 first touched 12-20)
        total_invoice_amount=150000,  # a1 1,000 + a2 500 both open at 11-30
        amount_receivables=90000,  # both issued in November: 400 + 500
        amount_receivables_stuut_touched=40000,  # a1 400
        balance_stuut_touched=40000,  # a1 400
        balance_for_period=90000,  # 900 - 0
        balance_for_period_stuut_touched=40000,  # 400 - 0
        dso=D("18.00"),  # 900 / 1,500 x 30 = 18.00
        dso_stuut_touched=D("12.00"),  # 400 / 1,000 x 30 = 12.00
        invoices_collected=1,  # a1
        invoices_collected_stuut_touched=1,  # a1
        invoices_issued=2,  # a1, a2
        invoices_open=2,  # a1, a2
        invoices_touched=1,  # out_1 -> a1
        invoices_touched_and_collected=1,  # out_1 11-20 before al_1 11-25
        invoices_touched_and_collected_ratio=D("1.0000"),  # 1 / 1
    ),
    row(
        "cust_b",
        "2025-11-01",
        "2025-11-30",
        balance=80000,  # b1 800.00
        amount_issued=80000,  # b1 800.00
        total_invoice_amount=80000,  # b1 open
        amount_receivables=80000,  # b1 issued 11-20, 800 open
        balance_for_period=80000,  # 800 - 0
        dso=D("30.00"),  # 800 / 800 x 30
        # dso_stuut_touched null: nothing touched issued
        invoices_issued=1,
        invoices_open=1,
        # invoices_overdue 0: b1 due 12-20
    ),
    # (no cust_c row for November: nothing issued, applied or touched, AR 0 on 10-31 and 11-30)
    # ---- December 2025 (31 days) ----
    row(
        "cust_a",
        "2025-12-01",
        "2025-12-31",
        # balance 0: a1 400 - al_2 400 = 0, a2 500 - al_3 500 = 0 (payable a9 of 12-03 ignored)
        amount_collected=90000,  # al_2 400 + al_3 500
        amount_collected_stuut_touched=40000,  # al_2 (out_2 12-05 before); al_3 12:00 is before out_3 15:00
        # amount_collected_automated 0: before al_2, a1 had out_1 (automated) and out_2 (manual)
        amount_collected_other=50000,  # 900 - 400 = 500.00 (al_3)
        balance_for_period=-90000,  # 0 - 900
        balance_for_period_stuut_touched=-40000,  # 0 - 400
        balance_period_start=90000,  # AR at 11-30
        balance_period_start_stuut_touched=40000,  # a1 400 touched by 11-30; a2 not yet
        invoices_collected=2,  # a1, a2
        invoices_collected_stuut_touched=1,  # a1
        invoices_paid=2,  # a1 settled 12-10, a2 settled 12-20
        invoices_touched=2,  # out_2 -> a1, out_3 -> a2
        invoices_touched_and_collected=1,  # a1 (out_2 12-05 < al_2 12-10); a2's touch is after al_3
        invoices_touched_and_collected_ratio=D("0.5000"),  # 1 / 2
        avg_days_to_pay_from_due=D("7.50"),  # (a1 12-10 - 11-30 = 10, a2 12-20 - 12-15 = 5) / 2 = 7.50
        avg_days_to_pay_from_issued=D("32.50"),  # (a1 12-10 - 11-10 = 30, a2 12-20 - 11-15 = 35) / 2 = 32.50
    ),
    row(
        "cust_b",
        "2025-12-01",
        "2025-12-31",
        # a quiet month (the failed payment's al_6 is ignored): emitted because AR = 800.00 at both ends
        balance=80000,  # b1 800
        amount_overdue=80000,  # b1 due 12-20 < 12-31
        total_invoice_amount=80000,  # b1
        balance_period_start=80000,  # b1 800 at 11-30
        # balance_for_period 0 = 800 - 800
        invoices_open=1,
        invoices_overdue=1,
    ),
    row(
        "cust_c",
        "2025-12-01",
        "2025-12-31",
        balance=8250,  # c2 50.00 + c3 32.50 (c1 paid 12-31)
        # amount_overdue 0: c2 due 12-31 is not before 12-31, c3 due 01-01
        amount_collected=53750,  # al_9 537.50
        # not touched: c1 only had an inbound message and one not originated in product
        amount_collected_other=53750,  # 537.50 - 0
        amount_issued=62000,  # c1 537.50 + c2 50.00 + c3 32.50 = 620.00
        # amount_issued_stuut_touched 0: out_6 (12-30) failed, so nothing is touched by 12-31
        total_invoice_amount=8250,  # c2 50.00 + c3 32.50
        amount_receivables=8250,  # both issued in December
        balance_for_period=8250,  # 82.50 - 0
        dso=D("4.13"),  # 82.50 / 620.00 x 31 = 4.125 exactly -> 4.13 (half-up)
        invoices_collected=1,  # c1
        invoices_issued=3,  # c1, c2, c3
        invoices_open=2,  # c2, c3
        invoices_paid=1,  # c1 settled 12-31
        avg_days_to_pay_from_due=D("1.00"),  # c1 12-31 - 12-30 = 1
        avg_days_to_pay_from_issued=D("2.00"),  # c1 12-31 - 12-29 = 2
    ),
    # ---- January 2026 (31 days) ----
    row(
        "cust_a",
        "2026-01-01",
        "2026-01-31",
        balance=50000,  # a2 0 + 500 reversed by al_4 (01-05)
        amount_overdue=50000,  # a2 due 12-15 < 01-31
        amount_collected=-50000,  # al_4 -500.00
        amount_collected_stuut_touched=-50000,  # out_3 12-20 before al_4 01-05
        amount_collected_automated=-50000,  # out_3 is a2's only touch and is automated
        # amount_collected_other 0 = -500 - (-500)
        total_invoice_amount=50000,  # a2 open again: 500.00
        amount_overdue_stuut_touched=50000,  # a2 touched by 01-31
        balance_stuut_touched=50000,  # a2
        balance_for_period=50000,  # 500 - 0
        balance_for_period_stuut_touched=50000,  # 500 - 0
        invoices_collected=1,  # a2 (reversal)
        invoices_collected_stuut_touched=1,  # a2
        invoices_open=1,
        invoices_overdue=1,
        # invoices_paid 0: settled_on of a2 stays 12-20
    ),
    row(
        "cust_b",
        "2026-01-01",
        "2026-01-31",
        balance=80000,  # b1 800 (b2 voided 01-20: gone)
        amount_overdue=80000,  # b1
        amount_collected=10000,  # al_7 100.00 to the voided b2 still counts
        amount_collected_stuut_touched=10000,  # out_4 01-09 before al_7 01-12
        # amount_collected_automated 0: out_4 (null is_automated -> false) is manual
        # amount_issued 0: b2 issued 01-08 does not exist at 01-31 -> dso null
        total_invoice_amount=80000,  # b1
        balance_period_start=80000,  # b1 at 12-31
        invoices_collected=1,  # b2
        invoices_collected_stuut_touched=1,  # b2
        invoices_open=1,  # b1
        invoices_overdue=1,  # b1
        invoices_touched=1,  # out_4 -> b2 (null direction/status: an outbound touch)
        invoices_touched_and_collected=1,  # out_4 01-09 < al_7 01-12
        invoices_touched_and_collected_ratio=D("1.0000"),
    ),
    row(
        "cust_c",
        "2026-01-01",
        "2026-01-31",
        balance=36000,  # c4 400 - 40 credit note = 360.00
        # amount_overdue 0: c4 due 02-02
        amount_collected=8250,  # al_10 50.00 + al_11 32.50 (the credit note is not collected)
        amount_collected_stuut_touched=8250,  # out_7 09:00 before both (12:00); out_6 failed is no touch
        amount_collected_automated=8250,  # out_7 automated
        amount_issued=40000,  # c4 400.00
        amount_issued_stuut_touched=40000,  # c4 touched by 01-31
        total_invoice_amount=40000,  # c4's total_amount, not its outstanding
        amount_receivables=36000,  # c4 issued in January, 360 open
        amount_receivables_stuut_touched=36000,
        balance_stuut_touched=36000,  # c4
        balance_for_period=27750,  # 360.00 - 82.50
        balance_for_period_stuut_touched=36000,  # 360 - 0
        balance_period_start=8250,  # AR at 12-31
        # balance_period_start_stuut_touched 0: nothing touched by 12-31
        dso=D("27.90"),  # 360 / 400 x 31 = 27.90
        dso_stuut_touched=D("27.90"),  # same invoices
        invoices_collected=2,  # c2, c3
        invoices_collected_stuut_touched=2,
        invoices_issued=1,  # c4
        invoices_open=1,
        invoices_paid=2,  # c2, c3 settled 01-02
        invoices_touched=3,  # out_7 -> c2, c3, c4
        invoices_touched_and_collected=2,  # c2, c3 (c4 has no allocation)
        invoices_touched_and_collected_ratio=D("0.6667"),  # 2 / 3 = 0.66666.. -> 0.6667
        avg_days_to_pay_from_due=D("1.50"),  # (c2 01-02 - 12-31 = 2, c3 01-02 - 01-01 = 1) / 2
        avg_days_to_pay_from_issued=D("3.00"),  # (c2 01-02 - 12-29 = 4, c3 01-02 - 12-31 = 2) / 2
    ),
    # ---- February 2026, partial: 02-01 .. as_of 02-14 (14 days) ----
    row(
        "cust_a",
        "2026-02-01",
        "2026-02-14",
        # balance 0: a2 paid again by al_5 (02-03)
        amount_collected=50000,  # al_5 500.00
        amount_collected_stuut_touched=50000,  # out_3 before
        amount_collected_automated=50000,
        balance_for_period=-50000,  # 0 - 500
        balance_for_period_stuut_touched=-50000,
        balance_period_start=50000,  # a2 at 01-31
        balance_period_start_stuut_touched=50000,  # a2 touched by 01-31
        invoices_collected=1,
        invoices_collected_stuut_touched=1,
        # invoices_paid 0: a2 first settled 12-20; the reversal does not move it
    ),
    row(
        "cust_b",
        "2026-02-01",
        "2026-02-14",
        amount_collected=80000,  # al_8 800.00
        amount_collected_other=80000,  # b1 was never touched
        balance_for_period=-80000,  # 0 - 800
        balance_period_start=80000,
        invoices_collected=1,
        invoices_paid=1,  # b1 settled 02-10
        avg_days_to_pay_from_due=D("52.00"),  # 12-20 -> 02-10: 11 + 31 + 10 = 52
        avg_days_to_pay_from_issued=D("82.00"),  # 11-20 -> 02-10: 10 + 31 + 31 + 10 = 82
    ),
    row(
        "cust_c",
        "2026-02-01",
        "2026-02-14",
        # a quiet (partial) month, emitted because AR = 360.00
        balance=36000,
        amount_overdue=36000,  # c4 due 02-02 < 02-14
        total_invoice_amount=40000,
        amount_overdue_stuut_touched=36000,
        balance_stuut_touched=36000,
        balance_period_start=36000,
        balance_period_start_stuut_touched=36000,
        invoices_open=1,
        invoices_overdue=1,
    ),
]


def test_monthly_every_field_by_hand(data):
    out = reports.collections_summary_by_customer(
        data, organization_id=ORG, interval="monthly", as_of="2026-02-14"
    )
    assert out["data"] == MONTHLY
    # Every field in the shape's order.
    assert all(list(r) == SPEC_FIELDS for r in out["data"])
    # Dso, ratios and averages are exact decimals (money is integer cents).
    assert isinstance(out["data"][4]["dso"], D) and isinstance(out["data"][0]["balance"], int)


def test_monthly_identities_and_order(data):
    rows = reports.collections_summary_by_customer(data, organization_id=ORG, as_of="2026-02-14")["data"]
    assert rows == MONTHLY  # monthly is the default interval
    keys = [(r["period_start"], r["partner_name"], r["partner_id"]) for r in rows]
    assert keys == sorted(keys)  # period_start, then name by code point ("H" < "a"), then id
    for r in rows:
        assert r["balance_for_period"] == r["balance"] - r["balance_period_start"]
        assert r["balance_for_period_stuut_touched"] == (
            r["balance_stuut_touched"] - r["balance_period_start_stuut_touched"]
        )
        assert r["amount_collected_other"] == r["amount_collected"] - r["amount_collected_stuut_touched"]
    for partner in PARTNERS:
        mine = [r for r in rows if r["partner_id"] == partner]
        for before, after in zip(mine, mine[1:], strict=False):
            assert after["balance_period_start"] == before["balance"]
            assert after["balance_period_start_stuut_touched"] == before["balance_stuut_touched"]


def test_weekly_iso_week_across_the_year_end(data):
    # F = 2025-12-31 (a Wednesday): the first week is the ISO week holding it, Monday 2025-12-29 to Sunday
    # 2026-01-04; as of 2026-01-07 the second week is partial (01-05 .. 01-07).
    rows = reports.collections_summary_by_customer(
        data, organization_id=ORG, interval="weekly", from_="2025-12-31", as_of="2026-01-07"
    )["data"]
    # cust_a has no row in the first week: nothing issued/applied/touched in 12-29 .. 01-04 and AR 0 on
    # 12-28 and 01-04 (a1 and a2 were paid in December; the reversal comes 01-05).
    assert [(r["period_start"], r["period_end"], r["partner_id"]) for r in rows] == [
        ("2025-12-29", "2026-01-04", "cust_b"),
        ("2025-12-29", "2026-01-04", "cust_c"),
        ("2026-01-05", "2026-01-07", "cust_a"),
        ("2026-01-05", "2026-01-07", "cust_b"),
        ("2026-01-05", "2026-01-07", "cust_c"),
    ]
    assert rows[1] == row(
        "cust_c",
        "2025-12-29",
        "2026-01-04",
        balance=40000,  # c4 400.00 (the credit note is 01-20); c1, c2, c3 paid
        amount_collected=62000,  # al_9 537.50 (12-31) + al_10 50.00 + al_11 32.50 (01-02) = 620.00
        amount_collected_stuut_touched=8250,  # al_10 + al_11 after out_7
        amount_collected_automated=8250,
        amount_collected_other=53750,  # 620.00 - 82.50
        amount_issued=102000,  # c1 537.50 + c2 50 + c3 32.50 + c4 400 = 1,020.00
        amount_issued_stuut_touched=48250,  # touched by 01-04: c2 50 + c3 32.50 + c4 400 = 482.50
        total_invoice_amount=40000,  # c4
        amount_receivables=40000,  # c4 issued 01-02
        amount_receivables_stuut_touched=40000,
        balance_stuut_touched=40000,
        balance_for_period=40000,  # 400 - 0 (nothing issued by 12-28)
        balance_for_period_stuut_touched=40000,
        dso=D("2.75"),  # 400 / 1,020 x 7 = 2.7451 -> 2.75
        dso_stuut_touched=D("5.80"),  # 400 / 482.50 x 7 = 5.8031 -> 5.80
        invoices_collected=3,  # c1, c2, c3
        invoices_collected_stuut_touched=2,  # c2, c3
        invoices_issued=4,
        invoices_open=1,  # c4
        invoices_paid=3,  # c1 12-31, c2 and c3 01-02
        invoices_touched=3,  # out_7 -> c2, c3, c4
        invoices_touched_and_collected=2,  # c2, c3
        invoices_touched_and_collected_ratio=D("0.6667"),  # 2 / 3
        avg_days_to_pay_from_due=D("1.33"),  # (c1 1 + c2 2 + c3 1) / 3 = 1.333.. -> 1.33
        avg_days_to_pay_from_issued=D("2.67"),  # (c1 2 + c2 4 + c3 2) / 3 = 2.666.. -> 2.67
    )
    # cust_b: quiet both weeks, b1 800.00 overdue since 12-20.
    quiet_b = {
        "balance": 80000,
        "balance_period_start": 80000,
        "balance_for_period": 0,
        "amount_overdue": 80000,
        "invoices_open": 1,
        "invoices_overdue": 1,
        "amount_collected": 0,
        "dso": None,
    }
    assert {k: rows[0][k] for k in quiet_b} == quiet_b
    assert {k: rows[3][k] for k in quiet_b} == quiet_b
    # cust_a in the partial second week (3 days): the reversal al_4 reopens a2.
    assert rows[2] == row(
        "cust_a",
        "2026-01-05",
        "2026-01-07",
        balance=50000,  # a2 500 reopened
        amount_overdue=50000,  # due 12-15
        amount_collected=-50000,  # al_4
        amount_collected_stuut_touched=-50000,
        amount_collected_automated=-50000,
        total_invoice_amount=50000,
        amount_overdue_stuut_touched=50000,  # out_3 12-20
        balance_stuut_touched=50000,
        balance_for_period=50000,  # 500 - 0
        balance_for_period_stuut_touched=50000,
        invoices_collected=1,
        invoices_collected_stuut_touched=1,
        invoices_open=1,
        invoices_overdue=1,
    )
    # cust_c carries c4 (400.00, touched 01-02) from the first week into the second.
    assert rows[4]["balance_period_start"] == rows[1]["balance"] == rows[4]["balance"] == 40000
    assert rows[4]["balance_period_start_stuut_touched"] == rows[4]["balance_stuut_touched"] == 40000
    assert rows[4]["amount_issued"] == 0 and rows[4]["invoices_paid"] == 0


# `all`, default F = 2025-11-10 (first issued invoice of org_cs) to 2026-02-14: 21 + 31 + 31 + 14 = 97 days.
ALL_DEFAULT = [
    row(
        "cust_a",
        "2025-11-10",
        "2026-02-14",
        # balance 0 at 02-14, 0 at 11-09
        amount_collected=150000,  # 600 + 400 + 500 - 500 + 500 = 1,500.00
        amount_collected_stuut_touched=100000,  # al_1 600 + al_2 400 + al_4 -500 + al_5 500 = 1,000.00
        amount_collected_automated=60000,  # al_1 600 + al_4 -500 + al_5 500 = 600.00 (al_2 followed a call)
        amount_collected_other=50000,  # al_3 500.00 = 1,500 - 1,000
        amount_issued=150000,  # a1 1,000 + a2 500: both still exist (paid) at 02-14
        amount_issued_stuut_touched=150000,  # both touched by 02-14
        dso=D("0.00"),  # 0 / 1,500 x 97
        dso_stuut_touched=D("0.00"),
        invoices_collected=2,
        invoices_collected_stuut_touched=2,
        invoices_issued=2,
        invoices_paid=2,  # a1 12-10, a2 12-20
        invoices_touched=2,  # a1 (out_1, out_2), a2 (out_3)
        invoices_touched_and_collected=2,  # a1: out_1 < al_1; a2: out_3 12-20 < al_4 01-05
        invoices_touched_and_collected_ratio=D("1.0000"),
        avg_days_to_pay_from_due=D("7.50"),  # (10 + 5) / 2
        avg_days_to_pay_from_issued=D("32.50"),  # (30 + 35) / 2
    ),
    row(
        "cust_b",
        "2025-11-10",
        "2026-02-14",
        amount_collected=90000,  # al_7 100 + al_8 800 (al_6 of the failed payment ignored)
        amount_collected_stuut_touched=10000,  # al_7
        amount_collected_other=80000,  # al_8
        amount_issued=80000,  # b1; b2 was voided 01-20
        dso=D("0.00"),  # 0 / 800 x 97
        invoices_collected=2,  # b1, b2 (voided, its allocation still counts)
        invoices_collected_stuut_touched=1,  # b2
        invoices_issued=1,  # b1
        invoices_paid=1,  # b1
        invoices_touched=1,  # b2
        invoices_touched_and_collected=1,
        invoices_touched_and_collected_ratio=D("1.0000"),
        avg_days_to_pay_from_due=D("52.00"),
        avg_days_to_pay_from_issued=D("82.00"),
    ),
    row(
        "cust_c",
        "2025-11-10",
        "2026-02-14",
        balance=36000,  # c4 360.00
        amount_overdue=36000,  # due 02-02 < 02-14
        amount_collected=62000,  # 537.50 + 50 + 32.50
        amount_collected_stuut_touched=8250,
        amount_collected_automated=8250,
        amount_collected_other=53750,
        amount_issued=102000,  # 1,020.00
        amount_issued_stuut_touched=48250,  # c2 + c3 + c4 = 482.50
        total_invoice_amount=40000,
        amount_overdue_stuut_touched=36000,
        amount_receivables=36000,
        amount_receivables_stuut_touched=36000,
        balance_stuut_touched=36000,
        balance_for_period=36000,
        balance_for_period_stuut_touched=36000,
        dso=D("34.24"),  # 360 / 1,020 x 97 = 34,920 / 1,020 = 34.2353 -> 34.24
        dso_stuut_touched=D("72.37"),  # 360 / 482.50 x 97 = 34,920 / 482.50 = 72.3731 -> 72.37
        invoices_collected=3,
        invoices_collected_stuut_touched=2,
        invoices_issued=4,
        invoices_open=1,
        invoices_overdue=1,
        invoices_paid=3,
        invoices_touched=3,
        invoices_touched_and_collected=2,
        invoices_touched_and_collected_ratio=D("0.6667"),
        avg_days_to_pay_from_due=D("1.33"),  # (1 + 2 + 1) / 3
        avg_days_to_pay_from_issued=D("2.67"),  # (2 + 4 + 2) / 3
    ),
]


def test_all_from_the_first_issued_invoice(data):
    out = reports.collections_summary_by_customer(
        data, organization_id=ORG, interval="all", as_of="2026-02-14"
    )
    assert out["data"] == ALL_DEFAULT


def test_all_from_an_explicit_date(data):
    # F = 2025-12-05: the one period starts on F itself; 27 + 31 + 14 = 72 days.
    rows = reports.collections_summary_by_customer(
        data, organization_id=ORG, interval="all", from_="2025-12-05", as_of="2026-02-14"
    )["data"]
    assert [r["partner_id"] for r in rows] == ["cust_a", "cust_b", "cust_c"]
    assert {(r["period_start"], r["period_end"]) for r in rows} == {("2025-12-05", "2026-02-14")}
    a, b, c = rows
    assert a == row(
        "cust_a",
        "2025-12-05",
        "2026-02-14",
        amount_collected=90000,  # al_2 400 + al_3 500 + al_4 -500 + al_5 500 = 900.00 (al_1 is 11-25)
        amount_collected_stuut_touched=40000,  # al_2 400 + al_4 -500 + al_5 500 = 400.00
        # amount_collected_automated 0: al_4 -500 + al_5 500 (al_2 followed a call)
        amount_collected_other=50000,  # al_3
        balance_for_period=-90000,  # 0 - 900
        balance_for_period_stuut_touched=-40000,  # 0 - 400
        balance_period_start=90000,  # AR at 12-04: a1 400 + a2 500
        balance_period_start_stuut_touched=40000,  # a1 (out_1 11-20)
        invoices_collected=2,
        invoices_collected_stuut_touched=2,
        invoices_paid=2,
        invoices_touched=2,  # out_2 12-05 -> a1, out_3 -> a2
        invoices_touched_and_collected=2,  # out_2 < al_2, out_3 < al_4
        invoices_touched_and_collected_ratio=D("1.0000"),
        avg_days_to_pay_from_due=D("7.50"),
        avg_days_to_pay_from_issued=D("32.50"),
    )
    # cust_b: b1 800 open at 12-04, paid 02-10; b2 issued and voided inside: amount_issued 0 -> dso null.
    assert (b["balance_period_start"], b["balance"], b["balance_for_period"]) == (80000, 0, -80000)
    assert (b["amount_issued"], b["dso"], b["amount_collected"]) == (0, None, 90000)
    # cust_c: same flows as from 11-10, over 72 days.
    assert c["dso"] == D("25.41")  # 360 / 1,020 x 72 = 25,920 / 1,020 = 25.4118 -> 25.41
    assert c["dso_stuut_touched"] == D("53.72")  # 360 / 482.50 x 72 = 25,920 / 482.50 = 53.7202 -> 53.72


def _cli_rows(cli, data, *args):
    r = cli("report", "collections-summary-by-customer", "--data", data, "--organization-id", ORG, *args)
    assert r.code == 0, r
    return json.loads(r.out, parse_float=D)["data"]


def test_cli_business_unit_filter_repeats(cli, data):
    rows = _cli_rows(
        cli,
        data,
        "--interval",
        "monthly",
        "--as-of",
        "2026-02-14",
        "--business-unit-id-in",
        "bu_west",
        "--business-unit-id-in",
        "bu_east",
    )
    # cust_c (no unit) is left out; cust_x (bu_west) belongs to another organization.
    assert rows == [r for r in MONTHLY if r["partner_id"] != "cust_c"]
    rows = _cli_rows(cli, data, "--as-of", "2026-02-14", "--business-unit-id-in", "bu_east")
    assert rows == [r for r in MONTHLY if r["partner_id"] == "cust_b"]
    rows = _cli_rows(cli, data, "--as-of", "2026-02-14", "--business-unit-id-in", "bu_nowhere")
    assert rows == []


def test_cli_all_and_weekly(cli, data):
    assert _cli_rows(cli, data, "--interval", "all", "--as-of", "2026-02-14") == ALL_DEFAULT
    rows = _cli_rows(cli, data, "--interval", "weekly", "--from", "2025-12-31", "--as-of", "2026-01-07")
    assert rows[1]["period_start"] == "2025-12-29" and rows[1]["avg_days_to_pay_from_issued"] == D("2.67")


def test_cli_errors(cli, data):
    r = cli(
        "report",
        "collections-summary-by-customer",
        "--data",
        data,
        "--organization-id",
        ORG,
        "--interval",
        "daily",
    )
    assert r.code == 2 and "interval" in r.err and all(v in r.err for v in ("monthly", "weekly", "all")), r
    r = cli("report", "collections-summary-by-customer", "--data", data, "--organization-id", "nope")
    assert r.code == 4 and "nope" in r.err, r
    r = cli("report", "collections-summary-by-customer", "--data", data, "--as-of", "2026-02-14")
    assert r.code == 2 and "organization_id" in r.err, r  # two organizations in the data


def _dso_months(data, **params):
    out = reports.dso(data, organization_id=ORG, **params)
    return {m["period_start"]: m for m in out["months"]}


def test_dso_countback_uses_the_whole_history_whatever_from_is(data):
    """`from` chooses the months shown, never the history a metric walks back through. By hand (the fixture's
    credit sales: Nov 2,300.00, Dec 620.00, Jan 400.00 (b2 was voided in January), Feb none; AR at Jan 31:
    a2 500 + b1 800 + c4 360 = 1,660.00, at Feb 14: c4 360.00):
    January countback: 1,660 - 400 (31 days) = 1,260; - 620 (31 days) = 640; 640 / 2,300 x 30 = 8.3478 -> 70.35.
    February (14 days so far, no sales): 360 / 400 x 31 = 27.90 -> 14 + 27.90 = 41.90."""
    full = _dso_months(data, as_of="2026-02-14")
    assert full["2026-01-01"]["countback_dso"] == D("70.35")
    assert full["2026-02-01"]["countback_dso"] == D("41.90")
    assert full["2026-02-01"]["days"] == 14
    short = _dso_months(data, as_of="2026-02-14", from_="2026-01-01")
    assert sorted(short) == ["2026-01-01", "2026-02-01"]
    assert short["2026-01-01"] == full["2026-01-01"]  # was 31.00: only January's sales were walked
    assert short["2026-02-01"] == full["2026-02-01"]
    assert _dso_months(data, as_of="2026-02-14", from_="2026-02-01")["2026-02-01"]["countback_dso"] == D(
        "41.90"
    )


def test_dso_partial_month_counts_only_money_received_by_the_as_of_date(data):
    """As of 2026-02-05 February has received al_5 (500.00 on 02-03 for a2, due 2025-12-15: 16 + 31 + 3 = 50 days
    late) but not al_8 (800.00 on 02-10): weighted days late 50.00, not (500 x 50 + 800 x 52) / 1,300 = 51.23."""
    feb = _dso_months(data, as_of="2026-02-05")["2026-02-01"]
    assert feb["weighted_average_days_late"] == D("50.00")
    assert feb["period_end"] == "2026-02-05" and feb["days"] == 5
    # AR at 02-05: a2 paid on 02-03, b1 800 and c4 360 still open.
    assert feb["ar_end"] == D("1160.00")
    customer = reports.dso(data, organization_id=ORG, customer_id="cust_a", as_of="2026-02-05")["months"]
    assert customer[-1]["weighted_average_days_late"] == D("50.00")
