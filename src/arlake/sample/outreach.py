"""The outreach and outreach_invoices tables: collection contacts and the invoices each one is about.

Outreach (automated reminders before and after the due date, manual e-mails, calls, SMS, letters and inbound
replies) is produced for invoices that are still unpaid on the day of the contact. Contacts of the same kind on
the same day for the same customer are one outreach row linked to all the invoices concerned.
"""

from __future__ import annotations

from .session import Session


def write(session: Session) -> None:
    sql = session.statements("outreach")
    session.sql(sql.touches_table())
    session.sql("DROP TABLE inv")  # the last step that needs the plan
    session.sql(sql.outreach_table(), ordered=True)
    session.sql(sql.links_table(), ordered=True)
    session.sql("DROP TABLE touch")
    n_out = session.scalar("SELECT count(*) FROM outr")
    n_link = session.scalar("SELECT count(*) FROM olink")
    session.copy("outreach", sql.outreach_file(), num_col="onum", total=n_out, presorted=True)
    session.copy("outreach_invoices", sql.links_file(), num_col="link_num", total=n_link, presorted=True)
    session.sql("DROP TABLE outr")
    session.sql("DROP TABLE olink")
