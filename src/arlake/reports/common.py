"""What the report shapes share: choosing the organization, reading its settings, date texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import engine
from ..errors import DataError, NotFoundError, ParameterError
from ..warehouse import fetch_dicts
from .params import Param, utc_today

ORGANIZATION_ID = Param("organization_id", "str", help="organization; required when the data holds several")


def as_of_param(name: str, kind: str = "date") -> Param:
    return Param(name, kind, default=utc_today, help="as-of date (default: today, UTC)")


@dataclass(frozen=True)
class Organization:
    organization_id: str
    name: str | None
    base_currency: str
    date_format: str


def resolve_organization(con: engine.Connection, organization_id: str | None, *, param: str) -> Organization:
    """The organization a report is about: the one named (unknown: exit 4), else the only one in the data
    (several: exit 2, naming the parameter and the organizations)."""
    rows = fetch_dicts(
        con, "select organization_id, name, base_currency, date_format from dim_organizations order by 1"
    )
    if organization_id is not None:
        for row in rows:
            if row["organization_id"] == organization_id:
                return Organization(**row)
        raise unknown_organization(organization_id, param)
    if not rows:
        raise DataError("the data holds no organization: customers and invoices are empty")
    if len(rows) > 1:
        ids = ", ".join(r["organization_id"] for r in rows[:20]) + (", ..." if len(rows) > 20 else "")
        raise ParameterError(f"{param} is required: the data holds {len(rows)} organizations ({ids})")
    return Organization(**rows[0])


def unknown_organization(organization_id: str, param: str) -> NotFoundError:
    """The error for an organization the data does not hold; the HTTP server answers the same for one that the
    request's API key may not see, so that the two cannot be told apart."""
    return NotFoundError(f"unknown organization {organization_id!r} ({param})")


def check_from_not_after(p: dict, as_of: str = "as_of") -> None:
    """An explicit `from` after the as-of date names no period: exit 2 naming both parameters."""
    start, end = p["from"], p[as_of]
    if start is not None and start > end:
        flag = "--" + as_of.replace("_", "-")
        raise ParameterError(
            f"from (--from) {start.isoformat()} is after {as_of} ({flag}) {end.isoformat()}: "
            "the first period must start on or before the as-of date"
        )


def bucket_cents(bucket_index: int | None = None, amount: str = "outstanding") -> str:
    """SQL summing `amount` over the rows of one aging bucket (all rows when None) as integer cents, 0 when there are
    none: the warehouse's arlake_cents, so every report converts money the same way."""
    only = "" if bucket_index is None else f" filter (where bucket_index = {int(bucket_index)})"
    return f"arlake_cents(coalesce(sum({amount}){only}, 0))"


def iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def slashed(day: dt.date) -> str:
    return day.strftime("%Y/%m/%d")


def seconds_text(moment: dt.datetime | None) -> str | None:
    """`YYYY-MM-DD HH:MM:SS`, whole seconds (UTC)."""
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


# dim_customers is indexed on customer_id (DuckDB), which a scan reads only when the ids are its one filter.
CUSTOMERS_SQL = "select * from dim_customers where list_contains(?, customer_id)"


def customer_rows(con: engine.Connection, customer_ids: list[str]) -> dict[str, dict]:
    """The dim_customers rows of `customer_ids`, by id."""
    rows = fetch_dicts(con, CUSTOMERS_SQL, [customer_ids])
    return {r["customer_id"]: r for r in rows}


def require_customer(con: engine.Connection, customer_id: str, org: Organization) -> dict:
    """The dim_customers row of `customer_id`; unknown, or of another organization: not found (exit 4)."""
    customer = customer_rows(con, [customer_id]).get(customer_id)
    if customer is None or customer["organization_id"] != org.organization_id:
        raise NotFoundError(f"customer {customer_id!r} not found in organization {org.organization_id!r}")
    return customer
