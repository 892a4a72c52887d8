"""The invoice plan (``inv``: each invoice's whole life) and the invoices table written from it.

Invoices are issued over the two years ending on the end date with mild volume growth; invoice numbers follow
issue dates. Each invoice gets a fate (paid in one or two instalments, partly paid, never paid, written off,
marked uncollectible, credited, disputed, voided, still a draft) drawn from the customer's behaviour. No event is
dated after the end date; invoices whose payment would fall later are simply still open. Due dates and promised
payment dates are intentions and may lie beyond the end date.

About 1% of invoices appear twice: the regular file holds an older snapshot and the updates file holds the
current row with a later ``modified_at``.
"""

from __future__ import annotations

from . import files
from .reference import GROWTH, HISTORY_DAYS
from .session import Session


def draft_probability() -> float:
    """The chance that an invoice of the last 21 days is still a draft, so that drafts make up ~1% overall
    (the share of invoices issued in the last 21 days follows from the volume growth)."""
    t21 = (HISTORY_DAYS - 21) / HISTORY_DAYS
    recent_share = 1 - (t21 + GROWTH * t21 * t21 / 2) / (1 + GROWTH / 2)
    return min(1.0, 0.01 / recent_share)


def plan(session: Session) -> None:
    """Create ``inv``: one row per invoice with its amounts, payments, adjustments, status and the facts the
    outreach needs."""
    sql = session.statements("invoices")
    session.sql(sql.invoice_numbers())
    session.sql(sql.plan(draft_probability()), ordered=True)
    session.sql("DROP TABLE inv_ids")


def write(session: Session) -> None:
    sql = session.statements("invoices")
    presorted = bool(session.scalar("SELECT bool_and(i = rowid) FROM inv"))
    session.copy(
        "invoices",
        sql.invoices_file(),
        num_col="i",
        total=session.params.n_invoices,
        base=0,
        presorted=presorted,
    )
    if not session.scalar("SELECT count(*) FROM inv WHERE dup"):
        return
    session.copy(
        "invoices",
        sql.updates_file(),
        num_col="i",
        file_name=files.UPDATES_FILE,
        presorted=presorted,
    )
