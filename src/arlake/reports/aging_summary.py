"""`receivable-aging-summary`: the Bigcapital A/R Aging Summary shape (contract 4.1, spec 002).

Amounts come from the ar_aging marts rolled up in SQL; this module maps them to the shape and formats cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..formatting import FORMAT_MONEY_CHOICES, NEGATIVE_FORMAT_CHOICES, NumberFormat, money_cell
from ..warehouse import connect
from . import register
from .common import ORGANIZATION_ID, aging_rollup, as_of_param, iso, resolve_organization, slashed
from .params import Param

NAME = "receivable-aging-summary"
ZERO = Decimal("0.00")
PARAMS = (
    as_of_param("as_date"),
    Param("aging_days_before", "int", default=30, minimum=1, maximum=3650, help="bucket width N in days"),
    Param("aging_periods", "int", default=3, minimum=1, maximum=100, help="number of buckets P"),
    Param("precision", "int", default=2, minimum=0, maximum=10),
    Param("divide_on1000", "bool", default=False),
    Param("show_zero", "bool", default=False),
    Param("format_money", "choice", default="total", choices=FORMAT_MONEY_CHOICES),
    Param("negative_format", "choice", default="mines", choices=NEGATIVE_FORMAT_CHOICES),
    Param("customers_ids", "list", default=()),
    Param("branches_ids", "list", default=()),
    Param("none_zero", "bool", default=False),
    ORGANIZATION_ID,
)


def columns(as_date: dt.date, width: int, periods: int) -> list[dict[str, Any]]:
    """The bucket columns: from/to dates and day ranges (contract 4.1)."""
    out = []
    for k in range(1, periods + 1):
        last = k == periods
        out.append(
            {
                "from_period": iso(as_date - dt.timedelta(days=(k - 1) * width)),
                "to_period": None if last else iso(as_date - dt.timedelta(days=k * width)),
                "before_days": 0 if k == 1 else (k - 1) * width + 1,
                "to_days": None if last else k * width,
            }
        )
    return out


@register(NAME, PARAMS)
def run(data: Path, p: dict[str, Any]) -> dict[str, Any]:
    as_date, width, periods = p["as_date"], p["aging_days_before"], p["aging_periods"]
    fmt = NumberFormat(
        precision=p["precision"],
        divide_on1000=p["divide_on1000"],
        show_zero=p["show_zero"],
        format_money=p["format_money"],
        negative_format=p["negative_format"],
    )
    variables = {
        "as_of_date": as_date,
        "aging_width": width,
        "aging_periods": periods,
        "aging_basis": "due_date",
    }
    with connect(data, **variables) as con:
        org = resolve_organization(con, p["organization_id"], param="organization_id")
        rollup = aging_rollup(
            con,
            org.organization_id,
            periods=periods,
            branch_ids=p["branches_ids"],
            customer_ids=p["customers_ids"],
            none_zero=p["none_zero"],
        )
    cols = columns(as_date, width, periods)
    currency = org.base_currency

    def cell(amount: Decimal, *, total: bool) -> dict[str, Any]:
        return money_cell(amount, fmt, currency=currency, total=total)

    def aging(amounts: dict[int, Decimal], *, total: bool) -> list[dict[str, Any]]:
        return [
            {**col, "total": cell(amounts.get(k, ZERO), total=total)} for k, col in enumerate(cols, start=1)
        ]

    customers = [
        {
            "customer_name": c["name"],
            "current": cell(c["cells"].get(0, ZERO), total=False),
            "aging": aging(c["cells"], total=False),
            "total": cell(c["total"], total=True),
        }
        for c in rollup.customers
    ]
    return {
        "query": {
            "as_date": iso(as_date),
            "aging_days_before": width,
            "aging_periods": periods,
            "number_format": {
                "divide_on1000": fmt.divide_on1000,
                "negative_format": fmt.negative_format,
                "show_zero": fmt.show_zero,
                "format_money": fmt.format_money,
                "precision": fmt.precision,
            },
            "customers_ids": p["customers_ids"],
            "branches_ids": p["branches_ids"],
            "none_zero": p["none_zero"],
        },
        "columns": cols,
        "data": {
            "customers": customers,
            "total": {
                "current": cell(rollup.bucket_totals.get(0, ZERO), total=True),
                "aging": aging(rollup.bucket_totals, total=True),
                "total": cell(rollup.grand_total if rollup.grand_total is not None else ZERO, total=True),
            },
        },
        "meta": {
            "organization_name": org.name,
            "base_currency": currency,
            "date_format": org.date_format,
            "is_cost_compute_running": False,
            "sheet_name": "A/R Aging Summary",
            "formatted_as_date": slashed(as_date),
            "formatted_date_range": f"As {slashed(as_date)}",
        },
    }
