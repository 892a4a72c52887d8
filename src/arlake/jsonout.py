"""JSON output. Every report is a JSON document written by orjson; money stays exact (a Decimal is written as its
exact decimal text, never through a float); the large shapes are assembled by DuckDB in the same query that reads
the numbers and reach this module as ready JSON text, which is passed through untouched. A document is a sequence
of bytes pieces, produced as they are read, so a large report streams."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import orjson

CHUNK_BYTES = 1 << 20  # pieces of a streamed array are joined up to about this size before they are written


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"not a finite number: {value}")
        return orjson.Fragment(format(value, "f"))
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(value: Any) -> bytes:
    """The compact JSON of `value`; Decimals keep their exact text, `raw(...)` parts are written as they are."""
    return orjson.dumps(value, default=_default)


def raw(text: str | bytes) -> orjson.Fragment:
    """JSON text produced elsewhere (by DuckDB), to be placed in a document as it is."""
    return orjson.Fragment(text)


def parse(text: bytes | str) -> Any:
    """A document back as Python values: non-integer numbers as exact Decimals."""
    return json.loads(text, parse_float=Decimal)


class Output:
    """A report's JSON document as bytes pieces, produced lazily. Iterate once (the pieces are written as they
    come, so a large report streams); what the report holds open (a cursor, a warehouse) is released when the
    pieces are exhausted or `close()` is called."""

    def __init__(self, pieces: Iterable[bytes], on_close: Callable[[], None] | None = None):
        self._pieces = pieces
        self._on_close: list[Callable[[], None]] = [on_close] if on_close else []
        self._closed = False

    def also_on_close(self, callback: Callable[[], None]) -> Output:
        self._on_close.append(callback)
        return self

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._pieces
        finally:
            self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        close = getattr(self._pieces, "close", None)
        if close is not None:
            close()
        for callback in reversed(self._on_close):
            callback()

    def to_bytes(self) -> bytes:
        return b"".join(self)

    def to_python(self) -> Any:
        return parse(self.to_bytes())


def document(value: Any, on_close: Callable[[], None] | None = None) -> Output:
    """An Output of one value, encoded at once."""
    return Output([dumps(value)], on_close)


def array(items: Iterable[str | bytes]) -> Iterator[bytes]:
    """The JSON array of `items` (each a JSON text), one item per line, in pieces of about CHUNK_BYTES."""
    buffer: list[bytes] = []
    size = 0
    first = True
    yield b"["
    for item in items:
        data = item.encode() if isinstance(item, str) else item
        buffer.append(data if first else b",\n" + data)
        first = False
        size += len(data) + 2
        if size >= CHUNK_BYTES:
            yield b"".join(buffer)
            buffer.clear()
            size = 0
    if buffer:
        yield b"".join(buffer)
    yield b"]"


def fetched_texts(cursor, batch_rows: int = 10_000) -> Iterator[str]:
    """The first column of every row of an executed cursor (JSON texts), fetched in batches."""
    while batch := cursor.fetchmany(batch_rows):
        for (text,) in batch:
            yield text
