"""`customer-balances`: per customer at an as-of date, the receivable next to the payments' unapplied cash and the
overpaid invoices' credits, and the net balance (docs/metrics.md). Every amount comes from the customer_balances
mart; the query writes the customers and the totals as JSON, money in major units."""

from __future__ import annotations

from typing import Any

from ..jsonout import Output, document, raw
from ..warehouse import Warehouse
from .common import ORGANIZATION_ID, as_of_param, iso, resolve_organization
from .params import Param

NAME = "customer-balances"
PARAMS = (
    as_of_param("as_date"),
    Param("customer_ids", "list", default=(), help="only these customers (repeat the flag)"),
    ORGANIZATION_ID,
)

SHAPE_SQL = """
with
listed as (
    select balances.*, customers.name
    from customer_balances as balances
    inner join dim_customers as customers on balances.customer_id = customers.customer_id
    where balances.organization_id = $organization_id
      and (len($customer_ids::varchar[]) = 0 or list_contains($customer_ids::varchar[], balances.customer_id))
)
select
    coalesce(
        '[' || string_agg(
            to_json({
                'customer_id': customer_id,
                'customer_name': name,
                'receivable': receivable,
                'unapplied_cash': unapplied_cash,
                'credits': credits,
                'net_balance': net_balance,
                'open_invoices': open_invoices,
                'payments_with_unapplied_cash': payments_with_unapplied_cash,
                'oldest_open_due_on': oldest_open_due_on
            }),
            ',\n' order by name, customer_id
        ) || ']',
        '[]'
    ) as customers_json,
    to_json({
        'receivable': cast(coalesce(sum(receivable), 0) as decimal(38, 2)),
        'unapplied_cash': cast(coalesce(sum(unapplied_cash), 0) as decimal(38, 2)),
        'credits': cast(coalesce(sum(credits), 0) as decimal(38, 2)),
        'net_balance': cast(coalesce(sum(net_balance), 0) as decimal(38, 2)),
        'open_invoices': coalesce(sum(open_invoices), 0),
        'payments_with_unapplied_cash': coalesce(sum(payments_with_unapplied_cash), 0)
    }) as total_json
from listed
"""


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    with warehouse.reading(as_of_date=p["as_date"]) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        customers, total = cur.execute(
            SHAPE_SQL, {"organization_id": org.organization_id, "customer_ids": p["customer_ids"]}
        ).fetchone()
    return document(
        {
            "query": {
                "as_date": iso(p["as_date"]),
                "organization_id": org.organization_id,
                "customer_ids": p["customer_ids"],
            },
            "customers": raw(customers),
            "total": raw(total),
            "meta": {"organization_name": org.name, "base_currency": org.base_currency},
        }
    )
