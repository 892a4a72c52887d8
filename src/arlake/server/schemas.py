"""Response schemas of the HTTP API, for its OpenAPI document only: responses are the reports' own JSON bytes,
never re-encoded through these models. Field descriptions follow docs/metrics.md and docs/invoices.md.

Money in major units is a JSON number with at most two decimals (exact: written from DECIMAL), described as
`number` (`Money`); amounts in integer cents are `integer`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from .. import stuut
from ..reports import REPORTS

invoices_report = REPORTS["invoices"]  # the module (arlake.reports.invoices is the library function)

Money = Annotated[Decimal, WithJsonSchema({"type": "number"})]
Ratio = Annotated[Decimal, WithJsonSchema({"type": "number"})]
Moment = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
Day = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
NullableMoment = Annotated[str | None, WithJsonSchema({"type": ["string", "null"], "format": "date-time"})]
NullableDay = Annotated[str | None, WithJsonSchema({"type": ["string", "null"], "format": "date"})]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- errors --------------------------------------------------------------------------------------------------


class ErrorDetail(_Closed):
    status: int = Field(description="The HTTP status code.")
    code: str = Field(
        description="invalid_parameter (400), unauthorized (401), not_found (404, also for ids of another "
        "tenant), method_not_allowed (405), uri_too_long (414), data_unavailable (503: no warehouse built yet, "
        "or it cannot be read), internal_error (500)."
    )
    message: str = Field(description="What went wrong, naming the parameter and what is allowed.")


class ErrorBody(_Closed):
    error: ErrorDetail


# ---- Stuut collections (extra shapes) ------------------------------------------------------------------------

COLLECTIONS_DESCRIPTIONS = {
    "partner_id": "The customer's id.",
    "partner_name": "The customer's name.",
    "partner_account_number": "The customer's account number.",
    "period_start": "s, the first day of the period (F itself for interval `all`).",
    "period_end": "e' = min(last day of the period, as-of date A).",
    "balance": "AR at e': outstanding of the open invoices, in cents.",
    "balance_period_start": "AR at s - 1, in cents.",
    "balance_for_period": "balance - balance_period_start, in cents.",
    "balance_stuut_touched": "Outstanding at e' of the open invoices touched by e', in cents.",
    "balance_period_start_stuut_touched": "Outstanding at s - 1 of the open invoices touched by s - 1, in cents.",
    "balance_for_period_stuut_touched": "balance_stuut_touched - balance_period_start_stuut_touched, in cents.",
    "amount_issued": "Total of the invoices issued in [s, e'] that exist at e', in cents.",
    "amount_issued_stuut_touched": "The same, invoices touched by e' only, in cents.",
    "total_invoice_amount": "Total amount of the invoices open at e', in cents.",
    "amount_collected": "Allocations applied in [s, e'] (reversals and voided invoices included), in cents.",
    "amount_collected_stuut_touched": "The part of amount_collected whose invoice had a touch before the "
    "allocation, in cents.",
    "amount_collected_automated": "The touched part whose earlier touches were all automated, in cents.",
    "amount_collected_other": "amount_collected - amount_collected_stuut_touched, in cents.",
    "amount_overdue": "Outstanding at e' of the open invoices due before e', in cents.",
    "amount_overdue_stuut_touched": "The same, invoices touched by e' only, in cents.",
    "amount_receivables": "Outstanding at e' of the open invoices issued in [s, e'], in cents.",
    "amount_receivables_stuut_touched": "The same, invoices touched by e' only, in cents.",
    "dso": "balance / amount_issued x (e' - s + 1), 2 decimals half-up; null when nothing was issued.",
    "dso_stuut_touched": "balance_stuut_touched / amount_issued_stuut_touched x (e' - s + 1); null when 0.",
    "invoices_issued": "Invoices issued in [s, e'] that exist at e'.",
    "invoices_open": "Invoices open at e'.",
    "invoices_overdue": "Invoices open at e' and due before e'.",
    "invoices_paid": "Invoices settled in [s, e'].",
    "invoices_collected": "Distinct invoices with an allocation applied in [s, e'].",
    "invoices_collected_stuut_touched": "The same, touched allocations only.",
    "invoices_touched": "Distinct invoices with a touch in [s, e'].",
    "invoices_touched_and_collected": "Invoices with a touch t and an allocation a in [s, e'], t before a.",
    "invoices_touched_and_collected_ratio": "invoices_touched_and_collected / invoices_touched, 4 decimals; "
    "null when nothing was touched.",
    "avg_days_to_pay_from_due": "Mean of settled date - due date over the invoices settled in [s, e'], "
    "2 decimals; null when none.",
    "avg_days_to_pay_from_issued": "Mean of settled date - issue date over the same invoices; null when none.",
}
_COLLECTIONS_TYPES: dict[str, Any] = {
    "partner_id": str,
    "partner_name": str | None,
    "partner_account_number": str | None,
    "period_start": Day,
    "period_end": Day,
    "dso": Ratio | None,
    "dso_stuut_touched": Ratio | None,
    "invoices_touched_and_collected_ratio": Ratio | None,
    "avg_days_to_pay_from_due": Ratio | None,
    "avg_days_to_pay_from_issued": Ratio | None,
}


def _collections_model(name: str, fields: tuple[str, ...], doc: str) -> type[BaseModel]:
    return create_model(
        name,
        __base__=_Closed,
        __doc__=doc,
        **{
            f: (_COLLECTIONS_TYPES.get(f, int), Field(description=COLLECTIONS_DESCRIPTIONS[f]))
            for f in fields
        },
    )


def collections_models() -> tuple[type[BaseModel], type[BaseModel]]:
    by_customer = _collections_model(
        "CollectionsSummaryByCustomerLine",
        REPORTS["collections-summary-by-customer"].FIELDS,
        "Collections of one customer in one period (docs/metrics.md, Collections). Money in integer cents.",
    )
    per_period = _collections_model(
        "CollectionsSummaryLine",
        REPORTS["collections-summary"].FIELDS,
        "Collections of the organization in one period: the sums of the per-customer lines, derived fields "
        "recomputed from the sums. Money in integer cents.",
    )
    return by_customer, per_period


CollectionsSummaryByCustomerLine, CollectionsSummaryLine = collections_models()


class CollectionsSummaryByCustomer(_Closed):
    data: list[CollectionsSummaryByCustomerLine]  # type: ignore[valid-type]


class AgingBalance(_Closed):
    """Open invoices at the as-of date per bucket of days past due (due-date basis, 30-day buckets)."""

    days_0_count: int = Field(
        description="Count of open invoices not past due (due on or after the as-of date)."
    )
    days_1_30_count: int = Field(description="Count of open invoices 1-30 days past due.")
    days_31_60_count: int = Field(description="Count of open invoices 31-60 days past due.")
    days_61_90_count: int = Field(description="Count of open invoices 61-90 days past due.")
    days_91_plus_count: int = Field(description="Count of open invoices 91 or more days past due.")
    days_0_amount: int = Field(description="Outstanding of the not-past-due invoices, in cents.")
    days_1_30_amount: int = Field(description="Outstanding 1-30 days past due, in cents.")
    days_31_60_amount: int = Field(description="Outstanding 31-60 days past due, in cents.")
    days_61_90_amount: int = Field(description="Outstanding 61-90 days past due, in cents.")
    days_91_plus_amount: int = Field(description="Outstanding 91 or more days past due, in cents.")


# ---- Bigcapital ----------------------------------------------------------------------------------------------


class MoneyCell(_Closed):
    amount: Money = Field(description="The amount in major units, unrounded.")
    formatted_amount: str = Field(
        description="The amount formatted with the number format ('' for a blank zero cell)."
    )


class AgingColumn(_Closed):
    from_period: dt.date = Field(description="as_date - (k - 1) x N.")
    to_period: dt.date | None = Field(description="as_date - k x N; null for the last bucket.")
    before_days: int = Field(description="0 for the first bucket, else (k - 1) x N + 1.")
    to_days: int | None = Field(description="k x N; null for the last bucket.")


class AgingColumnCell(AgingColumn):
    total: MoneyCell


class AgingSummaryCustomer(_Closed):
    customer_name: str | None
    current: MoneyCell = Field(description="Outstanding of the customer's invoices not past due.")
    aging: list[AgingColumnCell]
    total: MoneyCell = Field(description="current + the buckets.")


class AgingSummaryTotal(_Closed):
    current: MoneyCell
    aging: list[AgingColumnCell]
    total: MoneyCell


class AgingSummaryData(_Closed):
    customers: list[AgingSummaryCustomer]
    total: AgingSummaryTotal


class NumberFormat(_Closed):
    divide_on1000: bool
    negative_format: Literal["mines", "parentheses"]
    show_zero: bool
    format_money: Literal["total", "always", "none"]
    precision: int


class AgingSummaryQuery(_Closed):
    as_date: dt.date
    aging_days_before: int
    aging_periods: int
    number_format: NumberFormat
    customers_ids: list[str]
    branches_ids: list[str]
    none_zero: bool


class AgingSummaryMeta(_Closed):
    organization_name: str | None
    base_currency: str
    date_format: str
    is_cost_compute_running: bool
    sheet_name: str
    formatted_as_date: str
    formatted_date_range: str


class ReceivableAgingSummary(_Closed):
    """Bigcapital A/R Aging Summary: customers x buckets at as_date, money in major units."""

    query: AgingSummaryQuery
    columns: list[AgingColumn]
    data: AgingSummaryData
    meta: AgingSummaryMeta


# ---- Built.africa --------------------------------------------------------------------------------------------


class AgedReceivablesEntry(BaseModel):
    """A customer with a non-zero open balance; besides these fields, the four bucket keys of the range N
    (`1_To_{N}_days`, `{N+1}_To_{2N}_days`, `{2N+1}_To_{3N}_days`, `over_{3N+1}_days`), money in major units."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, Money]

    id: str
    owner_id: None
    business_id: None
    first_name: None
    last_name: None
    phone_number: None
    business_name: str | None
    business_address: str | None
    business_phone: str | None
    business_location: None
    business_email: str | None
    created_at: str | None = Field(description="YYYY-MM-DD HH:MM:SS (UTC).")
    updated_at: str | None = Field(description="YYYY-MM-DD HH:MM:SS (UTC).")
    account_id: None
    category: str
    category_id: None
    deposit_amount: None
    deposit_account_id: None
    archived: None
    customer_id: str
    total_aged_receivables: Money = Field(description="The customer's open balance at the date.")


class AgedReceivablesHeader(_Closed):
    title: str
    valueKey: str  # noqa: N815 - the shape's name
    totalKey: str  # noqa: N815


class AgedReceivables(_Closed):
    """Built.africa aged receivables: open balances by days outstanding (issue-date basis), major units."""

    list: list[AgedReceivablesEntry]
    summaries: dict[str, Money] = Field(
        description="total_<bucket key> for each of the four buckets, and total_over_all."
    )
    headers: dict[str, AgedReceivablesHeader]


# ---- Layer (extra shapes) ------------------------------------------------------------------------------------


class TransactionTag(_Closed):
    id: str
    key: str
    dimension_display_name: str | None
    value: str
    value_display_name: str | None
    dimension_id: str
    definition_id: str
    archived_at: NullableMoment


class LayerCustomer(_Closed):
    id: str
    external_id: str | None
    individual_name: None
    company_name: str | None
    email: str | None
    mobile_phone: None
    office_phone: str | None
    address_string: str | None
    memo: None
    status: Literal["ACTIVE", "ARCHIVED"]
    transaction_tags: list[TransactionTag]


class DetailBucket(_Closed):
    start_day_number: int
    end_day_number: int | None = Field(description="Null for the last bucket (91 days and over).")
    outstanding_value: int = Field(description="In cents.")


class CustomerAgingDetail(_Closed):
    """Layer AR aging detail of one customer (due-date basis, 30-day buckets), integer cents."""

    type: Literal["AR_Aging_Customer_Detail"]
    as_of_date: Moment = Field(description="The effective date used to calculate aging buckets.")
    customer: LayerCustomer
    buckets: list[DetailBucket]
    current: int = Field(description="Total outstanding balance for invoices not yet past due in cents.")
    days_1_30: int = Field(description="Total outstanding balance for invoices 1-30 days past due in cents.")
    days_31_60: int = Field(
        description="Total outstanding balance for invoices 31-60 days past due in cents."
    )
    days_61_90: int = Field(
        description="Total outstanding balance for invoices 61-90 days past due in cents."
    )
    days_91_over: int = Field(
        description="Total outstanding balance for invoices 91+ days past due in cents."
    )
    total: int = Field(description="Total outstanding balance across all aging buckets in cents.")


class AgingInvoice(_Closed):
    invoice_id: str
    customer_name: str | None
    due_at: Moment = Field(description="The effective due date (the issue date when there is none).")
    invoice_total: int = Field(description="The invoice's total amount, in cents.")
    outstanding_balance: int = Field(description="Outstanding at the effective date, in cents.")


class AgingBucket(_Closed):
    bucket_start_day: int
    bucket_end_day: int | None = Field(description="Null for the last bucket (91 days and over).")
    invoices: list[AgingInvoice]


class ArAgingCustomer(_Closed):
    customer_id: str
    customer_name: str | None
    current: list[AgingInvoice] = Field(description="Open invoices not past due.")
    buckets: list[AgingBucket] = Field(description="1-30, 31-60, 61-90 and 91+ days past due.")
    total_outstanding_balance: int = Field(description="In cents.")


class BucketTotal(_Closed):
    bucket_start_day: int
    bucket_end_day: int | None
    total: int = Field(description="In cents.")


class ArAgingTotals(_Closed):
    current_total: int
    bucket_totals: list[BucketTotal]
    grand_total: int = Field(description="current_total + the bucket totals: AR at the effective date.")


class ArAgingReport(_Closed):
    """Layer AR aging report of a business, all customers, integer cents."""

    type: Literal["AR_Aging_Report"]
    start_date: Moment = Field(description="The effective date (the report is a point in time).")
    end_date: Moment = Field(description="The effective date.")
    basis: Literal["ACCRUAL", "CASH"]
    as_of_date: Moment = Field(description="The effective date used to calculate aging buckets.")
    customers: list[ArAgingCustomer]
    totals: ArAgingTotals


# ---- Stuut List Invoices -------------------------------------------------------------------------------------

_ALWAYS_NULL = (None, Field(description="Not recorded by arlake's raw layer: always null."))


def _object(name: str, all_fields: tuple[str, ...], filled: dict[str, Any], doc: str) -> type[BaseModel]:
    fields = {f: (filled[f], ...) if f in filled else _ALWAYS_NULL for f in all_fields}
    return create_model(name, __base__=_Closed, __doc__=doc, **fields)


Address = _object(
    "InvoicePartnerAddress",
    stuut.ADDRESS.names,
    {"object": Literal["address"], "line1": str},
    "The customer's address (line1).",
)
Partner = _object(
    "InvoicePartner",
    stuut.PARTNER.names,
    {
        "id": str,
        "object": Literal["partner"],
        "organization_id": str,
        "name": str | None,
        "account_number": str | None,
        "remote_id": str | None,
        "email": str | None,
        "phone": str | None,
        "billing_address": Address | None,
        "currency": str | None,
        "is_active": bool | None,
        "is_email_outreach_manually_paused": bool | None,
        "is_call_outreach_manually_paused": bool | None,
        "created_at": NullableMoment,
        "modified_at": NullableMoment,
    },
    "The invoice's customer.",
)
Payment = _object(
    "InvoicePayment",
    stuut.PAYMENT.names,
    {
        "id": str,
        "object": Literal["payment"],
        "amount": int,
        "currency": str | None,
        "partner_id": str | None,
        "payment_method": str | None,
        "reference_number": str | None,
        "status": str | None,
        "timestamp": NullableMoment,
        "modified_at": NullableMoment,
    },
    "A payment, amounts in cents.",
)
Allocation = _object(
    "InvoicePaymentAllocation",
    stuut.ALLOCATION.names,
    {
        "id": str,
        "object": Literal["payment_allocation"],
        "amount": int,
        "invoice_id": str,
        "payment_id": str,
        "strategy": str | None,
        "created_at": NullableMoment,
        "modified_at": NullableMoment,
        "payment": Payment,
    },
    "An allocation of a payment to the invoice applied on or before the as-of date, in cents.",
)
Email = _object(
    "InvoiceEmail",
    stuut.EMAIL.names,
    {
        "id": str,
        "object": Literal["email"],
        "direction": str | None,
        "is_automated": bool | None,
        "is_originated_in_stuut": bool | None,
        "status": str | None,
        "subject": str | None,
        "to": list[str] | None,
        "sent_at": NullableMoment,
        "created_at": NullableMoment,
        "modified_at": NullableMoment,
    },
    "An email linked to the invoice.",
)
Call = _object(
    "InvoiceCall",
    stuut.CALL.names,
    {
        "id": str,
        "object": Literal["call"],
        "direction": str | None,
        "is_automated": bool | None,
        "status": str | None,
        "call_reason": str | None,
        "to_number": str | None,
        "partner_id": str | None,
        "start_time": NullableMoment,
        "created_at": NullableMoment,
        "modified_at": NullableMoment,
    },
    "A call linked to the invoice.",
)
Invoice = _object(
    "Invoice",
    stuut.INVOICE.names,
    {
        "amount_due": int,
        "currency": str | None,
        "object": Literal["invoice"],
        "total_amount": int,
        "id": str,
        "amount_paid": int,
        "calls": list[Call],
        "created_at": NullableMoment,
        "due_date": NullableMoment,
        "emails": list[Email],
        "in_dispute": bool | None,
        "issued_at": Moment,
        "last_outreach_at": NullableMoment,
        "last_outreach_channel": str | None,
        "marked_uncollectible_at": NullableMoment,
        "modified_at": NullableMoment,
        "number": str | None,
        "paid_at": NullableMoment,
        "partner": Partner,
        "partner_id": str,
        "payments": list[Allocation],
        "promised_to_pay_date": NullableDay,
        "status": Literal[invoices_report.STATUSES],
        "subtotal": int | None,
        "total_discount": int | None,
        "total_tax": int | None,
        "type": str,
        "voided_at": NullableMoment,
    },
    "An invoice as it stood at the end of the as-of date, amounts in integer cents (docs/invoices.md).",
)


class InvoiceList(_Closed):
    """One page of invoices (Stuut List Invoices)."""

    data: list[Invoice]  # type: ignore[valid-type]
    current_page: int = Field(description="The current page.")
    total_records: int = Field(description="Total number of matching invoices.")
    next_page: int | None = Field(description="The next page, if one exists.")


# ---- arlake's own reports ------------------------------------------------------------------------------------


class DsoMonth(_Closed):
    period_start: dt.date
    period_end: dt.date = Field(description="The month's last day, or the as-of date in its month.")
    days: int = Field(description="period_end - period_start + 1.")
    ar_start: Money = Field(description="AR at period_start - 1.")
    ar_end: Money = Field(description="AR at period_end.")
    current_ar_end: Money = Field(description="The part of ar_end not yet due.")
    credit_sales: Money = Field(description="Amount issued in the month.")
    standard_dso: Ratio | None = Field(description="ar_end / credit_sales x days.")
    countback_dso: Ratio | None = Field(
        description="Days of credit sales, walking back, that account for ar_end."
    )
    best_possible_dso: Ratio | None = Field(description="current_ar_end / credit_sales x days.")
    average_days_delinquent: Ratio | None = Field(description="standard_dso - best_possible_dso.")
    collection_effectiveness_index: Ratio | None = Field(
        description="(ar_start + credit_sales - ar_end) / (ar_start + credit_sales - current_ar_end) x 100."
    )
    percent_current: Ratio | None = Field(description="current_ar_end / ar_end x 100.")
    weighted_average_days_late: Ratio | None = Field(
        description="Money-weighted days late of the month's positive allocations."
    )


class Dso(_Closed):
    """The DSO family per month (docs/metrics.md), money in major units."""

    organization_id: str
    customer_id: str | None
    currency: str
    as_of: dt.date
    months: list[DsoMonth]


# Report name -> its response schema; a report without one is documented as any JSON document.
RESPONSES: dict[str, Any] = {
    "receivable-aging-summary": ReceivableAgingSummary,
    "aged-receivables": AgedReceivables,
    "customer-aging-detail": CustomerAgingDetail,
    "collections-summary-by-customer": CollectionsSummaryByCustomer,
    "invoices": InvoiceList,
    "dso": Dso,
    "aging-balance": AgingBalance,
    "collections-summary": list[CollectionsSummaryLine],  # type: ignore[valid-type]
    "ar-aging": ArAgingReport,
}


def response_model(report: str) -> Any:
    return RESPONSES.get(report, Any)
