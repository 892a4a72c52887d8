"""The HTTP server's strict query-string reading: names of the source documents mapped to report parameters, each
value converted by the report's own declaration; no data needed."""

from __future__ import annotations

import datetime as dt

import pytest

from arlake.server.app import MAX_QUERY_BYTES, ApiError, collect_parameters, parse_query
from arlake.server.endpoints import VENDOR_ENDPOINTS, endpoints

BY_PATH = {e.path: e for e in VENDOR_ENDPOINTS}
BIGCAPITAL = BY_PATH["/api/reports/receivable-aging-summary"]
INVOICES = BY_PATH["/v1/invoices"]
BUILT = BY_PATH["/api/v3/reports/aged-receivables/list"]


def _collect(endpoint, query: bytes):
    return collect_parameters(endpoint, parse_query(query))


def _status(endpoint, query: bytes) -> tuple[int, str]:
    with pytest.raises(ApiError) as caught:
        _collect(endpoint, query)
    return caught.value.status, caught.value.message


def test_camel_and_snake_names_and_bracketed_lists():
    got = _collect(
        BIGCAPITAL,
        b"asDate=2025-06-30&agingDaysBefore=15&aging_periods=5&showZero=true&formatMoney=always"
        b"&customersIds[]=c1&customersIds[]=c%202&branches_ids=b1",
    )
    assert got == {
        "as_date": dt.date(2025, 6, 30),
        "aging_days_before": 15,
        "aging_periods": 5,
        "show_zero": True,
        "format_money": "always",
        "customers_ids": ["c1", "c 2"],
        "branches_ids": ["b1"],
    }


def test_empty_values_are_not_given():
    # Built.africa's own example request is `?date&range=`.
    assert _collect(BUILT, b"date&range=") == {}
    assert _collect(INVOICES, b"page=&status=&status=open") == {"status": ["open"]}


def test_refused_queries_name_the_parameter():
    cases = {
        b"page=-1": "page",
        b"page=abc": "page",
        b"page=100000000000000000000": "page",
        b"page=%D9%A3": "page",  # an Arabic-Indic digit is no ASCII digit
        b"limit=0": "limit",
        b"limit=201": "limit",  # oversized pages
        b"as_of=0000-00-00": "as_of",
        b"as_of=2025-02-30": "as_of",
        b"page=1&page=2": "page",
        b"sort_by=colour": "sort_by",
        b"colour=red": "colour",
        b"task=tsk_1": "task",
        b"istatus=x": "istatus",
    }
    for query, name in cases.items():
        status, message = _status(INVOICES, query)
        assert status == 400 and name in message, (query, message)
    status, message = _status(BIGCAPITAL, b"asDate=2025-06-30&as_date=2025-06-30")
    assert status == 400 and "asDate" in message and "as_date" in message
    status, message = _status(BUILT, b"range=0")
    assert status == 400 and "range" in message
    status, message = _status(
        BY_PATH["/v1/businesses/{businessId}/invoices/ar-aging"], b"effective_date=9999-12-31T99:99"
    )
    assert status == 400 and "effective_date" in message


def test_bytes_that_are_not_utf8_and_long_queries():
    assert _status(INVOICES, b"number=%FF")[0] == 400
    assert _status(INVOICES, b"number=\xff\xfe")[0] == 400
    assert _collect(INVOICES, "number=Nº%201".encode()) == {"number": ["Nº 1"]}
    assert _status(INVOICES, b"number=" + b"x" * MAX_QUERY_BYTES)[0] == 414
    assert _status(INVOICES, b"&".join([b"number"] * 1001))[0] == 400  # 7,006 bytes, 1,001 fields


def test_every_report_is_served_with_its_own_parameter_names():
    from arlake.reports import REPORTS

    paths = {e.path for e in endpoints()}
    for name, module in REPORTS.items():
        assert f"/arlake/v1/reports/{name}" in paths
        endpoint = next(e for e in endpoints() if e.path == f"/arlake/v1/reports/{name}")
        assert set(endpoint.query) == {p.name for p in module.PARAMS}
