"""`customer-aging-detail`: the Layer AR aging detail of one customer (contract 4.3, spec 004).

Basis due date, 30-day buckets, 4 of them; integer cents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import NotFoundError, ParameterError
from ..warehouse import connect
from . import register
from .common import aging_rollup, as_of_param, cents, customer_rows, resolve_organization
from .params import Param

NAME = "customer-aging-detail"
WIDTH, PERIODS = 30, 4
ZERO = Decimal("0.00")
PARAMS = (
    Param("business_id", "str", help="organization id; defaults to the only one"),
    Param("customer_id", "str", help="customer id (required)"),
    as_of_param("effective_date", kind="datetime_date"),
)
FIELDS = ("days_1_30", "days_31_60", "days_61_90", "days_91_over")


@register(NAME, PARAMS)
def run(data: Path, p: dict[str, Any]) -> dict[str, Any]:
    customer_id = p["customer_id"]
    if customer_id is None:
        raise ParameterError("customer_id (--customer-id) is required: the customer to age")
    day = p["effective_date"]
    variables = {"as_of_date": day, "aging_width": WIDTH, "aging_periods": PERIODS, "aging_basis": "due_date"}
    with connect(data, **variables) as con:
        org = resolve_organization(con, p["business_id"], param="business_id")
        customer = customer_rows(con, [customer_id]).get(customer_id)
        if customer is None or customer["organization_id"] != org.organization_id:
            raise NotFoundError(f"customer {customer_id!r} not found in business {org.organization_id!r}")
        rollup = aging_rollup(con, org.organization_id, periods=PERIODS, customer_ids=[customer_id])
    (row,) = rollup.customers
    amounts = {k: cents(row["cells"].get(k, ZERO)) for k in range(PERIODS + 1)}
    buckets = [
        {
            "start_day_number": (k - 1) * WIDTH + 1,
            "end_day_number": None if k == PERIODS else k * WIDTH,
            "outstanding_value": amounts[k],
        }
        for k in range(1, PERIODS + 1)
    ]
    return {
        "type": "AR_Aging_Customer_Detail",
        "as_of_date": f"{day.isoformat()}T00:00:00Z",
        "customer": {
            "id": customer["customer_id"],
            "external_id": customer["external_id"],
            "individual_name": None,
            "company_name": customer["name"],
            "email": customer["email"],
            "mobile_phone": None,
            "office_phone": customer["phone"],
            "address_string": customer["address"],
            "memo": None,
            "status": "ARCHIVED" if customer["is_active"] is False else "ACTIVE",
            "transaction_tags": [],
        },
        "buckets": buckets,
        "current": amounts[0],
        **{field: amounts[k] for k, field in enumerate(FIELDS, start=1)},
        "total": cents(row["total"]),
    }
