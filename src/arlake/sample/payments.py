"""The payments and payment_allocations tables, from the payment events of the invoice plan.

About 2% of payments fail and are retried successfully a few days later; the failed attempt is kept
(``status = 'failed'``) with its allocations. Customers on a payment run pay all invoices of one run day with
one payment.
"""

from __future__ import annotations

from .session import Session


def write(session: Session) -> None:
    sql = session.statements("payments")
    session.sql(sql.allocation_events())
    session.sql(sql.payments_table(), ordered=True)
    session.sql(sql.allocations_table(), ordered=True)
    session.sql("DROP TABLE ev")
    n_pay = session.scalar("SELECT count(*) FROM pay")
    n_alloc = session.scalar("SELECT count(*) FROM alloc")
    session.copy("payments", sql.payments_file(), num_col="pay_num", total=n_pay, presorted=True)
    session.copy(
        "payment_allocations", sql.allocations_file(), num_col="alloc_num", total=n_alloc, presorted=True
    )
    session.sql("DROP TABLE alloc")
    session.sql("DROP TABLE pay")
