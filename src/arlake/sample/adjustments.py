"""The adjustments table: credit notes and write-offs of the invoice plan, in time order."""

from __future__ import annotations

from .session import Session


def write(session: Session) -> None:
    sql = session.statements("adjustments")
    session.sql(sql.adjustments_table(), ordered=True)
    n_adj = session.scalar("SELECT count(*) FROM adj")
    session.copy("adjustments", sql.adjustments_file(), num_col="adj_num", total=n_adj, presorted=True)
    session.sql("DROP TABLE adj")
