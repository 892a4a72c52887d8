"""`dso`: the DSO family per month for an organization or one of its customers (docs/metrics.md defines the
shape and every metric). All numbers come from the dso_monthly marts; money in major units."""

from __future__ import annotations

from typing import Any

from ..errors import NotFoundError
from ..jsonout import Output, document
from ..warehouse import Warehouse, fetch_dicts
from .common import (
    ORGANIZATION_ID,
    as_of_param,
    check_from_not_after,
    customer_rows,
    iso,
    resolve_organization,
)
from .params import Param

NAME = "dso"
PARAMS = (
    ORGANIZATION_ID,
    Param("customer_id", "str", help="one customer (default: the whole organization)"),
    as_of_param("as_of"),
    Param("from", "date", default=None, help="first day (default: the organization's first issued invoice)"),
)
FIELDS = (
    "period_start",
    "period_end",
    "days",
    "ar_start",
    "ar_end",
    "current_ar_end",
    "credit_sales",
    "standard_dso",
    "countback_dso",
    "best_possible_dso",
    "average_days_delinquent",
    "collection_effectiveness_index",
    "percent_current",
    "weighted_average_days_late",
)


check = check_from_not_after


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    customer_id = p["customer_id"]
    with warehouse.reading(as_of_date=p["as_of"], from_date=p["from"]) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        if customer_id is not None:
            customer = customer_rows(cur, [customer_id]).get(customer_id)
            if customer is None or customer["organization_id"] != org.organization_id:
                raise NotFoundError(
                    f"customer {customer_id!r} not found in organization {org.organization_id!r}"
                )
        if customer_id is None:
            sql, params = "from dso_monthly where organization_id = ?", [org.organization_id]
        else:
            sql = "from dso_monthly_by_customer where organization_id = ? and customer_id = ?"
            params = [org.organization_id, customer_id]
        columns = ", ".join("days_in_period as days" if f == "days" else f for f in FIELDS)
        rows = fetch_dicts(cur, f"select {columns} {sql} order by period_start", params)
    return document(
        {
            "organization_id": org.organization_id,
            "customer_id": customer_id,
            "currency": org.base_currency,
            "as_of": iso(p["as_of"]),
            "months": rows,
        }
    )
