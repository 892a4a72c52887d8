"""What the report shapes share: choosing the organization, reading its settings, date texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import duckdb

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


def resolve_organization(
    con: duckdb.DuckDBPyConnection, organization_id: str | None, *, param: str
) -> Organization:
    """The organization a report is about: the one named (unknown: exit 4), else the only one in the data
    (several: exit 2, naming the parameter and the organizations)."""
    rows = fetch_dicts(con, "select * from int_organizations order by organization_id")
    if organization_id is not None:
        for row in rows:
            if row["organization_id"] == organization_id:
                return Organization(**row)
        raise NotFoundError(f"unknown organization {organization_id!r} ({param})")
    if not rows:
        raise DataError("the data holds no organization: customers and invoices are empty")
    if len(rows) > 1:
        ids = ", ".join(r["organization_id"] for r in rows[:20]) + (", ..." if len(rows) > 20 else "")
        raise ParameterError(f"{param} is required: the data holds {len(rows)} organizations ({ids})")
    return Organization(**rows[0])


def check_from_not_after(p: dict, as_of: str = "as_of") -> None:
    """An explicit `from` after the as-of date names no period: exit 2 naming both parameters."""
    start, end = p["from"], p[as_of]
    if start is not None and start > end:
        flag = "--" + as_of.replace("_", "-")
        raise ParameterError(
            f"from (--from) {start.isoformat()} is after {as_of} ({flag}) {end.isoformat()}: "
            "the first period must start on or before the as-of date"
        )


def iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def slashed(day: dt.date) -> str:
    return day.strftime("%Y/%m/%d")


def seconds_text(moment: dt.datetime | None) -> str | None:
    """`YYYY-MM-DD HH:MM:SS`, whole seconds (UTC)."""
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


# Open AR per customer and bucket at the connection's as-of date and aging parameters, for one organization
# and optionally some branches, rolled up in SQL: (customer, bucket) cells, customer totals (bucket_index
# null), bucket totals (customer_id null) and the grand total (both null). Parameters: organization id,
# branch ids (empty list: all branches), customer ids (empty: all the organization's customers),
# none_zero (leave out customers whose total is 0), number of buckets P.
AGING_ROLLUP_SQL = """
with
params as (
    select ?::varchar as org, ?::varchar[] as branch_ids, ?::varchar[] as customer_ids,
           ?::boolean as none_zero, ?::integer as periods
),
customers as (
    select c.customer_id, c.name
    from stg_arlake__customers as c, params
    where c.organization_id = params.org
      and (len(params.customer_ids) = 0 or list_contains(params.customer_ids, c.customer_id))
),
amounts as (
    select a.customer_id, a.bucket_index, sum(a.outstanding) as amount
    from ar_aging_by_customer as a, params
    where a.organization_id = params.org
      and (len(params.branch_ids) = 0 or list_contains(params.branch_ids, a.branch_id))
      and (len(params.customer_ids) = 0 or list_contains(params.customer_ids, a.customer_id))
    group by all
),
cells as (
    select c.customer_id, c.name, b.bucket_index, coalesce(amounts.amount, 0) as amount
    from customers as c
    cross join (select unnest(range(0, (select periods from params) + 1)) as bucket_index) as b
    left join amounts on amounts.customer_id = c.customer_id and amounts.bucket_index = b.bucket_index
),
listed as (
    select cells.*
    from cells, params
    where not params.none_zero
       or cells.customer_id in (select customer_id from cells group by customer_id having sum(amount) <> 0)
)
select
    customer_id,
    any_value(name) as name,
    bucket_index,
    cast(coalesce(sum(amount), 0) as decimal(18, 2)) as amount,
    grouping(customer_id) = 1 as is_bucket_total,
    grouping(bucket_index) = 1 as is_customer_total
from listed
group by grouping sets ((customer_id, bucket_index), (customer_id), (bucket_index), ())
order by grouping(customer_id), any_value(name), customer_id, grouping(bucket_index), bucket_index
"""


@dataclass
class AgingRollup:
    """The rows of AGING_ROLLUP_SQL arranged for mapping: customers in order, with their cells and totals."""

    customers: list[dict]  # {"customer_id", "name", "cells": {bucket_index: amount}, "total": amount}
    bucket_totals: dict[int, object]
    grand_total: object


def aging_rollup(
    con: duckdb.DuckDBPyConnection,
    organization_id: str,
    *,
    periods: int,
    branch_ids: list[str] | None = None,
    customer_ids: list[str] | None = None,
    none_zero: bool = False,
) -> AgingRollup:
    rows = con.execute(
        AGING_ROLLUP_SQL, [organization_id, branch_ids or [], customer_ids or [], none_zero, periods]
    ).fetchall()
    customers: dict[str, dict] = {}
    bucket_totals: dict[int, object] = {}
    grand_total = None
    for customer_id, name, bucket_index, amount, is_bucket_total, is_customer_total in rows:
        if is_bucket_total and is_customer_total:
            grand_total = amount
        elif is_bucket_total:
            bucket_totals[bucket_index] = amount
        else:
            entry = customers.setdefault(customer_id, {"customer_id": customer_id, "name": name, "cells": {}})
            if is_customer_total:
                entry["total"] = amount
            else:
                entry["cells"][bucket_index] = amount
    return AgingRollup(list(customers.values()), bucket_totals, grand_total)


def cents(amount: Decimal) -> int:
    """Major units (DECIMAL with 2 places) to integer minor units, exactly."""
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} has more than 2 decimal places")
    return int(scaled)


def customer_rows(con: duckdb.DuckDBPyConnection, customer_ids: list[str]) -> dict[str, dict]:
    """The staged customer rows of `customer_ids`, by id."""
    rows = fetch_dicts(
        con, "select * from stg_arlake__customers where list_contains(?, customer_id)", [customer_ids]
    )
    return {r["customer_id"]: r for r in rows}
