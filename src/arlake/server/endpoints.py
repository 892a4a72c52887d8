"""The HTTP endpoints: each vendor shape at the path of its source document, and every arlake report under
/arlake/v1/reports/{name}. An endpoint names its report and maps the query (and path) parameter names of its
source document to the report's parameters; the report's own parameter declarations (reports/params.py) validate
the values and describe them in the OpenAPI document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..reports import REPORTS

# The report parameter that names the organization, for reports that take one.
ORGANIZATION_PARAMS = ("organization_id", "business_id")


@dataclass(frozen=True)
class Endpoint:
    path: str
    report: str
    operation_id: str
    summary: str
    description: str
    tag: str
    # query name -> report parameter; a parameter may have several names (camelCase and snake_case, `name[]`)
    query: dict[str, str]
    # path parameter -> report parameter
    path_params: dict[str, str] = field(default_factory=dict)
    # documented query names arlake cannot honour -> why (answered with 400, never ignored)
    unsupported: dict[str, str] = field(default_factory=dict)
    # query name -> extra JSON Schema for its items or value (an enum the report checks itself)
    schema_overrides: dict[str, dict] = field(default_factory=dict)

    @property
    def organization_param(self) -> str | None:
        names = {p.name for p in REPORTS[self.report].PARAMS}
        return next((name for name in ORGANIZATION_PARAMS if name in names), None)


def _same(*names: str) -> dict[str, str]:
    return {name: name for name in names}


_INVOICE_STATUSES = REPORTS["invoices"].STATUSES

VENDOR_ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(
        path="/v2/analytics/collections/summary-by-customer",
        report="collections-summary-by-customer",
        operation_id="get_collections_summary_by_customer",
        summary="Collections summary by customer (Stuut)",
        description="Collections per customer and period, integer cents; streamed. `as_of` and `from` are arlake "
        "extensions (default: today, UTC; the organization's first issued invoice).",
        tag="Stuut",
        query=_same("interval", "business_unit_id__in", "as_of", "from"),
    ),
    Endpoint(
        path="/v1/invoices",
        report="invoices",
        operation_id="list_invoices",
        summary="List invoices (Stuut)",
        description="One page of invoices as they stood at the end of the as-of date (`as_of`, an arlake extension; "
        "default today, UTC), integer cents. List filters repeat the parameter (`status=open&status=overdue`).",
        tag="Stuut",
        query=_same(
            "page",
            "limit",
            "sort_by",
            "sort_order",
            "number",
            "status",
            "amount_remaining",
            "issued_at",
            "has_outreach",
            "customer_outreach_paused",
            "as_of",
        ),
        unsupported={
            "task": "arlake records no collection tasks, so no invoice can be selected by task",
            "istatus": "its meaning is not documented; use status",
        },
        schema_overrides={"status": {"items": {"type": "string", "enum": list(_INVOICE_STATUSES)}}},
    ),
    Endpoint(
        path="/api/reports/receivable-aging-summary",
        report="receivable-aging-summary",
        operation_id="get_receivable_aging_summary",
        summary="A/R aging summary (Bigcapital)",
        description="Customers x aging buckets at `asDate` (default today, UTC), money in major units. Every "
        "parameter is accepted under its camelCase name and under the snake_case name of the `query` echo; lists "
        "repeat the parameter (`customersIds=a&customersIds=b`, also `customersIds[]=a`).",
        tag="Bigcapital",
        query={
            "asDate": "as_date",
            "as_date": "as_date",
            "agingDaysBefore": "aging_days_before",
            "aging_days_before": "aging_days_before",
            "agingPeriods": "aging_periods",
            "aging_periods": "aging_periods",
            "precision": "precision",
            "divideOn1000": "divide_on1000",
            "divide_on1000": "divide_on1000",
            "showZero": "show_zero",
            "show_zero": "show_zero",
            "formatMoney": "format_money",
            "format_money": "format_money",
            "negativeFormat": "negative_format",
            "negative_format": "negative_format",
            "noneZero": "none_zero",
            "none_zero": "none_zero",
            "customersIds": "customers_ids",
            "customersIds[]": "customers_ids",
            "customers_ids": "customers_ids",
            "branchesIds": "branches_ids",
            "branchesIds[]": "branches_ids",
            "branches_ids": "branches_ids",
        },
    ),
    Endpoint(
        path="/api/v3/reports/aged-receivables/list",
        report="aged-receivables",
        operation_id="list_aged_receivables",
        summary="Aged receivables (Built.africa)",
        description="Open balances by days outstanding (issue-date basis) at `date` (default today, UTC) in four "
        "buckets of `range` days, money in major units.",
        tag="Built.africa",
        query=_same("date", "range"),
    ),
    Endpoint(
        path="/v1/businesses/{businessId}/invoices/ar-aging/customer/{customerId}",
        report="customer-aging-detail",
        operation_id="get_ar_aging_customer_detail",
        summary="AR aging detail for a customer (Layer)",
        description="One customer's open balance by days past due at `effective_date` (a date or date-time, its "
        "UTC date; default today), integer cents.",
        tag="Layer",
        query=_same("effective_date"),
        path_params={"businessId": "business_id", "customerId": "customer_id"},
    ),
    Endpoint(
        path="/v1/businesses/{businessId}/invoices/ar-aging",
        report="ar-aging",
        operation_id="get_ar_aging_report",
        summary="AR aging report, all customers (Layer)",
        description="Every customer with open invoices, each invoice in its bucket of days past due at "
        "`effective_date`, integer cents; streamed.",
        tag="Layer",
        query=_same("effective_date"),
        path_params={"businessId": "business_id"},
    ),
    Endpoint(
        path="/v1/analytics/collections/aging-balance",
        report="aging-balance",
        operation_id="get_aging_balance",
        summary="Aging balance (Stuut)",
        description="Count and outstanding amount (integer cents) of the open invoices per bucket of days past "
        "due. `as_of` is an arlake extension (default today, UTC).",
        tag="Stuut",
        query=_same("as_of"),
    ),
    Endpoint(
        path="/v1/analytics/collections/summary",
        report="collections-summary",
        operation_id="get_collections_summary",
        summary="Collections summary (Stuut)",
        description="The organization's collections per period, a bare array, integer cents. `as_of` and `from` "
        "are arlake extensions.",
        tag="Stuut",
        query=_same("interval", "as_of", "from"),
    ),
)

REPORTS_PREFIX = "/arlake/v1/reports/"


def report_endpoints() -> tuple[Endpoint, ...]:
    """Every report of REPORTS under /arlake/v1/reports/{name}, with its own parameter names (a report added to
    REPORTS appears here without further code)."""
    return tuple(
        Endpoint(
            path=REPORTS_PREFIX + name,
            report=name,
            operation_id="report_" + name.replace("-", "_"),
            summary=f"arlake report {name}",
            description=(module.__doc__ or "").strip().split("\n\n")[0]
            + f"\n\nThe same document as `arlake report {name}`; parameters by their snake_case names, lists "
            "repeated.",
            tag="arlake",
            query=_same(*(p.name for p in module.PARAMS)),
        )
        for name, module in sorted(REPORTS.items())
    )


def endpoints() -> tuple[Endpoint, ...]:
    return VENDOR_ENDPOINTS + report_endpoints()
