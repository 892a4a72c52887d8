"""`aged-receivables`: the Built.africa aged receivables list (docs/reports.md).

Basis issue date (days outstanding), 4 buckets of width `range`, so the total is the whole open balance. One
query reads the ar_aging_by_customer mart and dim_customers and writes the list entries and the summaries as
JSON; the bucket keys depend on `range` and are passed in."""

from __future__ import annotations

from typing import Any

from ..jsonout import Output, dumps, raw
from ..warehouse import Warehouse
from .common import ORGANIZATION_ID, as_of_param, resolve_organization
from .params import Param

NAME = "aged-receivables"
PERIODS = 4
PARAMS = (
    as_of_param("date"),
    Param("range", "int", default=30, minimum=1, maximum=3650, help="bucket width N in days"),
    ORGANIZATION_ID,
)

# Each entry: the shape's customer fields (those with no source are null), total_aged_receivables, then the four
# bucket keys, whose names depend on N (`$keys`, JSON-quoted); money in major units.
SHAPE_SQL = """
with
customers_with_balance as (
    select customer_id, bucket_index, sum(outstanding) as amount
    from ar_aging_by_customer
    where organization_id = $organization_id
    group by customer_id, bucket_index
),
per_customer as (
    select
        customer_id,
        cast(sum(amount) as decimal(38, 2)) as total,
        [
            cast(coalesce(sum(amount) filter (where bucket_index = 1), 0) as decimal(38, 2)),
            cast(coalesce(sum(amount) filter (where bucket_index = 2), 0) as decimal(38, 2)),
            cast(coalesce(sum(amount) filter (where bucket_index = 3), 0) as decimal(38, 2)),
            cast(coalesce(sum(amount) filter (where bucket_index = 4), 0) as decimal(38, 2))
        ] as buckets
    from customers_with_balance
    group by customer_id
    having sum(amount) <> 0
),
entries as (
    select
        customers.name,
        customers.customer_id,
        rtrim(to_json({
            'id': customers.customer_id,
            'owner_id': null,
            'business_id': null,
            'first_name': null,
            'last_name': null,
            'phone_number': null,
            'business_name': customers.name,
            'business_address': customers.address,
            'business_phone': customers.phone,
            'business_location': null,
            'business_email': customers.email,
            'created_at': strftime(customers.created_at, '%Y-%m-%d %H:%M:%S'),
            'updated_at': strftime(customers.modified_at, '%Y-%m-%d %H:%M:%S'),
            'account_id': null,
            'category': coalesce(customers.category, 'Uncategorised'),
            'category_id': null,
            'deposit_amount': null,
            'deposit_account_id': null,
            'archived': null,
            'customer_id': customers.customer_id,
            'total_aged_receivables': per_customer.total
        }), '}')
        || list_aggregate(
            [',' || ($keys::varchar[])[k] || ':' || cast(per_customer.buckets[k] as varchar) for k in range(1, 5)],
            'string_agg', ''
        )
        || '}' as entry
    from per_customer
    inner join dim_customers as customers on per_customer.customer_id = customers.customer_id
),
totals as (
    select
        [
            cast(coalesce(sum(buckets[1]), 0) as decimal(38, 2)),
            cast(coalesce(sum(buckets[2]), 0) as decimal(38, 2)),
            cast(coalesce(sum(buckets[3]), 0) as decimal(38, 2)),
            cast(coalesce(sum(buckets[4]), 0) as decimal(38, 2))
        ] as buckets,
        cast(coalesce(sum(total), 0) as decimal(38, 2)) as total
    from per_customer
)
select
    coalesce('[' || (select string_agg(entry, ',\n' order by name, customer_id) from entries) || ']', '[]'),
    '{' || list_aggregate(
        [('"total_' || ($names::varchar[])[k] || '":' || cast(totals.buckets[k] as varchar)) for k in range(1, 5)],
        'string_agg', ','
    ) || ',"total_over_all":' || cast(totals.total as varchar) || '}'
from totals
"""


def bucket_keys(width: int) -> list[tuple[str, str]]:
    """(key, title) of the 4 buckets for width N: 1_To_30_days / '1 - 30 Days' ... over_91_days / 'Over 91 Days'."""
    keys = []
    for k in range(1, PERIODS):
        lo, hi = (k - 1) * width + 1, k * width
        keys.append((f"{lo}_To_{hi}_days", f"{lo} - {hi} Days"))
    over = (PERIODS - 1) * width + 1
    keys.append((f"over_{over}_days", f"Over {over} Days"))
    return keys


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    width = p["range"]
    keys = bucket_keys(width)
    variables = {
        "as_of_date": p["date"],
        "aging_width": width,
        "aging_periods": PERIODS,
        "aging_basis": "issue_date",
    }
    with warehouse.reading(**variables) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        entries, summaries = cur.execute(
            SHAPE_SQL,
            {
                "organization_id": org.organization_id,
                "keys": [dumps(key).decode() for key, _ in keys],
                "names": [key for key, _ in keys],
            },
        ).fetchone()
    headers = {key: {"title": title, "valueKey": key, "totalKey": f"total_{key}"} for key, title in keys}
    return Output([dumps({"list": raw(entries), "summaries": raw(summaries), "headers": headers})])
