"""Exact JSON numbers: Decimals are written from their decimal text, never through float; documents stream in
pieces and parse back with exact Decimals."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from arlake import jsonout


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("5000.00"), b"5000.00"),
        (Decimal("0.10"), b"0.10"),
        (Decimal("-12.50"), b"-12.50"),
        # 0.1 + 0.2 in float would print 0.30000000000000004; exact decimals do not.
        (Decimal("0.1") + Decimal("0.2"), b"0.3"),
        (Decimal("12345678901234567.89"), b"12345678901234567.89"),
        (Decimal("1E+3"), b"1000"),
    ],
)
def test_decimals_keep_their_exact_text(value, text):
    assert jsonout.dumps(value) == text
    assert jsonout.parse(jsonout.dumps({"x": value}))["x"] == value


def test_documents_mix_values_dates_and_raw_json():
    doc = {"a": [1, None, True], "d": dt.date(2025, 6, 30), "r": jsonout.raw('[{"x":1.50}]')}
    text = jsonout.dumps(doc)
    assert text == b'{"a":[1,null,true],"d":"2025-06-30","r":[{"x":1.50}]}'
    assert jsonout.parse(text)["r"][0]["x"] == Decimal("1.50")


def test_non_finite_and_unknown_values_are_refused():
    with pytest.raises(TypeError):
        jsonout.dumps(Decimal("NaN"))
    with pytest.raises(TypeError):
        jsonout.dumps(object())


def test_arrays_stream_one_item_per_line_in_pieces(monkeypatch):
    monkeypatch.setattr(jsonout, "CHUNK_BYTES", 10)
    pieces = list(jsonout.array(f'{{"n":{i}}}' for i in range(5)))
    assert len(pieces) > 3  # written as it goes, not at once
    text = b"".join(pieces)
    assert text == b'[{"n":0},\n{"n":1},\n{"n":2},\n{"n":3},\n{"n":4}]'
    assert json.loads(text) == [{"n": i} for i in range(5)]
    assert b"".join(jsonout.array([])) == b"[]"


def test_output_releases_what_it_holds_once_read_or_closed():
    released = []
    out = jsonout.Output(iter([b'{"a":', b"1}"]), lambda: released.append("first"))
    out.also_on_close(lambda: released.append("second"))
    assert out.to_python() == {"a": 1}
    assert released == ["second", "first"]  # the last acquired is released first
    out.close()
    assert released == ["second", "first"]  # once

    unread = jsonout.Output(iter([b"[]"]), lambda: released.append("unread"))
    unread.close()
    assert released[-1] == "unread"
