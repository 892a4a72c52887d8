"""`invoices`: the Stuut List Invoices shape (docs/invoices.md), integer cents.

The invoice_list mart (one row per invoice at the as-of date, status and amounts computed in SQL) is filtered,
sorted and paged in SQL; the page's payments, emails, calls and partners are read from invoice_list_payments,
invoice_list_outreach and dim_customers. This module binds the parameters and maps rows to the shape, field by
field as arlake.stuut declares it (the declaration `arlake ingest stuut-invoices` reads back from).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from .. import stuut
from ..errors import ParameterError
from ..jsonout import Output, document
from ..warehouse import Warehouse
from .common import ORGANIZATION_ID, as_of_param, customer_rows, resolve_organization
from .params import DATE_RANGE, Param, parse_day

NAME = "invoices"
STATUSES = ("draft", "open", "uncollectible", "paid", "void", "processing", "overdue")
# The shape's sort_by values -> the invoice_list column each orders by.
SORT_KEYS = {
    "amount_due": "amount_due",
    "amount_remaining": "amount_remaining",
    "due_date": "due_on",
    "issued_at": "issued_at",
    "paid_at": "paid_on",
    "number": "number",
    "last_inbound_at": "last_inbound_at",
    "last_outreach_at": "last_outreach_at",
    "total_amount": "total_amount",
}
OPERATORS = ("gte", "gt", "lte", "lt", "eq")
MAX_PAGE = 10**9

PARAMS = (
    Param("page", "int", default=0, minimum=0, maximum=MAX_PAGE, help="page number, 0-indexed"),
    Param("limit", "int", default=50, minimum=1, maximum=200, help="page size"),
    Param("sort_by", "choice", default="issued_at", choices=tuple(SORT_KEYS)),
    Param("sort_order", "choice", default="desc", choices=("asc", "desc")),
    Param("number", "list", default=(), help="invoice numbers (exact match; repeat the flag)"),
    Param("status", "list", default=(), help="statuses (repeat the flag): " + ", ".join(STATUSES)),
    Param(
        "amount_remaining", "list", default=(), help="OP:AMOUNT in major units, OP one of gte gt lte lt eq"
    ),
    Param(
        "issued_at",
        "list",
        default=(),
        help=f"OP:YYYY-MM-DD, OP one of gte gt lte lt eq, the date {DATE_RANGE}",
    ),
    Param("has_outreach", "bool", default=None),
    Param("customer_outreach_paused", "bool", default=None),
    as_of_param("as_of"),
    ORGANIZATION_ID,
)

_AMOUNT = re.compile(r"-?[0-9]{1,16}(\.[0-9]{1,2})?")  # ASCII digits: \d would take other scripts' digits

# The number of matching invoices and the keys (invoice_key) of one page, in order: only the filter and sort
# columns of the listing are computed for every invoice. {column} and {direction} come from SORT_KEYS and asc/desc
# only, {view} from listing_view.
PAGE_SQL = """
with
filtered as materialized (
    select invoice_id, invoice_key, {column} as sort_key
    from {view}
    where organization_id = $organization_id
      and (case when len($status::varchar[]) = 0 then status <> 'draft'
                else list_contains($status::varchar[], status) end)
      and (len($number::varchar[]) = 0 or list_contains($number::varchar[], number))
      and (len($amount_gte::decimal(18,2)[]) = 0 or amount_remaining >= list_max($amount_gte::decimal(18,2)[]))
      and (len($amount_gt::decimal(18,2)[]) = 0 or amount_remaining > list_max($amount_gt::decimal(18,2)[]))
      and (len($amount_lte::decimal(18,2)[]) = 0 or amount_remaining <= list_min($amount_lte::decimal(18,2)[]))
      and (len($amount_lt::decimal(18,2)[]) = 0 or amount_remaining < list_min($amount_lt::decimal(18,2)[]))
      and (len($amount_eq::decimal(18,2)[]) = 0
           or (amount_remaining = list_min($amount_eq::decimal(18,2)[])
               and amount_remaining = list_max($amount_eq::decimal(18,2)[])))
      and (len($issued_gte::date[]) = 0 or issued_on >= list_max($issued_gte::date[]))
      and (len($issued_gt::date[]) = 0 or issued_on > list_max($issued_gt::date[]))
      and (len($issued_lte::date[]) = 0 or issued_on <= list_min($issued_lte::date[]))
      and (len($issued_lt::date[]) = 0 or issued_on < list_min($issued_lt::date[]))
      and (len($issued_eq::date[]) = 0
           or (issued_on = list_min($issued_eq::date[]) and issued_on = list_max($issued_eq::date[])))
      and ($has_outreach::boolean is null or has_outreach = $has_outreach::boolean)
      and ($paused::boolean is null or customer_outreach_paused = $paused::boolean)
),
page as (
    select invoice_id, invoice_key, sort_key
    from filtered
    order by sort_key {direction} nulls last, invoice_id {direction}
    limit $limit offset $offset
)
select
    (select count(*) from filtered) as total_records,
    coalesce(
        (select list(invoice_key order by sort_key {direction} nulls last, invoice_id {direction}) from page),
        []
    ) as page_keys
"""


# The default listing (no filter, sorted by issued_at): invoice_list_order holds each organization's non-draft
# invoices in that order, numbered at build time (default_position, 1 the latest issued). At any as-of date D the
# listing is the places from the smallest one issued on or before D (first) to the last, the number of places
# (listed; the oldest invoice is always issued by D): its length is read from the organization's places without
# sorting, and a page is a range of places (KEYS_AT_POSITIONS_SQL), whose rows are then read by place and by key
# (ROWS_SQL with PLACES): the places narrow the scan of the listing to a row group at any D, and the short list of
# keys lets the view's joins to the balances and outreach at an earlier D filter those tables by the page's
# invoices, which a range of places alone does not.
LISTED_SQL = """
select min(default_position), max(default_position)
from invoice_list_order
where organization_id = $organization_id and issued_on <= $as_of
"""


def _cents(columns: tuple[str, ...]) -> str:
    """`* replace (...)` turning the money columns of the shape into integer cents, exactly, in SQL."""
    return ", ".join(f"arlake_cents({c}) as {c}" for c in columns)


# The page's rows by key, in the order of the page, money in integer cents (the CENTS fields of arlake.stuut). The
# tables behind the listing's views are indexed on invoice_key, and DuckDB looks keys up in an index only when they
# are the scan's one filter: for a filtered page the keys (unique across organizations) are the whole condition, and
# the rows are read from invoice_list also for a page of invoice_list_open (the same rows), whose scan has a filter
# of its own. From the listing's final date on, invoice_list reads int_invoice_list_base with no other filter;
# before it, the scan also filters on the issue date and reads the keys' column whole. A default page names its
# range of places instead ({places}).
ROWS_SQL = f"""
select * replace ({_cents(stuut.INVOICE.columns(stuut.CENTS))})
from invoice_list
where list_contains($keys::bigint[], invoice_key){{places}}
order by list_position($keys::bigint[], invoice_key)
"""
PLACES = "\n  and organization_id = $organization_id and default_position between $first and $last"
KEYS_AT_POSITIONS_SQL = """
select coalesce(list(invoice_key order by default_position {order}), [])
from invoice_list_order
where organization_id = $organization_id and default_position between $first and $last
"""

PAYMENTS_SQL = f"""
select * replace ({_cents(stuut.ALLOCATION.columns(stuut.CENTS) + stuut.PAYMENT.columns(stuut.CENTS))})
from invoice_list_payments
where list_contains($keys::bigint[], invoice_key)
order by invoice_key, applied_at, allocation_id
"""

OUTREACH_SQL = """
select * from invoice_list_outreach
where list_contains($keys::bigint[], invoice_key)
order by invoice_key, occurred_at, outreach_id
"""


def listing_view(statuses: list[str]) -> str:
    """The view a filtered page reads: invoice_list_open (the same rows of invoice_list, its invoices open or
    overdue at the as-of date, read without computing the others' status) when the status filter asks for no
    other status, else invoice_list."""
    return "invoice_list_open" if statuses and set(statuses) <= {"open", "overdue"} else "invoice_list"


def _bad(name: str, value: Any, expected: str) -> ParameterError:
    flag = "--" + name.replace("_", "-")
    return ParameterError(f"invalid value {value!r} for parameter {name} ({flag}): expected {expected}")


def parse_statuses(values: list[str]) -> list[str]:
    for value in values:
        if value not in STATUSES:
            raise _bad("status", value, "one or more of " + ", ".join(STATUSES) + " (repeat the flag)")
    return sorted(set(values))


def parse_comparisons(name: str, values: list[str], parse_value, syntax: str) -> dict[str, list]:
    """`op:value` items (op one of OPERATORS) grouped by operator; every item must hold."""
    out: dict[str, list] = {op: [] for op in OPERATORS}
    expected = (
        f"OP:{syntax} with OP one of {', '.join(OPERATORS)} (e.g. gte:{_EXAMPLES[syntax]}){_RANGES[syntax]}; "
        "repeat the flag"
    )
    for item in values:
        op, sep, text = item.partition(":")
        if not sep or op not in OPERATORS:
            raise _bad(name, item, expected)
        value = parse_value(text.strip())
        if value is None:
            raise _bad(name, item, expected)
        out[op].append(value)
    return out


_EXAMPLES = {"AMOUNT": "100.00", "YYYY-MM-DD": "2025-01-31"}
_RANGES = {"AMOUNT": "", "YYYY-MM-DD": f", the date {DATE_RANGE}"}


def _amount(text: str) -> Decimal | None:
    return Decimal(text) if _AMOUNT.fullmatch(text) else None


def _day(text: str) -> dt.date | None:
    return parse_day(text)


def _filters(p: dict[str, Any]) -> tuple[list[str], dict[str, list], dict[str, list]]:
    return (
        parse_statuses(p["status"]),
        parse_comparisons("amount_remaining", p["amount_remaining"], _amount, "AMOUNT"),
        parse_comparisons("issued_at", p["issued_at"], _day, "YYYY-MM-DD"),
    )


def check(p: dict[str, Any]) -> None:
    _filters(p)


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    statuses, amounts, issued = _filters(p)
    page, limit = p["page"], p["limit"]
    column = SORT_KEYS[p["sort_by"]]
    direction = "asc" if p["sort_order"] == "asc" else "desc"

    with warehouse.reading(as_of_date=p["as_of"]) as con:
        org = resolve_organization(con, p["organization_id"], param="organization_id")
        bound = {
            "organization_id": org.organization_id,
            "status": statuses,
            "number": p["number"],
            **{f"amount_{op}": values for op, values in amounts.items()},
            **{f"issued_{op}": values for op, values in issued.items()},
            "has_outreach": p["has_outreach"],
            "paused": p["customer_outreach_paused"],
            "limit": limit,
            "offset": page * limit,
        }
        filtered = bool(
            statuses
            or p["number"]
            or any(amounts.values())
            or any(issued.values())
            or p["has_outreach"] is not None
            or p["customer_outreach_paused"] is not None
        )
        if not filtered and column == "issued_at":
            total, order, at = _positions(con, bound, p["as_of"], direction)
            (keys,) = con.execute(KEYS_AT_POSITIONS_SQL.format(order=order), at).fetchone()
            rows_sql, rows_params = ROWS_SQL.format(places=PLACES), at
        else:
            view = listing_view(statuses)
            page_sql = PAGE_SQL.format(view=view, column=column, direction=direction)
            total, keys = con.execute(page_sql, bound).fetchone()
            rows_sql, rows_params = ROWS_SQL.format(places=""), {}
        rows: list[dict] = []
        payments: dict[int, list[dict]] = {}
        outreach: dict[int, list[dict]] = {}
        partners: dict[str, dict] = {}
        if keys:
            rows, allocations, touches = warehouse.fetch_concurrently(
                [
                    (rows_sql, {**rows_params, "keys": keys}),
                    (PAYMENTS_SQL, {"keys": keys}),
                    (OUTREACH_SQL, {"keys": keys}),
                ],
                as_of_date=p["as_of"],
            )
            # payments and emails and calls are stored by the invoice's key; an allocation shows its invoice's id
            ids = {row["invoice_key"]: row["invoice_id"] for row in rows}
            for row in allocations:
                row["invoice_id"] = ids[row["invoice_key"]]
                payments.setdefault(row["invoice_key"], []).append(row)
            for row in touches:
                outreach.setdefault(row["invoice_key"], []).append(row)
            partners = customer_rows(con, sorted({r["customer_id"] for r in rows}))
    invoices = [
        invoice(
            row,
            partners[row["customer_id"]],
            payments.get(row["invoice_key"], []),
            outreach.get(row["invoice_key"], []),
        )
        for row in rows
    ]
    return document(
        {
            "data": invoices,
            "current_page": page,
            "total_records": total,
            "next_page": page + 1 if (page + 1) * limit < total else None,
        }
    )


def _positions(con, bound: dict[str, Any], as_of, direction: str) -> tuple[int, str, dict[str, Any]]:
    """The default listing at as_of: the number of invoices, and the order of KEYS_AT_POSITIONS_SQL and the
    parameters (the organization and the page's range of places) of it and of ROWS_SQL with PLACES."""
    org = {"organization_id": bound["organization_id"]}
    first, listed = con.execute(LISTED_SQL, {**org, "as_of": as_of}).fetchone()
    if first is None:  # no invoice issued on or before as_of
        return 0, "asc", {**org, "first": 1, "last": 0}
    total = listed - first + 1
    offset, limit = bound["offset"], bound["limit"]
    # Place `first` is the latest invoice of the listing: a descending page reads places upwards from
    # first + offset, an ascending one downwards from the last place (invoice_list at as_of has no place before
    # `first`).
    if direction == "desc":
        return total, "asc", {**org, "first": first + offset, "last": first + offset + limit - 1}
    return total, "desc", {**org, "first": listed - offset - limit + 1, "last": listed - offset}


def invoice(row: dict, customer: dict, allocations: list[dict], outreach: list[dict]) -> dict[str, Any]:
    """One invoice of the shape from its invoice_list row, its customer (dim_customers), its payments
    (invoice_list_payments) and its emails and calls (invoice_list_outreach)."""
    out = stuut.render(stuut.INVOICE, row)
    out.update(
        partner=partner(customer),
        payments=[allocation(a) for a in allocations],
        **{
            key: [stuut.render(shape, o) for o in outreach if o["channel"] == stuut.CHANNELS[key]]
            for key, shape in (("emails", stuut.EMAIL), ("calls", stuut.CALL))
        },
    )
    return out


def partner(customer: dict) -> dict[str, Any]:
    out = stuut.render(stuut.PARTNER, customer)
    if customer[stuut.PARTNER.field("billing_address").column] is not None:
        out["billing_address"] = stuut.render(stuut.ADDRESS, customer)
    return out


def allocation(row: dict) -> dict[str, Any]:
    out = stuut.render(stuut.ALLOCATION, row)
    out["payment"] = stuut.render(stuut.PAYMENT, row)
    return out
