"""`invoices`: the Stuut List Invoices shape (contract 4.5, spec 001), integer cents.

The invoice_list mart (one row per invoice at the as-of date, status and amounts computed in SQL) is filtered,
sorted and paged in SQL; the page's payments, emails, calls and partners are read from invoice_list_payments,
invoice_list_outreach and the staged customers. This module binds the parameters and maps rows to the shape.
See docs/invoices.md.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..errors import ParameterError
from ..jsonout import Output, document
from ..warehouse import Warehouse, fetch_dicts
from .common import ORGANIZATION_ID, as_of_param, customer_rows, iso, resolve_organization
from .params import DATE_RANGE, Param, parse_day

NAME = "invoices"
STATUSES = ("draft", "open", "uncollectible", "paid", "void", "processing", "overdue")
# The spec's sort_by enum -> the invoice_list column it orders by.
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

# Every field of the spec's objects, in the spec's order; fields with no source stay null.
INVOICE_FIELDS = (
    "amount_due", "currency", "object", "remote_id", "total_amount", "id", "amount_paid", "assignee",
    "billing_address", "billing_address_id", "billing_email", "calls", "created_at", "custom_fields",
    "due_date", "emails", "in_dispute", "is_issued_email_sent", "issued_at", "last_outreach_at",
    "last_outreach_channel", "last_outreach_to", "last_synced_at", "line_items", "linked_integration",
    "marked_uncollectible_at", "memo", "modified_at", "number", "order_number", "paid_at", "partner",
    "partner_id", "payments", "pdf", "pdf_id", "period_end_date", "period_start_date", "private_note",
    "promised_to_pay_date", "purchase_order_number", "remote_created_at", "remote_invoice_pdf",
    "remote_metadata", "remote_modified_at", "remote_partner_id", "remote_payment_portal_url",
    "remote_payment_status", "remote_status", "requires_line_item_sync", "shipping_address",
    "shipping_address_id", "status", "subtotal", "sync_status", "total_discount", "total_tax", "type",
    "voided_at",
)  # fmt: skip
PARTNER_FIELDS = (
    "id", "account_number", "ap_portals", "assignee", "assignee_id", "billing_address", "billing_address_id",
    "contacts", "created_at", "currency", "custom_fields", "description", "email", "family_name",
    "finix_identity_id", "given_name", "invoice_prefix", "is_active", "is_call_outreach_manually_paused",
    "is_company", "is_email_disabled", "is_email_outreach_manually_paused", "is_phone_disabled",
    "is_primary_email", "is_primary_phone", "last_outreach_at", "last_outreach_channel", "last_outreach_to",
    "last_synced_at", "legal_name", "linked_integration", "modified_at", "name", "object", "on_behalf_of",
    "on_behalf_of_phone", "organization_id", "parent_id", "phone", "remote_created_at", "remote_id",
    "remote_metadata", "remote_modified_at", "remote_parent_id", "remote_payment_portal_url",
    "shipping_address", "status_metadata", "sync_status", "tags", "tax_number", "timezone",
)  # fmt: skip
ADDRESS_FIELDS = (
    "object", "city", "coordinates", "country", "created_at", "description", "line1", "line2", "modified_at",
    "name", "phone", "postal_code", "remote_id", "state", "type",
)  # fmt: skip
ALLOCATION_FIELDS = (
    "amount", "invoice_id", "object", "payment_id", "strategy", "id", "agent_confidence_reason",
    "agent_confidence_score", "agent_error_code", "agent_uncertainties", "approved", "approved_at",
    "approver_id", "created_at", "modified_at", "payment", "remote_id",
)  # fmt: skip
PAYMENT_FIELDS = (
    "id", "agent_confidence_reason", "agent_confidence_score", "agent_error_code", "agent_uncertainties",
    "amount", "amount_refunded", "bank_transaction_id", "billing_email", "created_at", "currency",
    "currency_rate", "custom_fields", "description", "expected_at", "finix_transfer_id", "initiated_at",
    "last_exported_at", "last_synced_at", "linked_integration_id", "modified_at", "object", "partner_id",
    "payment_method", "receipt_url", "reference_number", "remittance_id", "remote_created_at", "remote_id",
    "remote_metadata", "remote_modified_at", "statement_descriptor", "status", "stripe_session_id",
    "sync_status", "timestamp", "transaction_match_approved_at", "transaction_match_approver_id",
)  # fmt: skip
EMAIL_FIELDS = (
    "object", "thread_id", "id", "attachments", "author", "author_id", "bcc", "body", "bounced_addresses",
    "bulk_email_request_id", "cc", "created_at", "custom_headers", "direction", "email_reason",
    "email_sender", "email_sender_id", "error_message", "from_email", "generated_body", "is_automated",
    "is_generated", "is_originated_in_stuut", "is_unread", "modified_at", "parent_email_id", "participants",
    "remote_id", "remote_links", "reply_to", "send_separately", "sent_at", "sent_by_id", "snippet", "status",
    "subject", "to",
)  # fmt: skip
CALL_FIELDS = (
    "direction", "object", "to_number", "id", "agent_id", "approver", "approver_id", "call_agent_id",
    "call_reason", "classifications", "created_at", "custom_classifications", "disconnection_reason",
    "end_time", "from_number", "in_voicemail", "invoices", "is_automated", "modified_at", "partner",
    "partner_id", "recording_url", "retell_id", "sentiment", "start_time", "status", "summary", "transcript",
    "transcript_str", "transferred_to", "workflow",
)  # fmt: skip

_AMOUNT = re.compile(r"-?[0-9]{1,16}(\.[0-9]{1,2})?")  # ASCII digits: \d would take other scripts' digits

# The number of matching invoices and the ids of one page, in order: only the filter and sort columns of
# invoice_list are computed for every invoice. {column} and {direction} come from SORT_KEYS and asc/desc only.
PAGE_SQL = """
with
filtered as materialized (
    select invoice_id, {column} as sort_key
    from invoice_list
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
    select invoice_id, sort_key
    from filtered
    order by sort_key {direction} nulls last, invoice_id {direction}
    limit $limit offset $offset
)
select
    (select count(*) from filtered) as total_records,
    coalesce(
        (select list(invoice_id order by sort_key {direction} nulls last, invoice_id {direction}) from page),
        []
    ) as page_ids
"""

# Money in integer cents, computed here.
ROWS_SQL = """
select * replace (
    cast(total_amount * 100 as bigint) as total_amount,
    cast(amount_paid * 100 as bigint) as amount_paid,
    cast(amount_due * 100 as bigint) as amount_due,
    cast(subtotal * 100 as bigint) as subtotal,
    cast(total_tax * 100 as bigint) as total_tax,
    cast(total_discount * 100 as bigint) as total_discount
)
from invoice_list
where list_contains($ids::varchar[], invoice_id)
order by list_position($ids::varchar[], invoice_id)
"""

PAYMENTS_SQL = """
select * replace (
    cast(amount * 100 as bigint) as amount,
    cast(payment_amount * 100 as bigint) as payment_amount
)
from invoice_list_payments
where list_contains($ids::varchar[], invoice_id)
order by invoice_id, applied_at, allocation_id
"""

OUTREACH_SQL = """
select * from invoice_list_outreach
where list_contains($ids::varchar[], invoice_id)
order by invoice_id, occurred_at, outreach_id
"""


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


def timestamp_text(moment: dt.datetime | None) -> str | None:
    """ISO 8601 UTC with a `Z` (microseconds only when not zero)."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat() + "Z"


def day_time_text(day: dt.date | None) -> str | None:
    return None if day is None else f"{day.isoformat()}T00:00:00Z"


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
        total, ids = con.execute(PAGE_SQL.format(column=column, direction=direction), bound).fetchone()
        rows: list[dict] = []
        payments: dict[str, list[dict]] = {}
        outreach: dict[str, list[dict]] = {}
        partners: dict[str, dict] = {}
        if ids:
            rows = fetch_dicts(con, ROWS_SQL, {"ids": ids})
            for row in fetch_dicts(con, PAYMENTS_SQL, {"ids": ids}):
                payments.setdefault(row["invoice_id"], []).append(row)
            for row in fetch_dicts(con, OUTREACH_SQL, {"ids": ids}):
                outreach.setdefault(row["invoice_id"], []).append(row)
            partners = customer_rows(con, sorted({r["customer_id"] for r in rows}))
    invoices = [
        invoice(
            row,
            partners[row["customer_id"]],
            payments.get(row["invoice_id"], []),
            outreach.get(row["invoice_id"], []),
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


def invoice(row: dict, customer: dict, allocations: list[dict], outreach: list[dict]) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(INVOICE_FIELDS)
    out.update(
        id=row["invoice_id"],
        object="invoice",
        number=row["number"],
        currency=row["currency"],
        total_amount=row["total_amount"],
        amount_paid=row["amount_paid"],
        amount_due=row["amount_due"],
        subtotal=row["subtotal"],
        total_tax=row["total_tax"],
        total_discount=row["total_discount"],
        issued_at=timestamp_text(row["issued_at"]),
        due_date=timestamp_text(row["due_date"]),
        paid_at=day_time_text(row["paid_on"]),
        voided_at=timestamp_text(row["voided_at"]),
        marked_uncollectible_at=timestamp_text(row["marked_uncollectible_at"]),
        status=row["status"],
        in_dispute=row["in_dispute"],
        promised_to_pay_date=iso(row["promised_to_pay_date"]),
        type=row["type"],
        partner_id=row["customer_id"],
        partner=partner(customer),
        payments=[allocation(a) for a in allocations],
        emails=[email(o) for o in outreach if o["channel"] == "email"],
        calls=[call(o) for o in outreach if o["channel"] == "call"],
        last_outreach_at=timestamp_text(row["last_outreach_at"]),
        last_outreach_channel=row["last_outreach_channel"],
        created_at=timestamp_text(row["created_at"]),
        modified_at=timestamp_text(row["modified_at"]),
    )
    return out


def partner(c: dict) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(PARTNER_FIELDS)
    address = None
    if c["address"] is not None:
        address = dict.fromkeys(ADDRESS_FIELDS)
        address.update(object="address", line1=c["address"])
    out.update(
        id=c["customer_id"],
        object="partner",
        organization_id=c["organization_id"],
        name=c["name"],
        account_number=c["account_number"],
        remote_id=c["external_id"],
        email=c["email"],
        phone=c["phone"],
        billing_address=address,
        currency=c["currency"],
        is_active=c["is_active"],
        is_email_outreach_manually_paused=c["outreach_paused"],
        is_call_outreach_manually_paused=c["outreach_paused"],
        created_at=timestamp_text(c["created_at"]),
        modified_at=timestamp_text(c["modified_at"]),
    )
    return out


def allocation(a: dict) -> dict[str, Any]:
    payment: dict[str, Any] = dict.fromkeys(PAYMENT_FIELDS)
    payment.update(
        id=a["payment_id"],
        object="payment",
        amount=a["payment_amount"],
        currency=a["payment_currency"],
        partner_id=a["payment_customer_id"],
        payment_method=a["payment_method"],
        reference_number=a["payment_reference_number"],
        status=a["payment_status"],
        timestamp=timestamp_text(a["payment_received_at"]),
        modified_at=timestamp_text(a["payment_modified_at"]),
    )
    out: dict[str, Any] = dict.fromkeys(ALLOCATION_FIELDS)
    out.update(
        id=a["allocation_id"],
        object="payment_allocation",
        amount=a["amount"],
        invoice_id=a["invoice_id"],
        payment_id=a["payment_id"],
        strategy=a["strategy"],
        created_at=timestamp_text(a["applied_at"]),
        modified_at=timestamp_text(a["modified_at"]),
        payment=payment,
    )
    return out


def email(o: dict) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(EMAIL_FIELDS)
    out.update(
        id=o["outreach_id"],
        object="email",
        direction=o["direction"],
        is_automated=o["is_automated"],
        is_originated_in_stuut=o["is_originated_in_product"],
        status=o["status"],
        subject=o["subject"],
        to=None if o["to_address"] is None else [o["to_address"]],
        sent_at=timestamp_text(o["occurred_at"]),
        created_at=timestamp_text(o["occurred_at"]),
        modified_at=timestamp_text(o["modified_at"]),
    )
    return out


def call(o: dict) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(CALL_FIELDS)
    out.update(
        id=o["outreach_id"],
        object="call",
        direction=o["direction"],
        is_automated=o["is_automated"],
        status=o["status"],
        call_reason=o["subject"],
        to_number=o["to_address"],
        partner_id=o["customer_id"],
        start_time=timestamp_text(o["occurred_at"]),
        created_at=timestamp_text(o["occurred_at"]),
        modified_at=timestamp_text(o["modified_at"]),
    )
    return out
