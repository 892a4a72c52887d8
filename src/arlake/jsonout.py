"""JSON output with exact numbers: a Decimal is written as its exact decimal text (never through float), so
money stays exact until it is a JSON number. Streams: large reports are written piece by piece."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any


def number_text(value: Decimal) -> str:
    """Exact JSON number text for a finite Decimal: no exponent, no trailing zeros (5000.00 -> 5000, 0.50 -> 0.5)."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def iter_json(value: Any, indent: int | None = 2, _level: int = 0) -> Iterator[str]:
    """Yield the JSON text of `value` in pieces. Dicts, lists/tuples and any other iterable become objects/arrays."""
    if value is None or isinstance(value, bool | str):
        yield json.dumps(value, ensure_ascii=False)
    elif isinstance(value, int):
        yield str(value)
    elif isinstance(value, Decimal):
        yield number_text(value)
    elif isinstance(value, float):
        yield json.dumps(value)
    elif isinstance(value, dt.datetime | dt.date):
        yield json.dumps(value.isoformat())
    elif isinstance(value, Rows):
        first = True
        yield "["
        for row in value.rows:
            yield ("\n" if first else ",\n") + flat_object(row)
            first = False
        yield "]" if first else "\n]"
    elif isinstance(value, dict):
        yield from _container("{", "}", value.items(), indent, _level, keyed=True)
    elif isinstance(value, Iterable):
        yield from _container("[", "]", value, indent, _level, keyed=False)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _container(open_: str, close: str, items: Iterable[Any], indent: int | None, level: int, *, keyed: bool):
    pad = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end_pad = "" if indent is None else "\n" + " " * (indent * level)
    sep = ": " if indent is not None else ":"
    first = True
    yield open_
    for item in items:
        yield ("" if first else ",") + pad
        first = False
        if keyed:
            key, val = item
            yield json.dumps(str(key), ensure_ascii=False) + sep
            yield from iter_json(val, indent, level + 1)
        else:
            yield from iter_json(item, indent, level + 1)
    yield ("" if first else end_pad) + close


def flat_object(row: dict[str, Any]) -> str:
    """One flat object (values: str, int, bool, None, Decimal) on one line, fast: the C encoder does the
    strings, Decimals keep their exact text."""
    parts = []
    for key, value in row.items():
        if isinstance(value, Decimal):
            text = number_text(value)
        else:
            text = json.dumps(value, ensure_ascii=False)
        parts.append(f"{json.dumps(key)}: {text}")
    return "{" + ", ".join(parts) + "}"


class Rows:
    """A large array of flat objects, written one object per line while it is produced (for streaming)."""

    def __init__(self, rows: Iterable[dict[str, Any]]):
        self.rows = rows

    def __iter__(self):
        return iter(self.rows)


def dumps(value: Any, indent: int | None = 2) -> str:
    return "".join(iter_json(value, indent))


def dump(value: Any, stream: IO[str], indent: int | None = 2) -> None:
    for piece in iter_json(value, indent):
        stream.write(piece)
    stream.write("\n")
