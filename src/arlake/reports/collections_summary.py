"""`collections-summary`: the Stuut collections summary of an organization per period (GET
/v1/analytics/collections/summary): a bare JSON array of period rows, money in integer cents.

Every number comes from the collections_summary mart (the per-customer rows of collections_summary_by_customer
summed over the organization, every period from the one holding `from` to the one holding `as_of`); the query
converts money to cents and writes each row in the source document's field order (docs/metrics.md)."""

from __future__ import annotations

from typing import Any

from ..jsonout import Output, document, raw
from ..warehouse import Warehouse
from .collections_summary_by_customer import row_json
from .common import ORGANIZATION_ID, as_of_param, check_from_not_after, resolve_organization
from .params import Param

NAME = "collections-summary"
PARAMS = (
    Param("interval", "choice", default="monthly", choices=("monthly", "weekly", "all")),
    as_of_param("as_of"),
    Param("from", "date", default=None, help="first day of the first period (default: first issued invoice)"),
    ORGANIZATION_ID,
)
# The source document's order: its required fields, then the four it lists last (with their defaults).
FIELDS = (
    "period_end",
    "period_start",
    "avg_days_to_pay_from_due",
    "avg_days_to_pay_from_issued",
    "amount_collected",
    "amount_collected_stuut_touched",
    "amount_collected_automated",
    "amount_issued",
    "amount_issued_stuut_touched",
    "amount_overdue",
    "amount_overdue_stuut_touched",
    "amount_receivables",
    "amount_receivables_stuut_touched",
    "balance",
    "balance_stuut_touched",
    "balance_for_period",
    "balance_for_period_stuut_touched",
    "balance_period_start",
    "balance_period_start_stuut_touched",
    "invoices_collected",
    "invoices_collected_stuut_touched",
    "invoices_issued",
    "invoices_open",
    "invoices_overdue",
    "invoices_paid",
    "invoices_touched",
    "invoices_touched_and_collected",
    "amount_collected_other",
    "dso",
    "dso_stuut_touched",
    "invoices_touched_and_collected_ratio",
)
ROW_JSON = row_json(FIELDS)
# The interval is one of PARAMS' choices, written into the query so that the other intervals are pruned.
SHAPE_SQL = f"""
select coalesce('[' || string_agg({ROW_JSON}, ',\n' order by period_start) || ']', '[]')
from collections_summary
where period_interval = '__INTERVAL__' and organization_id = $organization_id
"""

check = check_from_not_after


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    with warehouse.reading(as_of_date=p["as_of"], from_date=p["from"]) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        (rows,) = cur.execute(
            SHAPE_SQL.replace("__INTERVAL__", p["interval"]), {"organization_id": org.organization_id}
        ).fetchone()
    return document(raw(rows))
