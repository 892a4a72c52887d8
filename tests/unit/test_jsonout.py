"""Exact JSON numbers: Decimals are written from their decimal text, never through float."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from arlake import jsonout


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("5000.00"), "5000"),
        (Decimal("0.10"), "0.1"),
        (Decimal("-12.50"), "-12.5"),
        (Decimal("0.00"), "0"),
        (Decimal("-0.00"), "0"),
        # 0.1 + 0.2 in float would print 0.30000000000000004; exact decimals do not.
        (Decimal("0.1") + Decimal("0.2"), "0.3"),
        (Decimal("12345678901234567.89"), "12345678901234567.89"),
        (Decimal("1E+3"), "1000"),
    ],
)
def test_number_text_is_exact(value, text):
    assert jsonout.number_text(value) == text


def test_nested_document_round_trips_through_json():
    doc = {
        "a": [1, Decimal("2.50"), None, True, "é"],
        "b": {"d": dt.date(2025, 6, 30), "empty": {}, "none": []},
        "c": (x for x in [Decimal("1.10")]),
    }
    text = jsonout.dumps(doc)
    assert json.loads(text) == {
        "a": [1, 2.5, None, True, "é"],
        "b": {"d": "2025-06-30", "empty": {}, "none": []},
        "c": [1.1],
    }
    assert "2.5" in text and "é" in text
    assert jsonout.dumps([Decimal("1.10")], indent=None) == "[1.1]"


def test_dump_writes_to_a_stream_with_newline():
    out = io.StringIO()
    jsonout.dump({"x": Decimal("1")}, out, indent=None)
    assert out.getvalue() == '{"x":1}\n'


def test_non_finite_and_unknown_types_are_refused():
    with pytest.raises(ValueError):
        jsonout.dumps(Decimal("NaN"))
    with pytest.raises(TypeError):
        jsonout.dumps(object())


def test_rows_stream_one_flat_object_per_line():
    rows = jsonout.Rows(
        iter([{"a": 1, "b": Decimal("2.50"), "c": None}, {"a": 2, "b": Decimal("-0.10"), "c": "x"}])
    )
    text = jsonout.dumps({"data": rows})
    assert text == '{\n  "data": [\n{"a": 1, "b": 2.5, "c": null},\n{"a": 2, "b": -0.1, "c": "x"}\n]\n}'
    assert json.loads(text) == {"data": [{"a": 1, "b": 2.5, "c": None}, {"a": 2, "b": -0.1, "c": "x"}]}
    assert jsonout.dumps({"data": jsonout.Rows([])}) == '{\n  "data": []\n}'
