"""`aging-invoices`: the open invoices behind any aging cell, one page at a time (docs/metrics.md).

The selection (organization, optionally one customer and one bucket) is read from the aging_invoices mart, whose
rows are the ones the aging summaries sum: its total is the cell's amount. The page is cut in SQL (age
descending, then invoice id); the rows carry the invoice's number and total, and only the page's customers are
looked up in dim_customers."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ParameterError
from ..jsonout import Output, document, raw
from ..warehouse import Warehouse
from .common import ORGANIZATION_ID, as_of_param, iso, require_customer, resolve_organization
from .params import Param

NAME = "aging-invoices"
BASIS_CHOICES = ("due_date", "issue_date")
_BUCKET_NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class BucketParam(Param):
    """`current` or a bucket number >= 1 (an int, or its ASCII digits); check() bounds it by aging_periods."""

    def describe(self) -> str:
        return "current or a bucket number from 1 to aging_periods (--aging-periods)"

    def convert(self, value: Any) -> Any:
        if value is None or value == "current":
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and _BUCKET_NUMBER.fullmatch(value.strip()):
            number = int(value.strip())
        else:
            raise self.error(value)
        if number < 1:
            raise self.error(value)
        return number


PARAMS = (
    as_of_param("as_date"),
    Param(
        "basis",
        "choice",
        default="due_date",
        choices=BASIS_CHOICES,
        help="age from the due or the issue date",
    ),
    Param("aging_days_before", "int", default=30, minimum=1, maximum=3650, help="bucket width N in days"),
    Param("aging_periods", "int", default=4, minimum=1, maximum=100, help="number of buckets P"),
    Param("customer_id", "str", help="one customer (default: every customer of the organization)"),
    BucketParam("bucket", "str", help="one cell: current or 1..P (default: every bucket)"),
    Param("page", "int", default=1, minimum=1, maximum=1_000_000_000, help="page number, from 1"),
    Param("limit", "int", default=100, minimum=1, maximum=1000, help="invoices per page"),
    ORGANIZATION_ID,
)


def check(p: dict[str, Any]) -> None:
    bucket, periods = p["bucket"], p["aging_periods"]
    if isinstance(bucket, int) and bucket > periods:
        raise ParameterError(
            f"invalid value {bucket!r} for parameter bucket (--bucket): expected current or a bucket number "
            f"from 1 to {periods} (aging_periods)"
        )


# __FILTERS__ holds only the conditions of the parameters given, so that the ones left out cost nothing.
#
# Two reads. The first touches no text column: the selection's count and total, and the ages of its first
# offset + limit invoices in page order (the largest ages), whose last is the age of the page's last row. The page
# then reads only the invoices at least that old (__AGE_BOUND__, an integer literal, so the scan skips the others
# before it decodes their ids and numbers): every row of pages 1 to `page` is among them, in the same order, so
# the page is the one the whole selection gives. Without a bound (a short selection, or a page deeper than
# BOUNDED_ROWS) the page reads the whole selection.
BOUNDED_ROWS = 10_000
TOTALS_SQL = """
select
    count(*) as invoices,
    to_json({'invoices': count(*), 'outstanding': cast(coalesce(sum(outstanding), 0) as decimal(38, 2))}),
    __LEADING_AGES__ as leading_ages
from aging_invoices
where organization_id = $organization_id__FILTERS__
"""
PAGE_SQL = """
with
page as (
    select
        invoice_id, number, customer_id, issued_on, due_on, total_amount, outstanding, age_days, bucket_index,
        bucket_label
    from aging_invoices
    where organization_id = $organization_id__FILTERS____AGE_BOUND__
    order by age_days desc, invoice_id
    limit $limit offset $offset
),
rows_ as (
    select
        page.age_days,
        page.invoice_id,
        {
            'invoice_id': page.invoice_id,
            'number': page.number,
            'customer_id': page.customer_id,
            'customer_name': customers.name,
            'issued_on': page.issued_on,
            'due_on': page.due_on,
            'total_amount': page.total_amount,
            'outstanding': page.outstanding,
            'age_days': page.age_days,
            'bucket_index': page.bucket_index,
            'bucket_label': page.bucket_label
        } as invoice
    from page
    inner join dim_customers as customers on page.customer_id = customers.customer_id
)
select coalesce('[' || string_agg(to_json(invoice), ',\n' order by age_days desc, invoice_id) || ']', '[]')
from rows_
"""


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    bucket, limit, page = p["bucket"], p["limit"], p["page"]
    variables = {
        "as_of_date": p["as_date"],
        "aging_width": p["aging_days_before"],
        "aging_periods": p["aging_periods"],
        "aging_basis": p["basis"],
    }
    with warehouse.reading(**variables) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        selection: dict[str, Any] = {"organization_id": org.organization_id}
        filters = ""
        if p["customer_id"] is not None:
            require_customer(cur, p["customer_id"], org)
            filters += " and customer_id = $customer_id"
            selection["customer_id"] = p["customer_id"]
        if bucket is not None:
            filters += " and bucket_index = $bucket_index"
            selection["bucket_index"] = 0 if bucket == "current" else bucket
        offset = (page - 1) * limit
        leading = offset + limit
        totals_sql = TOTALS_SQL.replace("__FILTERS__", filters).replace(
            "__LEADING_AGES__", f"max(age_days, {leading})" if leading <= BOUNDED_ROWS else "null"
        )
        invoices, total, ages = cur.execute(totals_sql, selection).fetchone()
        bound = f" and age_days >= {int(ages[-1])}" if ages is not None and len(ages) == leading else ""
        page_sql = PAGE_SQL.replace("__FILTERS__", filters).replace("__AGE_BOUND__", bound)
        (data,) = cur.execute(page_sql, {**selection, "limit": limit, "offset": offset}).fetchone()
    return document(
        {
            "query": {
                "as_date": iso(p["as_date"]),
                "basis": p["basis"],
                "aging_days_before": p["aging_days_before"],
                "aging_periods": p["aging_periods"],
                "customer_id": p["customer_id"],
                "bucket": bucket,
                "page": page,
                "limit": limit,
                "organization_id": org.organization_id,
            },
            "total": raw(total),
            "data": raw(data),
            "meta": {"page": page, "limit": limit, "pages": math.ceil(invoices / limit)},
        }
    )
