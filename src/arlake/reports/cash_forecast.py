"""`cash-forecast`: how late each customer pays (amount-weighted average days late over a lookback window, and a
rating) and the collections expected from every open invoice by week for 13 weeks, later, and disputed
(docs/metrics.md). The groups come from the cash_forecast mart, the customers from payment_behaviour; the queries
write them as JSON, money in major units."""

from __future__ import annotations

from typing import Any

from ..jsonout import Output, document, raw
from ..warehouse import Warehouse
from .common import ORGANIZATION_ID, as_of_param, iso, resolve_organization
from .params import Param

NAME = "cash-forecast"
PARAMS = (
    as_of_param("as_date"),
    Param(
        "lookback_days",
        "int",
        default=365,
        minimum=0,
        maximum=36500,
        help="payer behaviour from the invoices settled in the last L days",
    ),
    ORGANIZATION_ID,
)

GROUPS_SQL = """
select
    to_json(list({'week': forecast_week, 'from': from_on, 'to': to_on, 'amount': amount, 'invoices': invoices}
        order by sort_order) filter (where forecast_group = 'week')) as weeks_json,
    to_json(any_value({'from': from_on, 'amount': amount, 'invoices': invoices})
        filter (where forecast_group = 'later')) as later_json,
    to_json(any_value({'amount': amount, 'invoices': invoices})
        filter (where forecast_group = 'disputed')) as disputed_json,
    to_json({'amount': cast(sum(amount) as decimal(38, 2)), 'invoices': sum(invoices)}) as total_json
from cash_forecast
where organization_id = $organization_id
"""

CUSTOMERS_SQL = """
select coalesce(
    '[' || string_agg(
        to_json({
            'customer_id': behaviour.customer_id,
            'customer_name': customers.name,
            'average_days_late': behaviour.average_days_late,
            'rating': behaviour.rating,
            'settled_invoices': behaviour.settled_invoices,
            'open_amount': behaviour.open_amount
        }),
        ',\n' order by customers.name, behaviour.customer_id
    ) || ']',
    '[]'
)
from payment_behaviour as behaviour
inner join dim_customers as customers on behaviour.customer_id = customers.customer_id
where behaviour.scope = 'customer' and behaviour.organization_id = $organization_id
"""


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    with warehouse.reading(as_of_date=p["as_date"], lookback_days=p["lookback_days"]) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        params = {"organization_id": org.organization_id}
        weeks, later, disputed, total = cur.execute(GROUPS_SQL, params).fetchone()
        (customers,) = cur.execute(CUSTOMERS_SQL, params).fetchone()
    return document(
        {
            "query": {
                "as_date": iso(p["as_date"]),
                "lookback_days": p["lookback_days"],
                "organization_id": org.organization_id,
            },
            "weeks": raw(weeks),
            "later": raw(later),
            "disputed": raw(disputed),
            "total": raw(total),
            "customers": raw(customers),
        }
    )
