"""Report parameters: one declaration per parameter, validated the same way from the CLI (strings) and from
Python (values). Every error names the parameter and what is allowed (exit code 2).

Every date parameter (a date or a date-time whose UTC date is used) lies in DATE_MIN..DATE_MAX, and every integer
parameter has a minimum and a maximum, so nothing a user types can overflow a date or run for hours. Integers are
ASCII digits with an optional sign: `²` or Arabic-Indic digits are refused, never read as numbers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import ParameterError

TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
DATE_RANGE = f"from {DATE_MIN.isoformat()} to {DATE_MAX.isoformat()}"
_INTEGER = re.compile(r"[+-]?[0-9]{1,30}")  # ASCII only: str.isdigit() and int() accept other scripts' digits


def in_date_range(day: dt.date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


def parse_day(text: str) -> dt.date | None:
    """A `YYYY-MM-DD` text in ASCII digits within DATE_MIN..DATE_MAX, else None."""
    if not (isinstance(text, str) and len(text) == 10 and text.isascii()):
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if in_date_range(day) else None


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class Param:
    """A report parameter. kind: date, datetime_date (a date-time whose date is used), int, bool, choice, str, list."""

    name: str
    kind: str
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    help: str = ""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("__", "_").replace(
            "_", "-"
        )  # business_unit_id__in: --business-unit-id-in

    def default_value(self) -> Any:
        value = self.default() if callable(self.default) else self.default
        return list(value) if isinstance(value, list | tuple) else value

    def describe(self) -> str:
        if self.kind in ("date",):
            return f"a date YYYY-MM-DD {DATE_RANGE}"
        if self.kind == "datetime_date":
            return f"a date YYYY-MM-DD or an ISO 8601 date-time, its UTC date {DATE_RANGE}"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "int":
            lo = "" if self.minimum is None else f" >= {self.minimum}"
            hi = "" if self.maximum is None else f" <= {self.maximum}"
            return "an integer" + (lo + (" and" if lo and hi else "") + hi if lo or hi else "")
        if self.kind == "list":
            return "a list of ids (repeat the flag)"
        return "a string"

    def error(self, value: Any) -> ParameterError:
        return ParameterError(
            f"invalid value {value!r} for parameter {self.name} ({self.flag}): expected {self.describe()}"
        )

    def convert(self, value: Any) -> Any:
        if value is None:
            return self.default_value()
        kind = self.kind
        if kind == "date":
            return self._date(value)
        if kind == "datetime_date":
            return self._datetime_date(value)
        if kind == "int":
            return self._int(value)
        if kind == "bool":
            return self._bool(value)
        if kind == "choice":
            if value not in self.choices:
                raise self.error(value)
            return value
        if kind == "list":
            items = (
                [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else None
            )
            if items is None or not all(isinstance(i, str | int) and not isinstance(i, bool) for i in items):
                raise self.error(value)
            return [str(i) for i in items]
        if kind == "str":
            if not isinstance(value, str) or not value:
                raise self.error(value)
            return value
        raise AssertionError(f"unknown parameter kind {kind}")

    def _date(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            raise self.error(value)
        if isinstance(value, dt.date):
            if in_date_range(value):
                return value
            raise self.error(value)
        day = parse_day(value) if isinstance(value, str) else None
        if day is None:
            raise self.error(value)
        return day

    def _datetime_date(self, value: Any) -> dt.date:
        day = None
        try:
            if isinstance(value, dt.datetime):
                day = value.astimezone(dt.UTC).date() if value.tzinfo else value.date()
            elif isinstance(value, dt.date):
                day = value
            elif isinstance(value, str) and value.strip().isascii():
                text = value.strip()
                if len(text) == 10:
                    day = dt.date.fromisoformat(text)
                else:
                    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
                    day = parsed.astimezone(dt.UTC).date() if parsed.tzinfo else parsed.date()
        except (ValueError, OverflowError):  # OverflowError: a zone shift past year 1 or 9999
            day = None
        if day is None or not in_date_range(day):
            raise self.error(value)
        return day

    def _int(self, value: Any) -> int:
        if isinstance(value, bool):
            raise self.error(value)
        if isinstance(value, str):
            text = value.strip()
            if not _INTEGER.fullmatch(text):
                raise self.error(value)
            value = int(text)
        if not isinstance(value, int):
            raise self.error(value)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            raise self.error(value)
        return value

    def _bool(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        raise self.error(value)


def validate(params: tuple[Param, ...], given: dict[str, Any], report: str) -> dict[str, Any]:
    """Convert `given` (names -> values or strings; None = not given) into the typed parameters, defaults applied."""
    by_name = {p.name: p for p in params}
    unknown = sorted(set(given) - set(by_name))
    if unknown:
        allowed = ", ".join(p.name for p in params)
        raise ParameterError(f"unknown parameter {unknown[0]} for report {report}; allowed: {allowed}")
    return {p.name: p.convert(given.get(p.name)) for p in params}
