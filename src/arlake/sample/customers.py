"""The customers table, and ``cust``: every customer's attributes, which later steps read (payment method,
contact details, outreach habits).

A customer gets a payment behaviour (prompt, late, chronically late, partial payer, disputer, non-payer), net
terms (15/30/45/60), a category that drives invoice sizes, a preferred payment method and, for about a third of
them, a weekly or bi-weekly payment run that pays several invoices with one payment. The lowest customer numbers
are large "key accounts" with many invoices.
"""

from __future__ import annotations

from .session import Session


def write(session: Session) -> None:
    sql = session.statements("customers")
    session.sql(sql.customers_table())
    session.copy("customers", sql.customers_file(), num_col="c", total=session.params.n_customers, base=0)
