"""`ar-aging`: the Layer AR aging report of a business, all customers (GET
/v1/businesses/{businessId}/invoices/ar-aging): every customer with open invoices, each invoice listed in its
bucket (current, then 1-30, 31-60, 61-90, 91+ days past due), and the totals; integer cents (docs/metrics.md).

Basis due date, 30-day buckets, 4 of them after current. The invoices come from the ar_aging mart, the totals from
ar_aging_by_customer; one query writes each customer as JSON, and the customers stream out as they are fetched
(a business with a million open invoices is not built in memory)."""

from __future__ import annotations

from typing import Any

from ..jsonout import Output, array, dumps, fetched_texts
from ..warehouse import Warehouse
from .common import as_of_param, bucket_cents, resolve_organization
from .params import Param

NAME = "ar-aging"
WIDTH, PERIODS = 30, 4
PARAMS = (
    Param("business_id", "str", help="organization id; defaults to the only one"),
    as_of_param("effective_date", kind="datetime_date"),
)
# (bucket_index, start day, end day): 1-30, 31-60, 61-90, 91 and over (no end).
BUCKETS = tuple((k, (k - 1) * WIDTH + 1, None if k == PERIODS else k * WIDTH) for k in range(1, PERIODS + 1))


def _sql_int(value: int | None) -> str:
    return "null::integer" if value is None else str(value)


_INVOICE = (
    "{'invoice_id': aging.invoice_id, 'customer_name': customers.name,"
    " 'due_at': strftime(aging.due_on, '%Y-%m-%dT00:00:00Z'),"
    " 'invoice_total': arlake_cents(aging.total_amount),"
    " 'outstanding_balance': arlake_cents(aging.outstanding)}"
)


def _invoices(condition: str) -> str:
    return (
        f"coalesce(list({_INVOICE} order by aging.due_on, aging.invoice_id) filter (where {condition}), [])"
    )


# One JSON object per customer with an open invoice, ordered by name then id; invoices by due date then id.
CUSTOMERS_SQL = f"""
select
    to_json({{
        'customer_id': aging.customer_id,
        'customer_name': any_value(customers.name),
        'current': {_invoices("aging.bucket_index = 0")},
        'buckets': [
            {
    ", ".join(
        f"{{'bucket_start_day': {start}, 'bucket_end_day': {_sql_int(end)},"
        f" 'invoices': {_invoices(f'aging.bucket_index = {k}')}}}"
        for k, start, end in BUCKETS
    )
}
        ],
        'total_outstanding_balance': arlake_cents(sum(aging.outstanding))
    }})
from ar_aging as aging
inner join dim_customers as customers on aging.customer_id = customers.customer_id
where aging.organization_id = $organization_id
group by aging.customer_id
order by any_value(customers.name), aging.customer_id
"""

TOTALS_SQL = f"""
select
    {bucket_cents(0)},
    [{", ".join(bucket_cents(k) for k, _, _ in BUCKETS)}],
    {bucket_cents()}
from ar_aging_by_customer
where organization_id = $organization_id
"""


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    """The customers stream: everything that can fail (warehouse, business, parameters) fails before the first."""
    day = p["effective_date"]
    variables = {"as_of_date": day, "aging_width": WIDTH, "aging_periods": PERIODS, "aging_basis": "due_date"}
    cur = warehouse.cursor(**variables)
    try:
        org = resolve_organization(cur, p["business_id"], param="business_id")
        bound = {"organization_id": org.organization_id}
        current, buckets, grand = cur.execute(TOTALS_SQL, bound).fetchone()
        cur.execute(CUSTOMERS_SQL, bound)
    except BaseException:
        cur.close()
        raise
    moment = f"{day.isoformat()}T00:00:00Z"
    head = {
        "type": "AR_Aging_Report",
        "start_date": moment,
        "end_date": moment,
        "basis": "ACCRUAL",
        "as_of_date": moment,
    }
    totals = {
        "current_total": current,
        "bucket_totals": [
            {"bucket_start_day": start, "bucket_end_day": end, "total": buckets[k - 1]}
            for k, start, end in BUCKETS
        ],
        "grand_total": grand,
    }
    return Output(_document(head, cur, totals), cur.close)


def _document(head: dict, cur, totals: dict):
    yield dumps(head)[:-1] + b',"customers":'
    yield from array(fetched_texts(cur))
    yield b',"totals":' + dumps(totals) + b"}"
