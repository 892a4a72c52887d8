"""`aged-receivables`: the Built.africa aged receivables list (contract 4.2, spec 003).

Basis issue date (days outstanding), 4 buckets of width `range`, so the total is the whole open balance."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ..warehouse import connect
from . import register
from .common import (
    ORGANIZATION_ID,
    aging_rollup,
    as_of_param,
    customer_rows,
    resolve_organization,
    seconds_text,
)
from .params import Param

NAME = "aged-receivables"
PERIODS = 4
ZERO = Decimal("0.00")
PARAMS = (
    as_of_param("date"),
    Param("range", "int", default=30, minimum=1, maximum=3650, help="bucket width N in days"),
    ORGANIZATION_ID,
)


def bucket_keys(width: int) -> list[tuple[str, str]]:
    """(key, title) of the 4 buckets for width N: 1_To_30_days / '1 - 30 Days' ... over_91_days / 'Over 91 Days'."""
    keys = []
    for k in range(1, PERIODS):
        lo, hi = (k - 1) * width + 1, k * width
        keys.append((f"{lo}_To_{hi}_days", f"{lo} - {hi} Days"))
    over = (PERIODS - 1) * width + 1
    keys.append((f"over_{over}_days", f"Over {over} Days"))
    return keys


@register(NAME, PARAMS)
def run(data: Path, p: dict[str, Any]) -> dict[str, Any]:
    width = p["range"]
    variables = {
        "as_of_date": p["date"],
        "aging_width": width,
        "aging_periods": PERIODS,
        "aging_basis": "issue_date",
    }
    with connect(data, **variables) as con:
        org = resolve_organization(con, p["organization_id"], param="organization_id")
        rollup = aging_rollup(con, org.organization_id, periods=PERIODS, none_zero=True)
        details = customer_rows(con, [c["customer_id"] for c in rollup.customers])
    keys = bucket_keys(width)
    listed = []
    for c in rollup.customers:
        d = details[c["customer_id"]]
        entry: dict[str, Any] = {
            "id": d["customer_id"],
            "owner_id": None,
            "business_id": None,
            "first_name": None,
            "last_name": None,
            "phone_number": None,
            "business_name": d["name"],
            "business_address": d["address"],
            "business_phone": d["phone"],
            "business_location": None,
            "business_email": d["email"],
            "created_at": seconds_text(d["created_at"]),
            "updated_at": seconds_text(d["modified_at"]),
            "account_id": None,
            "category": d["category"] or "Uncategorised",
            "category_id": None,
            "deposit_amount": None,
            "deposit_account_id": None,
            "archived": None,
            "customer_id": d["customer_id"],
            "total_aged_receivables": c["total"],
        }
        for k, (key, _title) in enumerate(keys, start=1):
            entry[key] = c["cells"].get(k, ZERO)
        listed.append(entry)
    summaries: dict[str, Any] = {
        f"total_{key}": rollup.bucket_totals.get(k, ZERO) for k, (key, _) in enumerate(keys, 1)
    }
    summaries["total_over_all"] = rollup.grand_total if rollup.grand_total is not None else ZERO
    headers = {key: {"title": title, "valueKey": key, "totalKey": f"total_{key}"} for key, title in keys}
    return {"list": listed, "summaries": summaries, "headers": headers}
