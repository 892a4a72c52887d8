"""`customer-aging-detail`: the Layer AR aging detail of one customer (docs/reports.md).

Basis due date, 30-day buckets, 4 of them; integer cents computed in SQL from the ar_aging_by_customer mart."""

from __future__ import annotations

from typing import Any

from ..errors import NotFoundError, ParameterError
from ..jsonout import Output, document
from ..warehouse import Warehouse
from .common import as_of_param, bucket_cents, customer_rows, resolve_organization
from .params import Param

NAME = "customer-aging-detail"
WIDTH, PERIODS = 30, 4
PARAMS = (
    Param("business_id", "str", help="organization id; defaults to the only one"),
    Param("customer_id", "str", help="customer id (required)"),
    as_of_param("effective_date", kind="datetime_date"),
)
FIELDS = ("days_1_30", "days_31_60", "days_61_90", "days_91_over")

CENTS_SQL = f"""
select
    [{", ".join(bucket_cents(k) for k in range(PERIODS + 1))}],
    {bucket_cents()}
from ar_aging_by_customer
where organization_id = $organization_id and customer_id = $customer_id
"""


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    customer_id = p["customer_id"]
    if customer_id is None:
        raise ParameterError("customer_id (--customer-id) is required: the customer to age")
    day = p["effective_date"]
    variables = {"as_of_date": day, "aging_width": WIDTH, "aging_periods": PERIODS, "aging_basis": "due_date"}
    with warehouse.reading(**variables) as cur:
        org = resolve_organization(cur, p["business_id"], param="business_id")
        customer = customer_rows(cur, [customer_id]).get(customer_id)
        if customer is None or customer["organization_id"] != org.organization_id:
            raise NotFoundError(f"customer {customer_id!r} not found in business {org.organization_id!r}")
        cents, total = cur.execute(
            CENTS_SQL, {"organization_id": org.organization_id, "customer_id": customer_id}
        ).fetchone()
    buckets = [
        {
            "start_day_number": (k - 1) * WIDTH + 1,
            "end_day_number": None if k == PERIODS else k * WIDTH,
            "outstanding_value": cents[k],
        }
        for k in range(1, PERIODS + 1)
    ]
    return document(
        {
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
            "current": cents[0],
            **{field: cents[k] for k, field in enumerate(FIELDS, start=1)},
            "total": total,
        }
    )
