"""The Stuut List Invoices shape (docs/invoices.md), declared once for both directions.

Each object of the shape (invoice, partner, address, payment allocation, payment, email, call) lists every field
of the published shape in its order, and, for the fields arlake fills, where the value lives:

- `column`: the mart column the `invoices` report reads (invoice_list, dim_customers, invoice_list_payments,
  invoice_list_outreach);
- `raw`: the raw-layer column `arlake ingest stuut-invoices` writes (by default the same name as `column`;
  None when the field is not ingested: derived by the models, or only checked);
- `kind`: how the value is written into the JSON and read back from it (integer cents, UTC times with `Z`, ...).

`render` turns a mart row into an object of the shape and `read` turns an object of the shape back into raw
values, both from the same declaration, so that what the report writes the ingest reads back into the columns
it came from. Nested objects and lists (an invoice's partner, payments, emails and calls; an allocation's
payment; a partner's billing address) are assembled by the report and the ingest from their own rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MAX_CENTS = 10**18 - 1  # DECIMAL(18,2)

# Kinds of values.
ID = "id"  # a non-empty string (an integer id is read as its digits)
TEXT = "text"
BOOL = "bool"
CENTS = "cents"  # integer cents in the shape; DECIMAL(18,2) major units in the raw layer (the report's SQL
#                  turns the marts' major units into cents)
TIMESTAMP = "timestamp"  # ISO 8601 UTC with `Z`; a date column is written as its midnight
DATE = "date"  # YYYY-MM-DD
TEXT_LIST = "text_list"  # a list in the shape holding one text column (an email's `to`)
CONSTANT = "constant"  # `object`: the object's type name
OBJECT = "object"  # a nested object (`shape`)
LIST = "list"  # a list of nested objects (`shape`)

_SAME = "<same as column>"


@dataclass(frozen=True)
class Field:
    """A field the shape fills. `raw` defaults to `column`; `fallback` names another field of the same object read
    when this one is null (ingest); `required` fields must be present and not null (ingest)."""

    name: str
    kind: str
    column: str | None = None
    raw: str | None = _SAME
    required: bool = False
    fallback: str | None = None
    value: str | None = None  # the constant of a CONSTANT field
    shape: Shape | None = None  # the nested object of an OBJECT or LIST field

    @property
    def raw_column(self) -> str | None:
        return self.column if self.raw == _SAME else self.raw


@dataclass(frozen=True)
class Shape:
    """One object of the shape: every field name in the published order, and the fields arlake fills."""

    name: str
    names: tuple[str, ...]
    filled: tuple[Field, ...]

    def __post_init__(self) -> None:
        unknown = [f.name for f in self.filled if f.name not in self.names]
        if unknown:
            raise ValueError(f"{self.name}: fields {unknown} are not fields of the shape")
        shared: dict[str, list[Field]] = {}
        for f in self.filled:
            if f.raw_column is not None and f.kind not in (OBJECT, LIST):
                shared.setdefault(f.raw_column, []).append(f)
        for column, fields in shared.items():
            if len(fields) > 1 and any(f.kind != BOOL for f in fields):
                raise ValueError(f"{self.name}: only flags may share the raw column {column}")

    def field(self, name: str) -> Field:
        return next(f for f in self.filled if f.name == name)

    def columns(self, kind: str) -> tuple[str, ...]:
        """The mart columns of the fields of `kind`, in the shape's order."""
        return tuple(f.column for f in self.filled if f.kind == kind and f.column is not None)


# ------------------------------------------------------------------------------------- writing (report)
def timestamp_text(moment: dt.datetime | dt.date | None) -> str | None:
    """ISO 8601 UTC with a `Z` (microseconds only when not zero); a date is its midnight."""
    if moment is None:
        return None
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat() + "Z"


_WRITERS: dict[str, Callable[[Any], Any]] = {
    ID: lambda v: v,
    TEXT: lambda v: v,
    BOOL: lambda v: v,
    CENTS: lambda v: v,
    TIMESTAMP: timestamp_text,
    DATE: lambda v: None if v is None else v.isoformat(),
    TEXT_LIST: lambda v: None if v is None else [v],
}


def render(shape: Shape, row: dict[str, Any]) -> dict[str, Any]:
    """An object of `shape` from a mart row: every field, in order; fields without a column stay null."""
    out: dict[str, Any] = dict.fromkeys(shape.names)
    for f in shape.filled:
        if f.kind == CONSTANT:
            out[f.name] = f.value
        elif f.column is not None and f.kind in _WRITERS:
            out[f.name] = _WRITERS[f.kind](row[f.column])
    return out


# -------------------------------------------------------------------------------------- reading (ingest)
class Malformed(Exception):
    """A value that does not follow the shape, at a JSON path (`data[3].payments[0].amount`)."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = path, problem


def describe(value: Any) -> str:
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def read_id(value: Any, path: str) -> str:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Malformed(path, f"expected a non-empty string id, got {describe(value)}")


def _of_type(python_type: type, expected: str) -> Callable[[Any, str], Any]:
    """A reader that accepts a JSON value of one type as it is and names `expected` otherwise."""

    def read(value: Any, path: str) -> Any:
        if isinstance(value, python_type):
            return value
        raise Malformed(path, f"expected {expected}, got {describe(value)}")

    return read


read_text = _of_type(str, "a string")
read_bool = _of_type(bool, "true or false")
read_object = _of_type(dict, "an object")
read_array = _of_type(list, "an array")


def read_cents(value: Any, path: str) -> Decimal:
    """Integer cents -> Decimal major units with 2 places, exactly."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise Malformed(path, f"expected an integer amount in cents, got {describe(value)}")
    if abs(value) > MAX_CENTS:
        raise Malformed(path, f"amount {value} is out of range (at most 18 digits of cents)")
    return Decimal(value).scaleb(-2)


def read_timestamp(value: Any, path: str) -> dt.datetime:
    """ISO 8601 date-time (or date) -> naive UTC; a date-time without an offset is taken as UTC."""
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
            return parsed
    raise Malformed(
        path, f"expected an ISO 8601 date-time such as 2025-01-31T09:00:00Z, got {describe(value)}"
    )


def read_date(value: Any, path: str) -> dt.date:
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Malformed(path, f"expected a date YYYY-MM-DD, got {describe(value)}")


def read_first_text(value: Any, path: str) -> str | None:
    """A list of texts -> its first (the shape's `to`: arlake keeps one address)."""
    items = read_array(value, path)
    return read_text(items[0], f"{path}[0]") if items else None


_READERS: dict[str, Callable[[Any, str], Any]] = {
    ID: read_id,
    TEXT: read_text,
    BOOL: read_bool,
    CENTS: read_cents,
    TIMESTAMP: read_timestamp,
    DATE: read_date,
    TEXT_LIST: read_first_text,
    OBJECT: read_object,
    LIST: read_array,
}


def value_at(obj: dict, f: Field, path: str) -> Any:
    """Field `f` of the JSON object `obj` at `path`, read by its kind (None when absent or null); a required field
    must be there (or its fallback)."""
    value = obj.get(f.name)
    if value is None and f.fallback is not None:
        value = obj.get(f.fallback)
        if value is not None:
            return _READERS[f.kind](value, f"{path}.{f.fallback}")
    if value is None:
        if f.required:
            problem = "is required" if f.name not in obj else "must not be null"
            raise Malformed(f"{path}.{f.name}", problem + (f" (or {f.fallback})" if f.fallback else ""))
        return None
    return _READERS[f.kind](value, f"{path}.{f.name}")


def read(shape: Shape, obj: dict, path: str) -> dict[str, Any]:
    """The raw values of an object of `shape` (raw column -> value), every filled field with a raw column read
    and checked in the shape's order. Flags that share a raw column are combined: paused when either is."""
    out: dict[str, Any] = {}
    for f in shape.filled:
        column = f.raw_column
        if column is None or f.kind in (CONSTANT, OBJECT, LIST):
            continue
        value = value_at(obj, f, path)
        if column in out and f.kind == BOOL:
            earlier = out[column]
            value = None if earlier is None and value is None else bool(earlier or value)
        out[column] = value
    return out


# ---------------------------------------------------------------------------------------- the objects
def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ADDRESS = Shape(
    "address",
    _names("""object city coordinates country created_at description line1 line2 modified_at name phone
              postal_code remote_id state type"""),
    (
        Field("object", CONSTANT, value="address"),
        Field("line1", TEXT, "address"),  # dim_customers.address; customers.address
    ),
)

PARTNER = Shape(
    "partner",
    _names("""id account_number ap_portals assignee assignee_id billing_address billing_address_id contacts
              created_at currency custom_fields description email family_name finix_identity_id given_name
              invoice_prefix is_active is_call_outreach_manually_paused is_company is_email_disabled
              is_email_outreach_manually_paused is_phone_disabled is_primary_email is_primary_phone
              last_outreach_at last_outreach_channel last_outreach_to last_synced_at legal_name linked_integration
              modified_at name object on_behalf_of on_behalf_of_phone organization_id parent_id phone
              remote_created_at remote_id remote_metadata remote_modified_at remote_parent_id
              remote_payment_portal_url shipping_address status_metadata sync_status tags tax_number timezone"""),
    (  # from dim_customers; into customers
        Field("id", ID, "customer_id", required=True),
        Field("account_number", TEXT, "account_number"),
        Field("billing_address", OBJECT, "address", shape=ADDRESS),  # null when the address is
        Field("created_at", TIMESTAMP, "created_at"),
        Field("currency", TEXT, "currency"),
        Field("email", TEXT, "email"),
        Field("is_active", BOOL, "is_active"),
        # One flag in arlake: both read it; either pauses the customer.
        Field("is_call_outreach_manually_paused", BOOL, "outreach_paused"),
        Field("is_email_outreach_manually_paused", BOOL, "outreach_paused"),
        Field("modified_at", TIMESTAMP, "modified_at"),
        Field("name", TEXT, "name", required=True),
        Field("object", CONSTANT, value="partner"),
        Field("organization_id", ID, "organization_id", required=True),
        Field("phone", TEXT, "phone"),
        Field("remote_id", TEXT, "external_id"),
    ),
)

PAYMENT = Shape(
    "payment",
    _names("""id agent_confidence_reason agent_confidence_score agent_error_code agent_uncertainties amount
              amount_refunded bank_transaction_id billing_email created_at currency currency_rate custom_fields
              description expected_at finix_transfer_id initiated_at last_exported_at last_synced_at
              linked_integration_id modified_at object partner_id payment_method receipt_url reference_number
              remittance_id remote_created_at remote_id remote_metadata remote_modified_at statement_descriptor
              status stripe_session_id sync_status timestamp transaction_match_approved_at
              transaction_match_approver_id"""),
    (  # from invoice_list_payments (payment_* columns); into payments
        Field("id", ID, "payment_id", required=True),
        Field("amount", CENTS, "payment_amount", raw="amount", required=True),
        Field("currency", TEXT, "payment_currency", raw="currency"),
        Field("modified_at", TIMESTAMP, "payment_modified_at", raw="modified_at"),
        Field("object", CONSTANT, value="payment"),
        Field("partner_id", ID, "payment_customer_id", raw="customer_id"),  # ingest: else the invoice's
        Field("payment_method", TEXT, "payment_method"),
        Field("reference_number", TEXT, "payment_reference_number", raw="reference_number"),
        Field("status", TEXT, "payment_status", raw="status"),
        Field(
            "timestamp",
            TIMESTAMP,
            "payment_received_at",
            raw="received_at",
            required=True,
            fallback="created_at",
        ),  # fmt: skip
    ),
)

ALLOCATION = Shape(
    "payment_allocation",
    _names("""amount invoice_id object payment_id strategy id agent_confidence_reason agent_confidence_score
              agent_error_code agent_uncertainties approved approved_at approver_id created_at modified_at payment
              remote_id"""),
    (  # from invoice_list_payments; into payment_allocations
        Field("amount", CENTS, "amount", required=True),
        Field("invoice_id", ID, "invoice_id", raw=None),  # ingest: checked against the invoice holding it
        Field("object", CONSTANT, value="payment_allocation"),
        Field("payment_id", ID, "payment_id", raw=None),  # ingest: checked against payment.id
        Field("strategy", TEXT, "strategy"),
        Field("id", ID, "allocation_id", required=True),
        Field("created_at", TIMESTAMP, "applied_at"),
        Field("modified_at", TIMESTAMP, "modified_at"),
        Field("payment", OBJECT, required=True, shape=PAYMENT),
    ),
)

EMAIL = Shape(
    "email",
    _names("""object thread_id id attachments author author_id bcc body bounced_addresses bulk_email_request_id
              cc created_at custom_headers direction email_reason email_sender email_sender_id error_message
              from_email generated_body is_automated is_generated is_originated_in_stuut is_unread modified_at
              parent_email_id participants remote_id remote_links reply_to send_separately sent_at sent_by_id
              snippet status subject to"""),
    (  # from invoice_list_outreach (channel email); into outreach
        Field("object", CONSTANT, value="email"),
        Field("id", ID, "outreach_id", required=True),
        Field("created_at", TIMESTAMP, "occurred_at", raw=None),  # ingest: when sent_at is null
        Field("direction", TEXT, "direction"),
        Field("is_automated", BOOL, "is_automated"),
        Field("is_originated_in_stuut", BOOL, "is_originated_in_product"),
        Field("modified_at", TIMESTAMP, "modified_at"),
        Field("sent_at", TIMESTAMP, "occurred_at", required=True, fallback="created_at"),
        Field("status", TEXT, "status"),
        Field("subject", TEXT, "subject"),
        Field("to", TEXT_LIST, "to_address"),
    ),
)

CALL = Shape(
    "call",
    _names("""direction object to_number id agent_id approver approver_id call_agent_id call_reason
              classifications created_at custom_classifications disconnection_reason end_time from_number
              in_voicemail invoices is_automated modified_at partner partner_id recording_url retell_id sentiment
              start_time status summary transcript transcript_str transferred_to workflow"""),
    (  # from invoice_list_outreach (channel call); into outreach
        Field("direction", TEXT, "direction"),
        Field("object", CONSTANT, value="call"),
        Field("to_number", TEXT, "to_address"),
        Field("id", ID, "outreach_id", required=True),
        Field("call_reason", TEXT, "subject"),
        Field("created_at", TIMESTAMP, "occurred_at", raw=None),  # ingest: when start_time is null
        Field("is_automated", BOOL, "is_automated"),
        Field("modified_at", TIMESTAMP, "modified_at"),
        Field("partner_id", ID, "customer_id"),  # ingest: else the invoice's customer
        Field("start_time", TIMESTAMP, "occurred_at", required=True, fallback="created_at"),
        Field("status", TEXT, "status"),
    ),
)

# The channel of the outreach rows each list of an invoice holds.
CHANNELS = {"emails": "email", "calls": "call"}

INVOICE = Shape(
    "invoice",
    _names("""amount_due currency object remote_id total_amount id amount_paid assignee billing_address
              billing_address_id billing_email calls created_at custom_fields due_date emails in_dispute
              is_issued_email_sent issued_at last_outreach_at last_outreach_channel last_outreach_to
              last_synced_at line_items linked_integration marked_uncollectible_at memo modified_at number
              order_number paid_at partner partner_id payments pdf pdf_id period_end_date period_start_date
              private_note promised_to_pay_date purchase_order_number remote_created_at remote_invoice_pdf
              remote_metadata remote_modified_at remote_partner_id remote_payment_portal_url remote_payment_status
              remote_status requires_line_item_sync shipping_address shipping_address_id status subtotal
              sync_status total_discount total_tax type voided_at"""),
    (  # from invoice_list; into invoices (amount_paid, amount_due and paid_at: the residual credit note)
        Field("amount_due", CENTS, "amount_due"),
        Field("currency", TEXT, "currency"),
        Field("object", CONSTANT, value="invoice"),
        Field("total_amount", CENTS, "total_amount", required=True),
        Field("id", ID, "invoice_id", required=True),
        Field("amount_paid", CENTS, "amount_paid"),
        Field("calls", LIST, shape=CALL),
        Field("created_at", TIMESTAMP, "created_at"),
        Field("due_date", TIMESTAMP, "due_date"),
        Field("emails", LIST, shape=EMAIL),
        Field("in_dispute", BOOL, "in_dispute"),
        Field("issued_at", TIMESTAMP, "issued_at", required=True),
        # Derived by the models from the outreach: not ingested.
        Field("last_outreach_at", TIMESTAMP, "last_outreach_at", raw=None),
        Field("last_outreach_channel", TEXT, "last_outreach_channel", raw=None),
        Field("marked_uncollectible_at", TIMESTAMP, "marked_uncollectible_at"),
        Field("modified_at", TIMESTAMP, "modified_at"),
        Field("number", TEXT, "number"),
        Field("paid_at", TIMESTAMP, "paid_on", raw="paid_at"),  # invoice_list.paid_on: the settled date
        Field("partner", OBJECT, required=True, shape=PARTNER),
        Field("partner_id", ID, "customer_id", raw=None),  # ingest: checked against partner.id
        Field("payments", LIST, shape=ALLOCATION),
        Field("promised_to_pay_date", DATE, "promised_to_pay_date"),
        Field("status", TEXT, "status"),
        Field("subtotal", CENTS, "subtotal"),
        Field("total_discount", CENTS, "total_discount"),
        Field("total_tax", CENTS, "total_tax"),
        Field("type", TEXT, "type"),
        Field("voided_at", TIMESTAMP, "voided_at"),
    ),
)

SHAPES = (INVOICE, PARTNER, ADDRESS, ALLOCATION, PAYMENT, EMAIL, CALL)
