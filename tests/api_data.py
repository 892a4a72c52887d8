"""A small hand-built raw layer for the extra shapes and the HTTP API: two organizations (two tenants), as of
2025-06-30. Every expected value in the tests that use it is worked out by hand from these rows.

org_a "Alpha Corp" (USD):
  c_acme "Acme" (account A-1, unit bu1)
    i1  1,000.00 issued 2025-06-10, due 2025-07-10; p1 pays 250.00 on 2025-06-20  -> 750.00 current (age -10)
    i2    500.00 issued 2025-05-01, due 2025-05-31 (branch br2)                     -> 1-30 (age 30, the edge)
          touched by o1 (outbound email, sent) on 2025-05-10
    i3    200.00 issued 2025-03-01, due 2025-03-31                                  -> 91+ (age 91)
    i8    999.00 draft issued 2025-01-05                                           -> absent everywhere
  c_bolt "Bolt" (unit bu2)
    i4    300.00 issued 2025-04-01, due 2025-05-01                                  -> 31-60 (age 60)
    i5    400.00 issued 2025-03-15, due 2025-04-01                                  -> 61-90 (age 90)
    i6    150.00 issued 2025-06-30, due 2025-06-30                                  -> current (due on D)
    i9     80.00 issued 2025-06-01, due 2025-07-01; p3 pays it on 2025-07-02 (after D) -> current (age -1)
  c_zero "Zero Ltd" (unit bu1)
    i7    100.00 issued 2025-02-01, due 2025-03-03; p2 pays it on 2025-03-10        -> settled, nothing open
org_b "Beta GmbH" (EUR):
  c_beta "Beta Kunde"
    j1    700.00 issued 2025-05-15, due 2025-06-14                                  -> 1-30 (age 16)

Open at 2025-06-30, org_a: current i1 750 + i6 150 + i9 80 = 980.00 (3 invoices); 1-30 i2 500.00; 31-60 i4
300.00; 61-90 i5 400.00; 91+ i3 200.00; total 2,380.00 (Acme 1,450.00, Bolt 930.00).
"""

from __future__ import annotations

from pathlib import Path

from support import write_parquet

AS_OF = "2025-06-30"


def write_raw(data: Path) -> Path:
    raw = data / "raw"
    write_parquet(
        raw / "organizations" / "o.parquet",
        "select * from (values ('org_a', 'Alpha Corp', 'USD'), ('org_b', 'Beta GmbH', 'EUR'))"
        " t(organization_id, name, base_currency)",
    )
    write_parquet(
        raw / "customers" / "c.parquet",
        "select * from (values"
        " ('c_acme', 'org_a', 'Acme', 'A-1', 'bu1', 'ap@acme.example', 'ext-acme'),"
        " ('c_bolt', 'org_a', 'Bolt', null, 'bu2', null, null),"
        " ('c_zero', 'org_a', 'Zero Ltd', null, 'bu1', null, null),"
        " ('c_beta', 'org_b', 'Beta Kunde', 'B-1', 'bu9', null, null)"
        ") t(customer_id, organization_id, name, account_number, business_unit_id, email, external_id)",
    )
    write_parquet(
        raw / "invoices" / "i.parquet",
        "select invoice_id, organization_id, customer_id, total_amount::decimal(18,2) as total_amount,"
        " issued_at::timestamp as issued_at, due_date::date as due_date, status, branch_id, number"
        " from (values"
        " ('i1', 'org_a', 'c_acme', 1000.00, '2025-06-10 09:00:00', '2025-07-10', null, 'br1', 'A-0001'),"
        " ('i2', 'org_a', 'c_acme', 500.00, '2025-05-01 09:00:00', '2025-05-31', null, 'br2', 'A-0002'),"
        " ('i3', 'org_a', 'c_acme', 200.00, '2025-03-01 09:00:00', '2025-03-31', null, 'br1', 'A-0003'),"
        " ('i8', 'org_a', 'c_acme', 999.00, '2025-01-05 09:00:00', '2025-02-05', 'draft', 'br1', 'A-0008'),"
        " ('i4', 'org_a', 'c_bolt', 300.00, '2025-04-01 09:00:00', '2025-05-01', null, 'br1', 'A-0004'),"
        " ('i5', 'org_a', 'c_bolt', 400.00, '2025-03-15 09:00:00', '2025-04-01', null, 'br1', 'A-0005'),"
        " ('i6', 'org_a', 'c_bolt', 150.00, '2025-06-30 09:00:00', '2025-06-30', null, 'br1', 'A-0006'),"
        " ('i9', 'org_a', 'c_bolt', 80.00, '2025-06-01 09:00:00', '2025-07-01', null, 'br1', 'A-0009'),"
        " ('i7', 'org_a', 'c_zero', 100.00, '2025-02-01 09:00:00', '2025-03-03', null, 'br1', 'A-0007'),"
        " ('j1', 'org_b', 'c_beta', 700.00, '2025-05-15 09:00:00', '2025-06-14', null, null, 'B-0001')"
        ") t(invoice_id, organization_id, customer_id, total_amount, issued_at, due_date, status, branch_id, number)",
    )
    write_parquet(
        raw / "payments" / "p.parquet",
        "select payment_id, organization_id, customer_id, amount::decimal(18,2) as amount,"
        " received_at::timestamp as received_at from (values"
        " ('p1', 'org_a', 'c_acme', 250.00, '2025-06-20 12:00:00'),"
        " ('p2', 'org_a', 'c_zero', 100.00, '2025-03-10 12:00:00'),"
        " ('p3', 'org_a', 'c_bolt', 80.00, '2025-07-02 12:00:00')"
        ") t(payment_id, organization_id, customer_id, amount, received_at)",
    )
    write_parquet(
        raw / "payment_allocations" / "a.parquet",
        "select allocation_id, payment_id, invoice_id, amount::decimal(18,2) as amount from (values"
        " ('a1', 'p1', 'i1', 250.00), ('a2', 'p2', 'i7', 100.00), ('a3', 'p3', 'i9', 80.00)"
        ") t(allocation_id, payment_id, invoice_id, amount)",
    )
    write_parquet(
        raw / "outreach" / "o.parquet",
        "select 'o1' as outreach_id, 'org_a' as organization_id, 'c_acme' as customer_id, 'email' as channel,"
        " timestamp '2025-05-10 10:00:00' as occurred_at, 'sent' as status",
    )
    write_parquet(raw / "outreach_invoices" / "l.parquet", "select 'o1' as outreach_id, 'i2' as invoice_id")
    return data
