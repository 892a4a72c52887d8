"""`receivable-aging-summary`: the Bigcapital A/R Aging Summary shape (docs/reports.md).

The amounts come from the ar_aging_by_customer mart. One query rolls them up per customer and bucket, formats
every money cell with the warehouse's money-text macro (macros/serving/money_text.sql) and writes the bucket
columns, the customers and the totals as JSON; this module adds the query echo and the meta around them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..jsonout import Output, document, raw
from ..warehouse import Warehouse
from .common import ORGANIZATION_ID, as_of_param, iso, resolve_organization, slashed
from .params import Param

NAME = "receivable-aging-summary"
FORMAT_MONEY_CHOICES = ("total", "always", "none")  # the currency symbol: on totals, on every cell, nowhere
NEGATIVE_FORMAT_CHOICES = ("mines", "parentheses")  # -$1.00 or ($1.00)
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

# Customer cells show the currency symbol only with format_money = always and are blank at zero unless
# show_zero; totals show the symbol unless format_money = none and are never blank.
SHAPE_SQL = """
with
settings as (
    select
        $organization_id::varchar as organization_id,
        $customers_ids::varchar[] as customer_ids,
        $branches_ids::varchar[] as branch_ids,
        $none_zero::boolean as none_zero,
        $as_date::date as as_date,
        $width::integer as width,
        $periods::integer as periods,
        $precision::integer as digits,
        $divide_on1000::boolean as divide_on1000,
        $show_zero::boolean as show_zero,
        $format_money::varchar as format_money,
        $negative_format::varchar as negative_format,
        $currency::varchar as currency
),
bucket_columns as (
    select
        k as bucket_index,
        {
            'from_period': settings.as_date - cast((k - 1) * settings.width as integer),
            'to_period': case when k < settings.periods then settings.as_date - cast(k * settings.width as integer) end,
            'before_days': case when k = 1 then 0 else (k - 1) * settings.width + 1 end,
            'to_days': case when k < settings.periods then k * settings.width end
        } as bucket_column
    from settings, (select cast(unnest(range(1, periods + 1)) as integer) as k from settings) as buckets
),
customers as (
    select customers.customer_id, customers.name
    from dim_customers as customers, settings
    where customers.organization_id = settings.organization_id
      and (len(settings.customer_ids) = 0 or list_contains(settings.customer_ids, customers.customer_id))
),
amounts as (
    select aging.customer_id, aging.bucket_index, sum(aging.outstanding) as amount
    from ar_aging_by_customer as aging, settings
    where aging.organization_id = settings.organization_id
      and (len(settings.branch_ids) = 0 or list_contains(settings.branch_ids, aging.branch_id))
      and (len(settings.customer_ids) = 0 or list_contains(settings.customer_ids, aging.customer_id))
    group by aging.customer_id, aging.bucket_index
),
cells as (
    select
        customers.customer_id,
        customers.name,
        bucket_indexes.bucket_index,
        cast(coalesce(amounts.amount, 0) as decimal(38, 2)) as amount
    from customers
    cross join (select unnest(range(0, periods + 1)) as bucket_index from settings) as bucket_indexes
    left join amounts
        on amounts.customer_id = customers.customer_id and amounts.bucket_index = bucket_indexes.bucket_index
),
listed as (
    select cells.*
    from cells, settings
    where not settings.none_zero
       or cells.customer_id in (select customer_id from cells group by customer_id having sum(amount) <> 0)
),
buckets as (
    select unnest(range(0, periods + 1)) as bucket_index from settings
),
rolled as (
    -- (customer, bucket) cells, customer totals (no bucket), bucket totals (no customer) and the total
    select customer_id, name, bucket_index, amount, false as is_total_row, false as is_total_column
    from listed
    union all
    select customer_id, any_value(name), null, cast(sum(amount) as decimal(38, 2)), false, true
    from listed
    group by customer_id
    union all
    select null, null, buckets.bucket_index, cast(coalesce(sum(listed.amount), 0) as decimal(38, 2)), true, false
    from buckets
    left join listed on listed.bucket_index = buckets.bucket_index
    group by buckets.bucket_index
    union all
    select null, null, null, cast(coalesce(sum(amount), 0) as decimal(38, 2)), true, true
    from listed
),
cell_texts as (
    select
        rolled.*,
        {
            'amount': rolled.amount,
            'formatted_amount': reports.arlake_money_text(
                rolled.amount, settings.digits, settings.divide_on1000,
                not (rolled.is_total_row or rolled.is_total_column) and not settings.show_zero,
                case
                    when rolled.is_total_row or rolled.is_total_column then settings.format_money <> 'none'
                    else settings.format_money = 'always'
                end,
                settings.currency, settings.negative_format
            )
        } as cell
    from rolled, settings
),
rows_ as (
    -- one object per customer and one for the totals
    select
        cell_texts.customer_id,
        any_value(cell_texts.name) as name,
        bool_or(cell_texts.is_total_row) as is_total_row,
        {
            'customer_name': any_value(cell_texts.name),
            'current': any_value(cell_texts.cell) filter (where cell_texts.bucket_index = 0),
            -- in bucket order: the (index, cell) pairs sorted, as an ordered aggregate costs a sort per customer
            'aging': list_transform(
                list_sort(list(
                    {
                        'bucket_index': cell_texts.bucket_index,
                        'cell': {
                            'from_period': bucket_columns.bucket_column.from_period,
                            'to_period': bucket_columns.bucket_column.to_period,
                            'before_days': bucket_columns.bucket_column.before_days,
                            'to_days': bucket_columns.bucket_column.to_days,
                            'total': cell_texts.cell
                        }
                    }
                ) filter (where cell_texts.bucket_index > 0)),
                lambda pair: pair.cell
            ),
            'total': any_value(cell_texts.cell) filter (where cell_texts.is_total_column)
        } as customer_object
    from cell_texts
    left join bucket_columns on cell_texts.bucket_index = bucket_columns.bucket_index
    group by cell_texts.customer_id, cell_texts.is_total_row
)
select
    (select to_json(list(bucket_column order by bucket_index)) from bucket_columns) as columns_json,
    coalesce(
        '[' || string_agg(to_json(customer_object), ',\n' order by name, customer_id)
            filter (where not is_total_row) || ']',
        '[]'
    ) as customers_json,
    to_json(struct_extract(any_value(customer_object) filter (where is_total_row), 'current')) as total_current,
    to_json(struct_extract(any_value(customer_object) filter (where is_total_row), 'aging')) as total_aging,
    to_json(struct_extract(any_value(customer_object) filter (where is_total_row), 'total')) as total_total
from rows_
"""


def run(warehouse: Warehouse, p: dict[str, Any]) -> Output:
    as_date, width, periods = p["as_date"], p["aging_days_before"], p["aging_periods"]
    variables = {
        "as_of_date": as_date,
        "aging_width": width,
        "aging_periods": periods,
        "aging_basis": "due_date",
    }
    with warehouse.reading(**variables) as cur:
        org = resolve_organization(cur, p["organization_id"], param="organization_id")
        columns, customers, current, aging, total = cur.execute(
            SHAPE_SQL,
            {
                "organization_id": org.organization_id,
                "customers_ids": p["customers_ids"],
                "branches_ids": p["branches_ids"],
                "none_zero": p["none_zero"],
                "as_date": as_date,
                "width": width,
                "periods": periods,
                "precision": p["precision"],
                "divide_on1000": p["divide_on1000"],
                "show_zero": p["show_zero"],
                "format_money": p["format_money"],
                "negative_format": p["negative_format"],
                "currency": org.base_currency,
            },
        ).fetchone()
    return document(
        {
            "query": {
                "as_date": iso(as_date),
                "aging_days_before": width,
                "aging_periods": periods,
                "number_format": {
                    "divide_on1000": p["divide_on1000"],
                    "negative_format": p["negative_format"],
                    "show_zero": p["show_zero"],
                    "format_money": p["format_money"],
                    "precision": p["precision"],
                },
                "customers_ids": p["customers_ids"],
                "branches_ids": p["branches_ids"],
                "none_zero": p["none_zero"],
            },
            "columns": raw(columns),
            "data": {
                "customers": raw(customers),
                "total": {"current": raw(current), "aging": raw(aging), "total": raw(total)},
            },
            "meta": meta(org, as_date),
        }
    )


def meta(org, as_date: dt.date) -> dict[str, Any]:
    return {
        "organization_name": org.name,
        "base_currency": org.base_currency,
        "date_format": org.date_format,
        "is_cost_compute_running": False,
        "sheet_name": "A/R Aging Summary",
        "formatted_as_date": slashed(as_date),
        "formatted_date_range": f"As {slashed(as_date)}",
    }
