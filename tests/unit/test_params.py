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


@pytest.mark.parametrize(
    ("name", "given", "ok"),
    [
        ("as_date", "1900-01-01", True),
        ("as_date", "2199-12-31", True),
        ("as_date", "1899-12-31", False),
        ("as_date", "2200-01-01", False),
        ("as_date", dt.date(1, 1, 1), False),
        ("as_date", dt.date(9999, 12, 31), False),
        ("as_date", "２０２５-01-01", False),  # full-width digits
        ("effective_date", "2199-12-31T18:59:59-05:00", True),  # 23:59:59 UTC on the last day
        ("effective_date", "2199-12-31T19:00:00-05:00", False),  # 2200-01-01 UTC
        ("effective_date", "9999-12-31T23:59:59-05:00", False),  # past year 9999 in UTC: no traceback
        ("effective_date", "0001-01-01T00:00:00+05:00", False),  # before year 1 in UTC
        ("effective_date", dt.datetime(2200, 1, 1, 1, tzinfo=dt.UTC), False),
        ("limit", "+7", True),
        ("limit", "²", False),
        ("limit", "٣", False),
        ("limit", "9" * 5000, False),  # longer than int() accepts: refused, not a ValueError traceback
    ],
)
def test_ranges_and_digits(name, given, ok):
    if ok:
        validate(PARAMS, {name: given}, "r")
    else:
        with pytest.raises(ParameterError) as err:
            validate(PARAMS, {name: given}, "r")
        assert name in str(err.value) and err.value.exit_code == 2


def test_every_report_parameter_has_a_documented_range():
    from arlake.reports import REPORTS

    assert REPORTS
    for report in REPORTS.values():
        for p in report.PARAMS:
            if p.kind == "int":
                assert p.minimum is not None and p.maximum is not None, (report.NAME, p.name)
                assert f">= {p.minimum} and <= {p.maximum}" in p.describe()
            if p.kind in ("date", "datetime_date"):
                assert "from 1900-01-01 to 2199-12-31" in p.describe(), (report.NAME, p.name)
