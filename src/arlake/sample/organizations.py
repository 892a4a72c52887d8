"""The organizations table: the three companies of `reference.ORGANIZATIONS`."""

from __future__ import annotations

from .session import Session


def write(session: Session) -> None:
    sql = session.statements("organizations")
    session.copy("organizations", sql.organizations_file(), num_col="org")
