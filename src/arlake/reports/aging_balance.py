"""`aging-balance`: the Stuut aging balance of an organization (GET /v1/analytics/collections/aging-balance): the
count and the outstanding amount (integer cents) of its open invoices in each of five buckets of days past due,
`days_0` (not past due: due on or after the as-of date) then 1-30, 31-60, 61-90 and 91+ (docs/metrics.md).

Basis due date, 30-day buckets, 4 of them after current: the ar_aging_by_customer mart, rolled up in SQL."""

from __future__ import annotations

from typing import Any

from ..jsonout import Output, document, raw
from ..warehouse import Warehouse
from .common import ORGANIZATION_ID, as_of_param, bucket_cents, resolve_organization

NAME = "aging-balance"
WIDTH, PERIODS = 30, 4
PARAMS = (ORGANIZATION_ID, as_of_param("as_of"))
KEYS = ("days_0", "days_1_30", "days_31_60", "days_61_90", "days_91_plus")  # bucket_index 0..4

# The counts first, then the amounts, in the order of the source document.
SHAPE_SQL = (
    "select to_json({"
    + ", ".join(
        [
            f"'{key}_count': cast(coalesce(sum(invoice_count) filter (where bucket_index = {k}), 0) as bigint)"
            for k, key in enumerate(KEYS)
        ]
        + [f"'{key}_amount': {bucket_cents(k)}" for k, key in enumerate(KEYS)]
    )
    + "}) from ar_aging_by_customer where organization_id = $organization_id"
)


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    variables = {
        "as_of_date": p["as_of"],
        "aging_width": WIDTH,
        "aging_periods": PERIODS,
        "aging_basis": "due_date",
    }
    with warehouse.reading(**variables) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        (shape,) = cur.execute(SHAPE_SQL, {"organization_id": org.organization_id}).fetchone()
    return document(raw(shape))
