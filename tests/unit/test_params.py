"""Report parameter validation: typed values, defaults, and errors that name the parameter (exit 2)."""

from __future__ import annotations

import datetime as dt

import pytest

from arlake.errors import ParameterError
from arlake.reports.params import Param, validate

PARAMS = (
    Param("as_date", "date", default=lambda: dt.date(2030, 1, 2)),
    Param("effective_date", "datetime_date", default=None),
    Param("aging_periods", "int", default=3, minimum=1),
    Param("limit", "int", default=50, minimum=1, maximum=200),
    Param("show_zero", "bool", default=False),
    Param("format_money", "choice", default="total", choices=("total", "always", "none")),
    Param("customers_ids", "list", default=()),
)


def test_defaults_apply_when_not_given():
    assert validate(PARAMS, {}, "r") == {
        "as_date": dt.date(2030, 1, 2),
        "effective_date": None,
        "aging_periods": 3,
        "limit": 50,
        "show_zero": False,
        "format_money": "total",
        "customers_ids": [],
    }


@pytest.mark.parametrize(
    ("name", "given", "expected"),
    [
        ("as_date", "2025-06-30", dt.date(2025, 6, 30)),
        ("as_date", dt.date(2025, 6, 30), dt.date(2025, 6, 30)),
        ("effective_date", "2025-06-30", dt.date(2025, 6, 30)),
        ("effective_date", "2025-06-30T23:30:00Z", dt.date(2025, 6, 30)),
        # 01:30 at +05:00 is 20:30 UTC the day before: the UTC date is used.
        ("effective_date", "2025-07-01T01:30:00+05:00", dt.date(2025, 6, 30)),
        ("aging_periods", "4", 4),
        ("aging_periods", 4, 4),
        ("limit", "200", 200),
        ("show_zero", "true", True),
        ("show_zero", "FALSE", False),
        ("show_zero", True, True),
        ("format_money", "always", "always"),
        ("customers_ids", ["a", "b"], ["a", "b"]),
        ("customers_ids", "a", ["a"]),
        ("customers_ids", [7], ["7"]),
    ],
)
def test_values_are_converted(name, given, expected):
    assert validate(PARAMS, {name: given}, "r")[name] == expected


@pytest.mark.parametrize(
    ("name", "given", "expected_text"),
    [
        ("as_date", "2025-13-01", "expected a date YYYY-MM-DD"),
        ("as_date", "30/06/2025", "expected a date YYYY-MM-DD"),
        ("as_date", dt.datetime(2025, 6, 30, 1), "expected a date YYYY-MM-DD"),
        ("effective_date", "yesterday", "ISO 8601"),
        ("aging_periods", "0", "an integer >= 1"),
        ("aging_periods", "2.5", "an integer >= 1"),
        ("aging_periods", True, "an integer >= 1"),
        ("limit", "201", "an integer >= 1 and <= 200"),
        ("show_zero", "maybe", "true or false"),
        ("format_money", "sometimes", "one of total, always, none"),
        ("customers_ids", [1.5], "a list of ids"),
    ],
)
def test_bad_values_name_the_parameter_and_what_is_allowed(name, given, expected_text):
    with pytest.raises(ParameterError) as err:
        validate(PARAMS, {name: given}, "r")
    assert name in str(err.value) and expected_text in str(err.value)
    assert err.value.exit_code == 2


def test_unknown_parameter_lists_the_allowed_ones():
    with pytest.raises(ParameterError, match="unknown parameter colour for report r; allowed: as_date"):
        validate(PARAMS, {"colour": "red"}, "r")


def test_flags_are_kebab_case():
    assert [p.flag for p in PARAMS][:3] == ["--as-date", "--effective-date", "--aging-periods"]
