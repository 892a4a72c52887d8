"""The reference implementation of the A/R Aging Summary's money-cell formatting, in Python, written from the
rules of docs/reports.md and tested on its own (tests/unit/test_formatting.py). The report formats its cells in
SQL (the warehouse macro reports.arlake_money_text); tests check the SQL against this reference.

Money-cell formatting for the A/R Aging Summary report.

Every money cell of the report is a mapping ``{"amount": Decimal,
"formatted_amount": str}``.  ``amount`` is always the raw, exact value;
``formatted_amount`` is the text produced by :func:`format_amount` from the
report's :class:`NumberFormat` options.

Two kinds of cell exist:

* customer cells (a customer's ``current`` and aging bucket cells, called
  with ``total=False``): the currency symbol is shown only when
  ``format_money == "always"``; a zero value prints as ``""`` unless
  ``show_zero`` is set;
* total cells (a customer's ``total`` and every grand-total cell, called with
  ``total=True``): the currency symbol is shown unless
  ``format_money == "none"``; a total cell is never blank.

Money is never a float: only :class:`decimal.Decimal` (and plain ``int``)
values are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = [
    "CURRENCY_SYMBOLS",
    "FORMAT_MONEY_CHOICES",
    "NEGATIVE_FORMAT_CHOICES",
    "MAX_PRECISION",
    "NumberFormat",
    "currency_prefix",
    "format_amount",
    "money_cell",
]

FORMAT_MONEY_CHOICES: tuple[str, ...] = ("total", "always", "none")
NEGATIVE_FORMAT_CHOICES: tuple[str, ...] = ("mines", "parentheses")
MAX_PRECISION = 10

CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "NGN": "₦",
    "GHS": "GH₵",
    "KES": "KSh",
}


@dataclass(frozen=True)
class NumberFormat:
    """Number-format options of the report.

    precision:       decimals shown, an ``int`` from 0 to 10 (``bool`` is
                     rejected); 0 prints no decimal point.
    divide_on1000:   divide values by 1000 before formatting.
    show_zero:       print zero customer cells instead of leaving them blank.
    format_money:    ``"total"`` (symbol on total cells only), ``"always"``
                     (symbol on every cell) or ``"none"`` (no symbol).
    negative_format: ``"mines"`` (``-$1.00``) or ``"parentheses"``
                     (``($1.00)``).

    Invalid options raise ``ValueError`` naming the field and the allowed
    values.
    """

    precision: int = 2
    divide_on1000: bool = False
    show_zero: bool = False
    format_money: str = "total"
    negative_format: str = "mines"

    def __post_init__(self) -> None:
        precision = self.precision
        if (
            isinstance(precision, bool)
            or not isinstance(precision, int)
            or not 0 <= precision <= MAX_PRECISION
        ):
            raise ValueError(f"precision must be an int from 0 to {MAX_PRECISION}, got {precision!r}")
        for name in ("divide_on1000", "show_zero"):
            flag = getattr(self, name)
            if not isinstance(flag, bool):
                raise ValueError(f"{name} must be a bool (True or False), got {flag!r}")
        if self.format_money not in FORMAT_MONEY_CHOICES:
            raise ValueError(
                f"format_money must be one of {_choices(FORMAT_MONEY_CHOICES)}, got {self.format_money!r}"
            )
        if self.negative_format not in NEGATIVE_FORMAT_CHOICES:
            raise ValueError(
                "negative_format must be one of "
                f"{_choices(NEGATIVE_FORMAT_CHOICES)}, "
                f"got {self.negative_format!r}"
            )


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(repr(v) for v in values)


def currency_prefix(code: str | None) -> str:
    """Return the text put before the digits for a currency code.

    Listed codes give their symbol (``"USD"`` -> ``"$"``); any other code
    gives the code and a space (``"CHF"`` -> ``"CHF "``); ``None`` or an
    empty code gives ``""``.  The code is matched after stripping
    surrounding whitespace and upper-casing it (``"usd"`` -> ``"$"``).
    """
    if code is None:
        return ""
    if not isinstance(code, str):
        raise TypeError(f"currency code must be a str or None, got {code!r}")
    normalized = code.strip().upper()
    if not normalized:
        return ""
    symbol = CURRENCY_SYMBOLS.get(normalized)
    if symbol is not None:
        return symbol
    return normalized + " "


def _as_decimal(value: object) -> Decimal:
    """Return ``value`` as an exact, finite ``Decimal``.

    ``float`` (and anything that is neither ``Decimal`` nor ``int``) is
    rejected with ``TypeError``; ``bool`` is not accepted as a number.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    else:
        raise TypeError(
            f"money values must be Decimal (or int), never float; got {type(value).__name__}: {value!r}"
        )
    if not result.is_finite():
        raise ValueError(f"money values must be finite, got {value!r}")
    return result


def _divide_by_1000(value: Decimal) -> Decimal:
    # Shift the exponent instead of dividing so the result stays exact
    # whatever the number of digits.
    sign, digits, exponent = value.as_tuple()
    return Decimal((sign, digits, exponent - 3))


# One context with room for any value: DECIMAL(38, s) has at most 38 digits; quantize() to 10 decimals more
# still fits. A shared context avoids a localcontext() per cell, which dominated large reports.
_CONTEXT = Context(prec=80, rounding=ROUND_HALF_UP)
_QUANTA = {p: Decimal(1).scaleb(-p) for p in range(0, 11)}


def _digits(magnitude: Decimal, precision: int) -> str:
    """Round ``magnitude`` (>= 0) half-up and group it: ``1,234.57``."""
    quantum = _QUANTA.get(precision) or Decimal(1).scaleb(-precision)
    if magnitude.adjusted() + precision + 2 > _CONTEXT.prec:  # beyond any DECIMAL(38): widen just for it
        context = Context(prec=magnitude.adjusted() + precision + 2, rounding=ROUND_HALF_UP)
    else:
        context = _CONTEXT
    rounded = magnitude.quantize(quantum, rounding=ROUND_HALF_UP, context=context)
    return f"{rounded:,f}"


def format_amount(value: Decimal, fmt: NumberFormat, *, currency: str | None, total: bool) -> str:
    """Return the ``formatted_amount`` text of a money cell.

    Steps, for a value ``v``:

    1. with ``divide_on1000``, ``v = v / 1000`` (exact);
    2. a customer cell (``total=False``) without ``show_zero`` whose ``v``
       is zero prints ``""``; the test is on the unrounded ``v``, so
       ``0.0025`` at precision 2 prints ``0.00``, not ``""``;
    3. ``|v|`` is rounded half-up to ``fmt.precision`` decimals and printed
       with ``,`` thousands separators and a ``.`` decimal point;
    4. the currency prefix (see :func:`currency_prefix`) is put in front when
       the cell shows the symbol: customer cells only with
       ``format_money == "always"``, total cells unless
       ``format_money == "none"``;
    5. a negative value gets ``-`` in front (``"mines"``) or is wrapped in
       ``(...)`` (``"parentheses"``), around the prefix: ``-$1,234.00``,
       ``($1,234.00)``.

    A negative value whose rounded digits are all zero (``-0.004`` at
    precision 2) prints without a sign or parentheses: ``0.00``, never
    ``-0.00``.  ``Decimal("-0")`` is zero like ``Decimal("0")``.
    """
    number = _as_decimal(value)
    if not isinstance(fmt, NumberFormat):
        raise TypeError(f"fmt must be a NumberFormat, got {fmt!r}")
    if not isinstance(total, bool):
        raise TypeError(f"total must be a bool, got {total!r}")

    if fmt.divide_on1000:
        number = _divide_by_1000(number)

    if not total and not fmt.show_zero and number.is_zero():
        return ""

    # copy_abs() is exact; abs() would round to the context precision.
    digits = _digits(number.copy_abs(), fmt.precision)

    if total:
        show_symbol = fmt.format_money != "none"
    else:
        show_symbol = fmt.format_money == "always"
    text = (currency_prefix(currency) if show_symbol else "") + digits

    rounds_to_zero = not digits.strip("0,.")
    if number.is_signed() and not rounds_to_zero:
        if fmt.negative_format == "parentheses":
            return f"({text})"
        return f"-{text}"
    return text


def money_cell(value: Decimal, fmt: NumberFormat, *, currency: str | None, total: bool) -> dict:
    """Return ``{"amount": value, "formatted_amount": text}``.

    ``amount`` is the raw value as an exact ``Decimal`` (not divided by 1000,
    not rounded; an ``int`` is converted to ``Decimal``); the text comes from
    :func:`format_amount`.
    """
    amount = _as_decimal(value)
    return {
        "amount": amount,
        "formatted_amount": format_amount(amount, fmt, currency=currency, total=total),
    }
