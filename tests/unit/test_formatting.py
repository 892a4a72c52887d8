"""Tests for arlake.formatting: money cells of the A/R Aging Summary report.

Every expected string below is written out by hand.
"""

import dataclasses
from decimal import ROUND_DOWN, Decimal, localcontext

import pytest
from reference_formatting import (
    CURRENCY_SYMBOLS,
    NumberFormat,
    currency_prefix,
    format_amount,
    money_cell,
)

D = Decimal
DEFAULT = NumberFormat()


def fa(value, *, total, currency="USD", **options):
    return format_amount(value, NumberFormat(**options), currency=currency, total=total)


# --------------------------------------------------------------------------
# Reference sample (USD, default options)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "total", "expected"),
    [
        (D("5000"), False, "5,000.00"),  # customer bucket
        (D("5000"), True, "$5,000.00"),  # customer total
        (D("0"), False, ""),  # empty customer bucket
        (D("0"), True, "$0.00"),  # empty grand-total cell
        (D("300000"), False, "300,000.00"),  # customer current
        (D("300000"), True, "$300,000.00"),
        (D("305000"), True, "$305,000.00"),
    ],
)
def test_reference_sample(value, total, expected):
    assert format_amount(value, DEFAULT, currency="USD", total=total) == expected


def test_reference_sample_money_cells():
    assert money_cell(D("5000"), DEFAULT, currency="USD", total=False) == {
        "amount": D("5000"),
        "formatted_amount": "5,000.00",
    }
    assert money_cell(D("5000"), DEFAULT, currency="USD", total=True) == {
        "amount": D("5000"),
        "formatted_amount": "$5,000.00",
    }
    assert money_cell(D("0"), DEFAULT, currency="USD", total=False) == {
        "amount": D("0"),
        "formatted_amount": "",
    }
    assert money_cell(D("0"), DEFAULT, currency="USD", total=True) == {
        "amount": D("0"),
        "formatted_amount": "$0.00",
    }


# --------------------------------------------------------------------------
# Precision and half-up rounding
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "value", "expected"),
    [
        # precision 0: no decimal point
        (0, D("1234"), "1,234"),
        (0, D("1234.5"), "1,235"),
        (0, D("1234.49"), "1,234"),
        (0, D("2.5"), "3"),
        (0, D("0.5"), "1"),
        (0, D("0.49"), "0"),
        (0, D("999.5"), "1,000"),
        (0, D("1000000"), "1,000,000"),
        (0, D("-1234.5"), "-1,235"),
        (0, D("-2.5"), "-3"),
        # precision 1
        (1, D("1234.56"), "1,234.6"),
        (1, D("12.25"), "12.3"),
        (1, D("12.24"), "12.2"),
        (1, D("0.05"), "0.1"),
        (1, D("0.04"), "0.0"),
        (1, D("999.95"), "1,000.0"),
        (1, D("7"), "7.0"),
        (1, D("-12.25"), "-12.3"),
        # precision 2
        (2, D("2.345"), "2.35"),
        (2, D("2.344"), "2.34"),
        (2, D("2.3450000001"), "2.35"),
        (2, D("2.3449999999"), "2.34"),
        (2, D("0.005"), "0.01"),
        (2, D("0.0049"), "0.00"),
        (2, D("0.015"), "0.02"),
        (2, D("0.025"), "0.03"),
        (2, D("999.995"), "1,000.00"),
        (2, D("1"), "1.00"),
        (2, D("1.1"), "1.10"),
        (2, D("-2.345"), "-2.35"),
        (2, D("-2.344"), "-2.34"),
        (2, D("-0.005"), "-0.01"),
        # precision 3
        (3, D("1.2345"), "1.235"),
        (3, D("1.2344"), "1.234"),
        (3, D("1234"), "1,234.000"),
        (3, D("0.0005"), "0.001"),
        (3, D("0.0004"), "0.000"),
        (3, D("9999.9995"), "10,000.000"),
        (3, D("-1.2345"), "-1.235"),
        # precision 4
        (4, D("1.23455"), "1.2346"),
        (4, D("1.23454"), "1.2345"),
        (4, D("1234567.89"), "1,234,567.8900"),
        (4, D("0.00005"), "0.0001"),
        (4, D("0.00004"), "0.0000"),
        (4, D("-1.23455"), "-1.2346"),
        # precision 10 (upper bound)
        (10, D("1.23456789015"), "1.2345678902"),
        (10, D("1234"), "1,234.0000000000"),
    ],
)
def test_precision_and_half_up_rounding(precision, value, expected):
    assert fa(value, total=False, precision=precision) == expected


@pytest.mark.parametrize(
    ("precision", "value", "expected"),
    [
        (0, D("1234.5"), "$1,235"),
        (1, D("1234.55"), "$1,234.6"),
        (2, D("1234.555"), "$1,234.56"),
        (3, D("1234.5555"), "$1,234.556"),
        (4, D("1234.55555"), "$1,234.5556"),
        (0, D("-1234.5"), "-$1,235"),
        (4, D("-1234.55555"), "-$1,234.5556"),
    ],
)
def test_precision_on_total_cells(precision, value, expected):
    assert fa(value, total=True, precision=precision) == expected


@pytest.mark.parametrize("value", [D("1234"), D("1234.5"), D("0.4"), D("-7.7")])
def test_precision_zero_has_no_decimal_point(value):
    assert "." not in fa(value, total=True, precision=0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("2.345"), "2.35"),
        (D("2.34500"), "2.35"),
        (D("2345E-3"), "2.35"),
        (D("5E+3"), "5,000.00"),
        (D("1.2E+6"), "1,200,000.00"),
        (D("0E-10"), "0.00"),
        (D("0E+5"), "0.00"),
    ],
)
def test_decimal_exponent_forms(value, expected):
    assert fa(value, total=False, show_zero=True) == expected


# --------------------------------------------------------------------------
# Large and small values
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.01"), "$0.01"),
        (D("0.5"), "$0.50"),
        (D("1"), "$1.00"),
        (D("12.3"), "$12.30"),
        (D("100"), "$100.00"),
        (D("999"), "$999.00"),
        (D("999.99"), "$999.99"),
        (D("1000"), "$1,000.00"),
        (D("9999.99"), "$9,999.99"),
        (D("10000"), "$10,000.00"),
        (D("123456.78"), "$123,456.78"),
        (D("1000000"), "$1,000,000.00"),
        (D("1234567.891"), "$1,234,567.89"),
        (D("12345678.9"), "$12,345,678.90"),
        (D("999999999.995"), "$1,000,000,000.00"),
        (D("1234567890.125"), "$1,234,567,890.13"),
        (D("1000000000000"), "$1,000,000,000,000.00"),
        (D("-1234567890.125"), "-$1,234,567,890.13"),
        (
            D("12345678901234567890123456789.125"),
            "$12,345,678,901,234,567,890,123,456,789.13",
        ),
    ],
)
def test_large_and_small_values(value, expected):
    assert fa(value, total=True) == expected


# --------------------------------------------------------------------------
# divide_on1000
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "total", "options", "expected"),
    [
        (D("5000"), False, {}, "5.00"),
        (D("5000"), True, {}, "$5.00"),
        (D("300000"), False, {}, "300.00"),
        (D("1234567"), False, {}, "1,234.57"),
        (D("1234565"), False, {}, "1,234.57"),
        (D("1234564"), False, {}, "1,234.56"),
        (D("1000000000"), True, {}, "$1,000,000.00"),
        (D("999"), False, {}, "1.00"),
        (D("1"), False, {}, "0.00"),
        (D("5"), False, {}, "0.01"),
        (D("4"), False, {}, "0.00"),
        (D("1"), False, {"precision": 3}, "0.001"),
        (D("500"), False, {"precision": 0}, "1"),
        (D("499"), False, {"precision": 0}, "0"),
        (D("1234500"), True, {"precision": 0}, "$1,235"),
        (D("-2500"), False, {}, "-2.50"),
        (D("-2500"), True, {}, "-$2.50"),
        (D("-2500"), True, {"negative_format": "parentheses"}, "($2.50)"),
        (D("-2345"), False, {}, "-2.35"),
        # zero blanking tests the divided value
        (D("0"), False, {}, ""),
        (D("0"), True, {}, "$0.00"),
        (D("0"), False, {"show_zero": True}, "0.00"),
        (D("0.0004"), False, {}, "0.00"),
        (D("0.0004"), False, {"precision": 4}, "0.0000"),
        (D("-0.4"), False, {}, "0.00"),
        (
            D("12345678901234567890123456789000"),
            True,
            {},
            "$12,345,678,901,234,567,890,123,456,789.00",
        ),
    ],
)
def test_divide_on1000(value, total, options, expected):
    assert fa(value, total=total, divide_on1000=True, **options) == expected


def test_divide_on1000_amount_stays_raw():
    fmt = NumberFormat(divide_on1000=True)
    cell = money_cell(D("1234567"), fmt, currency="USD", total=True)
    assert cell == {"amount": D("1234567"), "formatted_amount": "$1,234.57"}
    assert str(cell["amount"]) == "1234567"


def test_divide_on1000_tiny_value_is_not_blank():
    fmt = NumberFormat(divide_on1000=True)
    cell = money_cell(D("0.0004"), fmt, currency="USD", total=False)
    assert cell == {"amount": D("0.0004"), "formatted_amount": "0.00"}
    assert str(cell["amount"]) == "0.0004"


# --------------------------------------------------------------------------
# Zero values: show_zero on customer cells, totals never blank
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (D("0"), {}, ""),
        (D("0.00"), {}, ""),
        (D("-0"), {}, ""),
        (D("0E-8"), {}, ""),
        (D("0"), {"format_money": "always"}, ""),
        (D("0"), {"precision": 0}, ""),
        (D("0"), {"show_zero": True}, "0.00"),
        (D("-0"), {"show_zero": True}, "0.00"),
        (D("0"), {"show_zero": True, "precision": 0}, "0"),
        (D("0"), {"show_zero": True, "precision": 4}, "0.0000"),
        (D("0"), {"show_zero": True, "format_money": "always"}, "$0.00"),
        (D("0"), {"show_zero": True, "format_money": "none"}, "0.00"),
        (
            D("0"),
            {"show_zero": True, "negative_format": "parentheses"},
            "0.00",
        ),
        # the zero test is on the unrounded value
        (D("0.0025"), {}, "0.00"),
        (D("0.001"), {}, "0.00"),
        (D("0.4"), {"precision": 0}, "0"),
        (D("-0.001"), {}, "0.00"),
        (D("0.0025"), {"show_zero": True}, "0.00"),
    ],
)
def test_zero_on_customer_cells(value, options, expected):
    assert fa(value, total=False, **options) == expected


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (D("0"), {}, "$0.00"),
        (D("0"), {"show_zero": True}, "$0.00"),
        (D("0"), {"show_zero": False}, "$0.00"),
        (D("-0"), {}, "$0.00"),
        (D("0.00"), {"format_money": "always"}, "$0.00"),
        (D("0"), {"format_money": "none"}, "0.00"),
        (D("0"), {"format_money": "none", "show_zero": True}, "0.00"),
        (D("0"), {"precision": 0}, "$0"),
        (D("0"), {"precision": 3}, "$0.000"),
        (D("0"), {"divide_on1000": True}, "$0.00"),
        (D("0"), {"negative_format": "parentheses"}, "$0.00"),
    ],
)
def test_total_cells_are_never_blank(value, options, expected):
    assert fa(value, total=True, **options) == expected


# --------------------------------------------------------------------------
# format_money x cell kind x negative_format
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format_money", "total", "expected"),
    [
        ("total", False, "1,234.50"),
        ("total", True, "$1,234.50"),
        ("always", False, "$1,234.50"),
        ("always", True, "$1,234.50"),
        ("none", False, "1,234.50"),
        ("none", True, "1,234.50"),
    ],
)
def test_format_money_positive(format_money, total, expected):
    assert fa(D("1234.5"), total=total, format_money=format_money) == expected


@pytest.mark.parametrize(
    ("format_money", "negative_format", "total", "expected"),
    [
        ("total", "mines", False, "-1,234.50"),
        ("total", "mines", True, "-$1,234.50"),
        ("always", "mines", False, "-$1,234.50"),
        ("always", "mines", True, "-$1,234.50"),
        ("none", "mines", False, "-1,234.50"),
        ("none", "mines", True, "-1,234.50"),
        ("total", "parentheses", False, "(1,234.50)"),
        ("total", "parentheses", True, "($1,234.50)"),
        ("always", "parentheses", False, "($1,234.50)"),
        ("always", "parentheses", True, "($1,234.50)"),
        ("none", "parentheses", False, "(1,234.50)"),
        ("none", "parentheses", True, "(1,234.50)"),
    ],
)
def test_format_money_negative(format_money, negative_format, total, expected):
    got = fa(
        D("-1234.5"),
        total=total,
        format_money=format_money,
        negative_format=negative_format,
    )
    assert got == expected


@pytest.mark.parametrize(
    ("value", "currency", "negative_format", "expected"),
    [
        (D("-1234"), "USD", "mines", "-$1,234.00"),
        (D("-1234"), "USD", "parentheses", "($1,234.00)"),
        (D("-1234"), "CHF", "mines", "-CHF 1,234.00"),
        (D("-1234"), "CHF", "parentheses", "(CHF 1,234.00)"),
        (D("-1234"), "GHS", "mines", "-GH₵1,234.00"),
        (D("-1234"), "GHS", "parentheses", "(GH₵1,234.00)"),
        (D("-1234"), "KES", "parentheses", "(KSh1,234.00)"),
        (D("-1234"), "EUR", "mines", "-€1,234.00"),
        (D("-1234"), None, "mines", "-1,234.00"),
        (D("-1234"), None, "parentheses", "(1,234.00)"),
        (D("1234"), "USD", "parentheses", "$1,234.00"),
        (D("1234"), "CHF", "mines", "CHF 1,234.00"),
        (D("-0.01"), "USD", "mines", "-$0.01"),
        (D("-0.01"), "USD", "parentheses", "($0.01)"),
        (D("-2.345"), "USD", "mines", "-$2.35"),
        (D("-2.345"), "USD", "parentheses", "($2.35)"),
        (D("-1000000000"), "USD", "parentheses", "($1,000,000,000.00)"),
    ],
)
def test_negative_format_on_total_cells(value, currency, negative_format, expected):
    got = fa(value, total=True, currency=currency, negative_format=negative_format)
    assert got == expected


@pytest.mark.parametrize(
    ("value", "total", "options", "expected"),
    [
        # negative values that round to zero digits print without a sign
        (D("-0.004"), True, {}, "$0.00"),
        (D("-0.004"), True, {"negative_format": "parentheses"}, "$0.00"),
        (D("-0.004"), False, {}, "0.00"),
        (D("-0.004"), False, {"negative_format": "parentheses"}, "0.00"),
        (D("-0.004"), False, {"format_money": "always"}, "$0.00"),
        (D("-0.4"), True, {"precision": 0}, "$0"),
        (D("-0.4"), False, {"precision": 0}, "0"),
        (D("-0.00004"), True, {"precision": 4}, "$0.0000"),
        (D("-0.4"), True, {"divide_on1000": True}, "$0.00"),
        # ...but just past the half-up boundary they keep it
        (D("-0.005"), True, {}, "-$0.01"),
        (D("-0.005"), True, {"negative_format": "parentheses"}, "($0.01)"),
        (D("-0.5"), False, {"precision": 0}, "-1"),
        (D("-0.00005"), False, {"precision": 4}, "-0.0001"),
    ],
)
def test_negative_rounding_to_zero(value, total, options, expected):
    assert fa(value, total=total, **options) == expected


# --------------------------------------------------------------------------
# Currency symbols
# --------------------------------------------------------------------------


def test_currency_symbol_table():
    assert CURRENCY_SYMBOLS == {
        "USD": "$",
        "EUR": "€",
        "GBP": "£",
        "JPY": "¥",
        "INR": "₹",
        "NGN": "₦",
        "GHS": "GH₵",
        "KES": "KSh",
    }


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("USD", "$"),
        ("EUR", "€"),
        ("GBP", "£"),
        ("JPY", "¥"),
        ("INR", "₹"),
        ("NGN", "₦"),
        ("GHS", "GH₵"),
        ("KES", "KSh"),
        ("CHF", "CHF "),
        ("AUD", "AUD "),
        ("usd", "$"),
        (" eur ", "€"),
        ("chf", "CHF "),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_currency_prefix(code, expected):
    assert currency_prefix(code) == expected


@pytest.mark.parametrize(
    ("currency", "expected"),
    [
        ("USD", "$1,234.50"),
        ("EUR", "€1,234.50"),
        ("GBP", "£1,234.50"),
        ("JPY", "¥1,234.50"),
        ("INR", "₹1,234.50"),
        ("NGN", "₦1,234.50"),
        ("GHS", "GH₵1,234.50"),
        ("KES", "KSh1,234.50"),
        ("CHF", "CHF 1,234.50"),
        ("AUD", "AUD 1,234.50"),
        ("", "1,234.50"),
        (None, "1,234.50"),
    ],
)
def test_currency_on_total_cells(currency, expected):
    assert fa(D("1234.5"), total=True, currency=currency) == expected


@pytest.mark.parametrize(
    ("currency", "expected"),
    [
        ("USD", "$1,234,567.00"),
        ("EUR", "€1,234,567.00"),
        ("GBP", "£1,234,567.00"),
        ("JPY", "¥1,234,567.00"),
        ("INR", "₹1,234,567.00"),
        ("NGN", "₦1,234,567.00"),
        ("GHS", "GH₵1,234,567.00"),
        ("KES", "KSh1,234,567.00"),
        ("CHF", "CHF 1,234,567.00"),
    ],
)
def test_currency_on_customer_cells_with_always(currency, expected):
    got = fa(D("1234567"), total=False, currency=currency, format_money="always")
    assert got == expected


@pytest.mark.parametrize("currency", ["USD", "EUR", "GHS", "CHF", None])
def test_customer_cells_hide_currency_by_default(currency):
    assert fa(D("1234567"), total=False, currency=currency) == "1,234,567.00"


def test_jpy_with_precision_zero():
    assert fa(D("1234.5"), total=True, currency="JPY", precision=0) == "¥1,235"


# --------------------------------------------------------------------------
# money_cell
# --------------------------------------------------------------------------


def test_money_cell_keeps_exact_amount():
    value = D("1234.5678")
    cell = money_cell(value, DEFAULT, currency="EUR", total=True)
    assert cell == {"amount": D("1234.5678"), "formatted_amount": "€1,234.57"}
    assert isinstance(cell["amount"], Decimal)
    assert str(cell["amount"]) == "1234.5678"


def test_money_cell_keeps_trailing_zeros_of_amount():
    cell = money_cell(D("5000.00"), DEFAULT, currency="USD", total=False)
    assert str(cell["amount"]) == "5000.00"
    assert cell["formatted_amount"] == "5,000.00"


def test_money_cell_negative_parentheses():
    fmt = NumberFormat(negative_format="parentheses", precision=0)
    cell = money_cell(D("-1234.5"), fmt, currency="GBP", total=True)
    assert cell == {"amount": D("-1234.5"), "formatted_amount": "(£1,235)"}


def test_money_cell_blank_customer_zero():
    cell = money_cell(D("0"), DEFAULT, currency="USD", total=False)
    assert cell == {"amount": D("0"), "formatted_amount": ""}
    assert list(cell) == ["amount", "formatted_amount"]


def test_int_is_accepted_as_exact_money():
    assert fa(5000, total=True) == "$5,000.00"
    assert fa(0, total=False) == ""
    cell = money_cell(-1234, DEFAULT, currency="USD", total=True)
    assert cell == {"amount": D("-1234"), "formatted_amount": "-$1,234.00"}
    assert isinstance(cell["amount"], Decimal)


# --------------------------------------------------------------------------
# Rejected input
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1.5, 0.0, -2.345, float("nan"), float("inf"), True, "12.50", None])
def test_non_decimal_values_are_rejected(value):
    with pytest.raises(TypeError, match="never float"):
        format_amount(value, DEFAULT, currency="USD", total=True)
    with pytest.raises(TypeError, match="never float"):
        money_cell(value, DEFAULT, currency="USD", total=False)


@pytest.mark.parametrize("value", [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity")])
def test_non_finite_decimals_are_rejected(value):
    with pytest.raises(ValueError, match="finite"):
        format_amount(value, DEFAULT, currency="USD", total=True)
    with pytest.raises(ValueError, match="finite"):
        money_cell(value, DEFAULT, currency="USD", total=True)


def test_fmt_must_be_number_format():
    with pytest.raises(TypeError, match="NumberFormat"):
        format_amount(D("1"), {"precision": 2}, currency="USD", total=True)


@pytest.mark.parametrize("total", [1, 0, None, "yes"])
def test_total_must_be_bool(total):
    with pytest.raises(TypeError, match="total"):
        format_amount(D("1"), DEFAULT, currency="USD", total=total)


@pytest.mark.parametrize("code", [840, b"USD"])
def test_currency_code_must_be_str(code):
    with pytest.raises(TypeError, match="currency"):
        currency_prefix(code)
    with pytest.raises(TypeError, match="currency"):
        format_amount(D("1"), DEFAULT, currency=code, total=True)


def test_arguments_after_fmt_are_keyword_only():
    with pytest.raises(TypeError):
        format_amount(D("1"), DEFAULT, "USD", True)
    with pytest.raises(TypeError):
        money_cell(D("1"), DEFAULT, "USD", True)


# --------------------------------------------------------------------------
# NumberFormat
# --------------------------------------------------------------------------


def test_number_format_defaults():
    fmt = NumberFormat()
    assert fmt.precision == 2
    assert fmt.divide_on1000 is False
    assert fmt.show_zero is False
    assert fmt.format_money == "total"
    assert fmt.negative_format == "mines"


def test_number_format_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.precision = 3


@pytest.mark.parametrize("precision", [0, 1, 2, 3, 4, 10])
def test_valid_precisions(precision):
    assert NumberFormat(precision=precision).precision == precision


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"precision": -1}, r"precision must be an int from 0 to 10, got -1"),
        ({"precision": 11}, r"precision must be an int from 0 to 10, got 11"),
        ({"precision": 1.5}, r"precision must be an int from 0 to 10, got 1\.5"),
        ({"precision": True}, r"precision must be an int from 0 to 10, got True"),
        ({"precision": "2"}, r"precision must be an int from 0 to 10, got '2'"),
        ({"precision": None}, r"precision must be an int from 0 to 10, got None"),
        (
            {"divide_on1000": "yes"},
            r"divide_on1000 must be a bool \(True or False\), got 'yes'",
        ),
        (
            {"divide_on1000": 1},
            r"divide_on1000 must be a bool \(True or False\), got 1",
        ),
        (
            {"show_zero": None},
            r"show_zero must be a bool \(True or False\), got None",
        ),
        (
            {"format_money": "TOTAL"},
            r"format_money must be one of 'total', 'always', 'none', got 'TOTAL'",
        ),
        (
            {"format_money": ""},
            r"format_money must be one of 'total', 'always', 'none', got ''",
        ),
        (
            {"format_money": "never"},
            r"format_money must be one of 'total', 'always', 'none', got 'never'",
        ),
        (
            {"negative_format": "minus"},
            r"negative_format must be one of 'mines', 'parentheses', got 'minus'",
        ),
        (
            {"negative_format": "-"},
            r"negative_format must be one of 'mines', 'parentheses', got '-'",
        ),
        (
            {"negative_format": None},
            r"negative_format must be one of 'mines', 'parentheses', got None",
        ),
    ],
)
def test_number_format_validation(options, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        NumberFormat(**options)


def test_result_does_not_depend_on_the_ambient_decimal_context():
    with localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_DOWN
        assert fa(D("2.345"), total=True) == "$2.35"
        assert fa(D("-1234567.895"), total=True) == "-$1,234,567.90"
        assert fa(D("1234567"), total=False, divide_on1000=True) == "1,234.57"
