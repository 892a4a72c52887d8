"""`collections-summary-by-customer`: the Stuut collections summary per customer and period (docs/reports.md).

Every number comes from the collections_summary_by_customer mart; the query converts money to integer cents,
writes each row as JSON in the shape's field order, and the rows stream out as they are fetched."""

from __future__ import annotations

from typing import Any

from ..jsonout import Output, array, fetched_texts
from ..warehouse import Warehouse
from .common import ORGANIZATION_ID, as_of_param, check_from_not_after, resolve_organization
from .params import Param

NAME = "collections-summary-by-customer"
PARAMS = (
    Param("interval", "choice", default="monthly", choices=("monthly", "weekly", "all")),
    Param("business_unit_id__in", "list", default=None, help="only customers of these business units"),
    as_of_param("as_of"),
    Param("from", "date", default=None, help="first day of the first period (default: first issued invoice)"),
    ORGANIZATION_ID,
)
TEXT = ("partner_id", "partner_name", "partner_account_number", "period_start", "period_end")
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
FIELDS = TEXT + MONEY + NUMBERS  # the shape's field order (docs/reports.md)


def row_json(fields: tuple[str, ...]) -> str:
    """DuckDB SQL writing one row as a JSON object of `fields` in that order, money in integer cents."""
    return (
        "to_json({"
        + ", ".join(f"'{f}': arlake_cents({f})" if f in MONEY else f"'{f}': {f}" for f in fields)
        + "})"
    )


ROW_JSON = row_json(FIELDS)
# The interval is one of PARAMS' choices, written into the query so that the periods of the other intervals are
# pruned when the query is planned.
ROWS_SQL = f"""
select {ROW_JSON}
from collections_summary_by_customer
where period_interval = '__INTERVAL__' and organization_id = $organization_id
  and ($units::varchar[] is null or list_contains($units::varchar[], business_unit_id))
order by period_start, partner_name, partner_id
"""


check = check_from_not_after


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    """The rows stream: everything that can fail (warehouse, organization, parameters) fails before the first."""
    cur = warehouse.cursor(as_of_date=p["as_of"], from_date=p["from"])
    try:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        cur.execute(
            ROWS_SQL.replace("__INTERVAL__", p["interval"]),
            {"organization_id": org.organization_id, "units": p["business_unit_id__in"]},
        )
    except BaseException:
        cur.close()
        raise
    return Output(_document(cur), cur.close)


def _document(cur):
    yield b'{"data":'
    yield from array(fetched_texts(cur))
    yield b"}"
