"""`collections-summary-by-customer`: the Stuut collections summary per customer and period (contract 4.4,
spec 000). Every number comes from the collections_summary_by_customer mart; this module picks the
organization, interval and business units, converts money to integer cents in the query, and streams rows."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..jsonout import Rows
from ..warehouse import connect, set_variables
from . import register
from .common import ORGANIZATION_ID, as_of_param, check_from_not_after, iso, resolve_organization
from .params import Param

NAME = "collections-summary-by-customer"
PARAMS = (
    Param("interval", "choice", default="monthly", choices=("monthly", "weekly", "all")),
    Param("business_unit_id__in", "list", default=None, help="only customers of these business units"),
    as_of_param("as_of"),
    Param("from", "date", default=None, help="first day of the first period (default: first issued invoice)"),
    ORGANIZATION_ID,
)
TEXT = ("partner_id", "partner_name", "partner_account_number")
DATES = ("period_start", "period_end")
MONEY = (
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
)
NUMBERS = (
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
)
# The spec's field order.
FIELDS = TEXT + DATES + MONEY[:1] + MONEY[1:] + NUMBERS
SELECT = ", ".join([*TEXT, *DATES, *(f"cast(round({m} * 100) as bigint) as {m}" for m in MONEY), *NUMBERS])
BATCH = 5000


def _rows(cur, names: list[str]) -> Iterator[dict[str, Any]]:
    while batch := cur.fetchmany(BATCH):
        for row in batch:
            record = dict(zip(names, row, strict=True))
            for field in DATES:
                record[field] = iso(record[field])
            yield {field: record[field] for field in FIELDS}


def _stream(stack: contextlib.ExitStack, cur, names: list[str]) -> Iterator[dict[str, Any]]:
    with stack:  # the connection closes when the rows are exhausted (or the consumer stops)
        yield from _rows(cur, names)


@register(NAME, PARAMS)
def run(data: Path, p: dict[str, Any]) -> dict[str, Any]:
    """{"data": rows}: rows is a lazy iterator, so the command line streams it; the Python API makes a list.
    Everything that can fail (parameters, warehouse, organization) fails before the first row."""
    check_from_not_after(p)
    with contextlib.ExitStack() as stack:
        con = stack.enter_context(connect(data, as_of_date=p["as_of"]))
        org = resolve_organization(con, p["organization_id"], param="organization_id")
        set_variables(con, from_date=p["from"])
        units = p["business_unit_id__in"]
        sql = (
            f"select {SELECT} from collections_summary_by_customer "
            "where period_interval = ? and organization_id = ? "
            + ("and list_contains(?, business_unit_id) " if units is not None else "")
            + "order by period_start, partner_name, partner_id"
        )
        cur = con.execute(sql, [p["interval"], org.organization_id, *([units] if units is not None else [])])
        names = [d[0] for d in cur.description]
        return {"data": Rows(_stream(stack.pop_all(), cur, names))}
