"""`aging-trend`: the aging at the end of every month or ISO week from F to A, for an organization or one of its
customers (docs/metrics.md). Every row comes from the aging_trend marts (the organization's from the dated
changes of the open stretches, a customer's from its stretches); money in major units."""

from __future__ import annotations

from typing import Any

from ..jsonout import Output, document
from ..warehouse import Warehouse, fetch_dicts
from .common import (
    ORGANIZATION_ID,
    as_of_param,
    check_from_not_after,
    iso,
    require_customer,
    resolve_organization,
)
from .params import Param

NAME = "aging-trend"
PARAMS = (
    Param("interval", "choice", default="monthly", choices=("monthly", "weekly"), help="months or ISO weeks"),
    Param("from", "date", default=None, help="a day of the first period (default: first issued invoice)"),
    as_of_param("as_of"),
    Param("aging_days_before", "int", default=30, minimum=1, maximum=3650, help="bucket width N in days"),
    Param("aging_periods", "int", default=4, minimum=1, maximum=100, help="number of buckets P"),
    Param("basis", "choice", default="due_date", choices=("due_date", "issue_date")),
    Param("customer_id", "str", help="one customer (default: the whole organization)"),
    ORGANIZATION_ID,
)

check = check_from_not_after

# The interval is one of PARAMS' choices, written into the query so that the other interval's periods are pruned
# when the query is planned.
COLUMNS = """
select period_start, period_end, current_amount as current, bucket_amounts as buckets, total, overdue, open_invoices
"""


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    customer_id = p["customer_id"]
    variables = {
        "as_of_date": p["as_of"],
        "from_date": p["from"],
        "aging_width": p["aging_days_before"],
        "aging_periods": p["aging_periods"],
        "aging_basis": p["basis"],
    }
    with warehouse.reading(**variables) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        from_ = p["from"]
        if from_ is None:
            (from_,) = cur.execute(
                "select first_issued_on from dim_organizations where organization_id = ?",
                [org.organization_id],
            ).fetchone()
        interval = f"period_interval = '{p['interval']}'"
        if customer_id is None:
            sql = f"{COLUMNS} from aging_trend where organization_id = ? and {interval} order by period_start"
            params = [org.organization_id]
        else:
            require_customer(cur, customer_id, org)
            sql = (
                f"{COLUMNS} from aging_trend_by_customer where organization_id = ? and customer_id = ? "
                f"and {interval} order by period_start"
            )
            params = [org.organization_id, customer_id]
        rows = fetch_dicts(cur, sql, params)
    return document(
        {
            "query": {
                "interval": p["interval"],
                "from": iso(from_),
                "as_of": iso(p["as_of"]),
                "aging_days_before": p["aging_days_before"],
                "aging_periods": p["aging_periods"],
                "basis": p["basis"],
                "customer_id": customer_id,
                "organization_id": org.organization_id,
            },
            "data": [
                {**row, "period_start": iso(row["period_start"]), "period_end": iso(row["period_end"])}
                for row in rows
            ],
        }
    )
