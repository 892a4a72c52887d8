"""The HTTP API in process (the real FastAPI app on the real built warehouse of tests/api_data.py): every path
answers the same bytes as `arlake report`, keys and tenants, bad input, errors, and responses that match the
OpenAPI document."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jsonschema
import pytest
from api_data import AS_OF
from fastapi.testclient import TestClient
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from arlake.server import app as app_module
from arlake.server.app import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data(api_warehouse):
    return api_warehouse


def _key(cli, data: Path, *organizations: str) -> str:
    result = cli(
        "keys", "create", *[a for o in organizations for a in ("--organization-id", o)], "--data", data
    )
    assert result.code == 0, result
    return result.out.strip()


@pytest.fixture(scope="module")
def keys(data):
    from arlake.server.keys import create_key

    return {
        "a": create_key(data, ["org_a"])[0],
        "b": create_key(data, ["org_b"])[0],
        "ab": create_key(data, ["org_a", "org_b"])[0],
    }


@pytest.fixture(scope="module")
def app(data):
    return create_app(data)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as client:
        yield client


def _get(client, url: str, key: str | None, **headers: str):
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    return client.get(url, headers=headers)


# Each path with parameters of its source document, and the same report on the command line.
SAME_AS_CLI = [
    (
        f"/v2/analytics/collections/summary-by-customer?as_of={AS_OF}&interval=weekly",
        ["collections-summary-by-customer", "--as-of", AS_OF, "--interval", "weekly"],
    ),
    (
        f"/v2/analytics/collections/summary-by-customer?as_of={AS_OF}&business_unit_id__in=bu1&from=2025-03-01",
        [
            "collections-summary-by-customer",
            "--as-of",
            AS_OF,
            "--business-unit-id-in",
            "bu1",
            "--from",
            "2025-03-01",
        ],
    ),
    (
        f"/v1/invoices?as_of={AS_OF}&page=0&limit=3&sort_by=amount_due&sort_order=asc"
        "&status=open&status=overdue&amount_remaining=gte:100.00&issued_at=gte:2025-03-01&has_outreach=false",
        [
            "invoices",
            "--as-of",
            AS_OF,
            "--page",
            "0",
            "--limit",
            "3",
            "--sort-by",
            "amount_due",
            "--sort-order",
            "asc",
            "--status",
            "open",
            "--status",
            "overdue",
            "--amount-remaining",
            "gte:100.00",
            "--issued-at",
            "gte:2025-03-01",
            "--has-outreach",
            "false",
        ],
    ),  # fmt: skip
    (
        f"/v1/invoices?as_of={AS_OF}&page=1&limit=2",
        ["invoices", "--as-of", AS_OF, "--page", "1", "--limit", "2"],
    ),
    (
        f"/api/reports/receivable-aging-summary?asDate={AS_OF}&agingDaysBefore=20&agingPeriods=4&precision=1"
        "&divideOn1000=true&showZero=true&formatMoney=always&negativeFormat=parentheses&noneZero=true"
        "&customersIds[]=c_acme&customersIds[]=c_zero&branchesIds=br1",
        [
            "receivable-aging-summary",
            "--as-date",
            AS_OF,
            "--aging-days-before",
            "20",
            "--aging-periods",
            "4",
            "--precision",
            "1",
            "--divide-on1000",
            "true",
            "--show-zero",
            "true",
            "--format-money",
            "always",
            "--negative-format",
            "parentheses",
            "--none-zero",
            "true",
            "--customers-ids",
            "c_acme",
            "--customers-ids",
            "c_zero",
            "--branches-ids",
            "br1",
        ],
    ),  # fmt: skip
    (
        f"/api/reports/receivable-aging-summary?as_date={AS_OF}&aging_periods=2&format_money=none",
        ["receivable-aging-summary", "--as-date", AS_OF, "--aging-periods", "2", "--format-money", "none"],
    ),
    (
        f"/api/v3/reports/aged-receivables/list?date={AS_OF}&range=45",
        ["aged-receivables", "--date", AS_OF, "--range", "45"],
    ),
    (
        f"/v1/businesses/org_a/invoices/ar-aging/customer/c_acme?effective_date={AS_OF}T23:00:00Z",
        [
            "customer-aging-detail",
            "--business-id",
            "org_a",
            "--customer-id",
            "c_acme",
            "--effective-date",
            AS_OF,
        ],
    ),
    (
        f"/v1/businesses/org_a/invoices/ar-aging?effective_date={AS_OF}",
        ["ar-aging", "--business-id", "org_a", "--effective-date", AS_OF],
    ),
    (f"/v1/analytics/collections/aging-balance?as_of={AS_OF}", ["aging-balance", "--as-of", AS_OF]),
    (
        f"/v1/analytics/collections/summary?as_of={AS_OF}&interval=all",
        ["collections-summary", "--as-of", AS_OF, "--interval", "all"],
    ),
    (f"/v1/analytics/collections/summary?as_of={AS_OF}", ["collections-summary", "--as-of", AS_OF]),
    (
        f"/arlake/v1/reports/dso?as_of={AS_OF}&customer_id=c_bolt&from=2025-03-01",
        ["dso", "--as-of", AS_OF, "--customer-id", "c_bolt", "--from", "2025-03-01"],
    ),
]


def _cli_args(args: list[str]) -> list[str]:
    """The command line names the organization; over HTTP it is the key's only one."""
    flag = "--business-id" if args[0] in ("customer-aging-detail", "ar-aging") else "--organization-id"
    return args if flag in args else [*args, flag, "org_a"]


@pytest.mark.parametrize(("url", "args"), SAME_AS_CLI, ids=[u.split("?")[0] for u, _ in SAME_AS_CLI])
def test_every_path_answers_the_same_bytes_as_the_command_line(cli, client, data, keys, url, args):
    response = _get(client, url, keys["a"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    result = cli("report", *_cli_args(args), "--data", data)
    assert result.code == 0, result
    assert response.content == result.out.rstrip("\n").encode()
    assert json.loads(response.content)  # and it is JSON with content


def test_every_arlake_report_path_matches_the_command_line(cli, client, data, keys):
    from arlake.reports import REPORTS

    extra = {
        "customer-aging-detail": ["--customer-id", "c_bolt"],
        "ar-aging": [],
    }
    dates = {"as_date", "as_of", "date", "effective_date"}
    for name, module in REPORTS.items():
        date_params = [p.name for p in module.PARAMS if p.name in dates]
        query = "&".join(f"{p}={AS_OF}" for p in date_params)
        args = [
            name,
            *[a for p in date_params for a in ("--" + p.replace("_", "-"), AS_OF)],
            *extra.get(name, []),
        ]
        if name == "customer-aging-detail":
            query += "&customer_id=c_bolt"
        response = _get(client, f"/arlake/v1/reports/{name}?{query}", keys["a"])
        assert response.status_code == 200, (name, response.text)
        result = cli("report", *_cli_args(args), "--data", data)
        assert result.code == 0, result
        assert response.content == result.out.rstrip("\n").encode(), name


def test_large_documents_stream_and_release_their_warehouse(cli, client, app, data, keys, monkeypatch):
    monkeypatch.setattr(app_module, "STREAM_AFTER_BYTES", 10)
    generations = app.state.api.generations
    for url, args in SAME_AS_CLI[:1] + SAME_AS_CLI[8:9]:
        with client.stream("GET", url, headers={"Authorization": f"Bearer {keys['a']}"}) as response:
            assert response.status_code == 200
            assert "content-length" not in response.headers  # streamed, not sent at once
            body = b"".join(response.iter_bytes())
        assert body == cli("report", *_cli_args(args), "--data", data).out.rstrip("\n").encode()
    assert generations._current.requests == 0  # every cursor was given back


def test_keys_missing_garbled_unknown_and_revoked(cli, client, data, keys):
    url = f"/v1/analytics/collections/aging-balance?as_of={AS_OF}"
    revoked = _key(cli, data, "org_a")
    assert _get(client, url, revoked).status_code == 200
    key_id = json.loads((data / "api_keys.json").read_text())["keys"][-1]["id"]
    assert cli("keys", "revoke", key_id, "--data", data).code == 0
    cases = [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Basic {keys['a']}"},
        {"Authorization": f"Bearer {keys['a']} extra"},
        {"Authorization": f"Bearer {keys['a']}x"},
        {"Authorization": "Bearer arlake_\u00e9\u00e9".encode("latin-1")},  # not ASCII
        {"Authorization": f"Bearer {revoked}"},
    ]
    for headers in cases:
        response = client.get(url, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"].startswith('Bearer realm="arlake"')
        assert response.json()["error"]["code"] == "unauthorized"
    # The key is checked before anything else: a bad parameter without a key is still 401.
    assert client.get("/v1/invoices?page=-1").status_code == 401


def test_a_key_sees_only_its_organizations(client, keys):
    """Another tenant's organization, business or customer answers exactly like an unknown one."""

    def same(url_other: str, url_unknown: str, key: str, other_id: str, unknown_id: str, **headers):
        other = _get(client, url_other, key, **headers)
        unknown = _get(
            client, url_unknown, key, **{k: v.replace(other_id, unknown_id) for k, v in headers.items()}
        )
        assert other.status_code == unknown.status_code == 404, (other.text, unknown.text)
        assert other.text.replace(other_id, unknown_id) == unknown.text

    layer = "/v1/businesses/{}/invoices/ar-aging"
    same(layer.format("org_b"), layer.format("org_zz"), keys["a"], "org_b", "org_zz")
    detail = "/v1/businesses/org_a/invoices/ar-aging/customer/{}"
    same(detail.format("c_beta"), detail.format("c_nope"), keys["a"], "c_beta", "c_nope")
    same(detail.format("c_beta"), detail.format("c_nope"), keys["ab"], "c_beta", "c_nope")
    same(
        "/v1/invoices",
        "/v1/invoices",
        keys["a"],
        "org_b",
        "org_zz",
        **{"organization-id": "org_b"},
    )
    same(
        "/arlake/v1/reports/dso?organization_id=org_b",
        "/arlake/v1/reports/dso?organization_id=org_zz",
        keys["a"],
        "org_b",
        "org_zz",
    )
    same(
        "/arlake/v1/reports/dso?customer_id=c_beta",
        "/arlake/v1/reports/dso?customer_id=c_nope",
        keys["a"],
        "c_beta",
        "c_nope",
    )
    # In filters, another tenant's ids select nothing, like unknown ones.
    base = f"/api/reports/receivable-aging-summary?asDate={AS_OF}&noneZero=true"
    other = _get(client, base + "&customersIds=c_beta", keys["a"]).json()
    unknown = _get(client, base + "&customersIds=c_nope", keys["a"]).json()
    assert other["data"] == unknown["data"] and other["data"]["customers"] == []
    units = "/v2/analytics/collections/summary-by-customer?as_of=" + AS_OF + "&business_unit_id__in={}"
    assert _get(client, units.format("bu9"), keys["a"]).json() == {"data": []}
    assert _get(client, units.format("bu_nope"), keys["a"]).json() == {"data": []}
    # org_b's key sees org_b only.
    mine = _get(client, f"/v1/analytics/collections/aging-balance?as_of={AS_OF}", keys["b"]).json()
    assert mine["days_1_30_amount"] == 70000 and mine["days_0_amount"] == 0


def test_a_key_of_several_organizations_needs_the_header(client, keys):
    url = f"/v1/analytics/collections/aging-balance?as_of={AS_OF}"
    response = _get(client, url, keys["ab"])
    assert response.status_code == 400
    assert "organization-id" in response.json()["error"]["message"]
    assert "org_a, org_b" in response.json()["error"]["message"]
    a = _get(client, url, keys["ab"], **{"organization-id": "org_a"}).json()
    b = _get(client, url, keys["ab"], **{"organization-id": "org_b"}).json()
    assert a["days_0_amount"] == 98000 and b["days_1_30_amount"] == 70000
    # The header and the path must agree.
    clash = _get(
        client,
        f"/v1/businesses/org_a/invoices/ar-aging?effective_date={AS_OF}",
        keys["ab"],
        **{"organization-id": "org_b"},
    )
    assert clash.status_code == 400
    repeated = client.get(
        url,
        headers=[
            ("Authorization", f"Bearer {keys['ab']}"),
            ("organization-id", "org_a"),
            ("organization-id", "org_b"),
        ],
    )
    assert repeated.status_code == 400


BAD_INPUT = [
    "/v1/invoices?as_of=0000-00-00",
    "/v1/invoices?as_of=2025-02-30",
    "/v1/businesses/org_a/invoices/ar-aging?effective_date=9999-12-31T99:99",
    "/v1/businesses/org_a/invoices/ar-aging/customer/c_acme?effective_date=2025-13-01",
    "/v1/invoices?page=-1",
    "/v1/invoices?page=99999999999999999999999",
    "/v1/invoices?page=abc",
    "/v1/invoices?page=1.5",
    "/v1/invoices?limit=0",
    "/v1/invoices?limit=-3",
    "/v1/invoices?limit=201",
    "/v1/invoices?limit=1000000",
    "/v1/invoices?page=1&page=1",
    "/v1/invoices?colour=blue",
    "/v1/invoices?task=tsk_abc123",
    "/v1/invoices?status=lost",
    "/v1/invoices?amount_remaining=gte:abc",
    "/v1/invoices?issued_at=gte:2025-02-30",
    "/v1/invoices?number=%FF%FE",
    "/v1/invoices?has_outreach=maybe",
    "/api/v3/reports/aged-receivables/list?range=0",
    "/api/v3/reports/aged-receivables/list?range=-30",
    "/api/v3/reports/aged-receivables/list?range=999999999999",
    "/api/v3/reports/aged-receivables/list?range=thirty",
    "/api/v3/reports/aged-receivables/list?date=2025-06-31",
    "/api/reports/receivable-aging-summary?agingPeriods=0",
    "/api/reports/receivable-aging-summary?agingDaysBefore=30&aging_days_before=30",
    "/api/reports/receivable-aging-summary?formatMoney=sometimes",
    "/api/reports/receivable-aging-summary?precision=11",
    "/v2/analytics/collections/summary-by-customer?interval=daily",
    f"/v2/analytics/collections/summary-by-customer?as_of={AS_OF}&from=2025-07-01",
    "/v1/analytics/collections/summary?interval=yearly",
    "/v1/analytics/collections/aging-balance?as_of=yesterday",
    "/arlake/v1/reports/customer-aging-detail",  # no customer_id
    "/arlake/v1/reports/dso?as_of=2025-06-30&as_of=2025-06-30",
]


@pytest.mark.parametrize("url", BAD_INPUT)
def test_bad_input_is_a_clean_400(client, keys, url, caplog):
    with caplog.at_level(logging.WARNING):
        response = _get(client, url, keys["a"])
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"]["status"] == 400 and body["error"]["code"] == "invalid_parameter"
    message = body["error"]["message"]
    assert "Traceback" not in message and "--" not in message and "/tmp" not in message
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_page_zero_is_the_first_page_and_long_queries_are_refused(client, keys):
    first = _get(client, f"/v1/invoices?as_of={AS_OF}&page=0&limit=2", keys["a"]).json()
    default = _get(client, f"/v1/invoices?as_of={AS_OF}&limit=2", keys["a"]).json()
    assert first == default and first["current_page"] == 0 and first["next_page"] == 1
    assert first["total_records"] == 8  # org_a's invoices but the draft
    long = _get(client, "/v1/invoices?number=" + "x" * 9000, keys["a"])
    assert long.status_code == 414 and long.json()["error"]["code"] == "uri_too_long"


def test_unknown_paths_methods_and_report_names(client, keys):
    response = _get(client, "/v1/nothing-here", keys["a"])
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    response = _get(client, "/arlake/v1/reports/nope", keys["a"])
    assert response.status_code == 404 and "dso" in response.json()["error"]["message"]
    response = client.post("/v1/invoices", headers={"Authorization": f"Bearer {keys['a']}"})
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_no_warehouse_yet_is_503_without_paths(cli, tmp_path):
    key = _key(cli, tmp_path, "org_a")
    with TestClient(create_app(tmp_path)) as client:
        response = _get(client, "/v1/analytics/collections/aging-balance", key)
        assert response.status_code == 503
        message = response.json()["error"]["message"]
        assert "arlake build" in message and str(tmp_path) not in message
        assert _get(client, "/v1/invoices?page=-1", key).status_code == 400  # parameters are checked first


# ---- the OpenAPI document ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def _validator(openapi: dict, schema: dict) -> jsonschema.Draft202012Validator:
    """A JSON Schema 2020-12 validator (OpenAPI 3.1's dialect) for `schema`, its references resolved in the
    document, formats (date, date-time) checked."""
    registry = Registry().with_resource(
        "urn:openapi", Resource.from_contents(openapi, default_specification=DRAFT202012)
    )
    return jsonschema.Draft202012Validator(
        _rebased(schema), registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _rebased(schema):
    """`#/components/...` references pointed at the registered document."""
    if isinstance(schema, dict):
        return {
            k: ("urn:openapi" + v if k == "$ref" and v.startswith("#/") else _rebased(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_rebased(v) for v in schema]
    return schema


def _response_schema(openapi: dict, path: str, status: int) -> dict:
    response = openapi["paths"][path]["get"]["responses"][str(status)]
    return response["content"]["application/json"]["schema"]


def test_the_document_describes_every_path_parameter_and_the_key(openapi):
    from arlake.server.endpoints import endpoints

    assert openapi["openapi"].startswith("3.1")
    assert openapi["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "arlake API key",
        "description": "An arlake API key: `arlake keys create --organization-id ORG` prints one.",
    }
    for endpoint in endpoints():
        operation = openapi["paths"][endpoint.path]["get"]
        assert operation["security"] == [{"apiKey": []}]
        names = {p["name"] for p in operation["parameters"]}
        assert set(endpoint.query) | set(endpoint.path_params) | set(endpoint.unsupported) <= names
        assert {"200", "400", "401", "404", "503"} <= set(operation["responses"])
    line = openapi["components"]["schemas"]["CollectionsSummaryByCustomerLine"]["properties"]
    assert line["dso"]["description"].startswith("balance / amount_issued")  # docs/metrics.md's definitions


def _every_path_urls() -> list[tuple[str, str]]:
    urls = [(u, u.split("?")[0]) for u, _ in SAME_AS_CLI]
    urls.append((f"/arlake/v1/reports/customer-aging-detail?customer_id=c_acme&effective_date={AS_OF}", None))
    urls.append((f"/arlake/v1/reports/ar-aging?effective_date={AS_OF}", None))
    urls.append((f"/arlake/v1/reports/invoices?as_of={AS_OF}&limit=200", None))
    urls.append((f"/arlake/v1/reports/aged-receivables?date={AS_OF}", None))
    urls.append((f"/arlake/v1/reports/receivable-aging-summary?as_date={AS_OF}&show_zero=true", None))
    urls.append((f"/arlake/v1/reports/collections-summary-by-customer?as_of={AS_OF}", None))
    urls.append((f"/arlake/v1/reports/collections-summary?as_of={AS_OF}&interval=weekly", None))
    urls.append((f"/arlake/v1/reports/aging-balance?as_of={AS_OF}", None))
    urls.append((f"/arlake/v1/reports/customer-balances?as_date={AS_OF}", None))
    urls.append((f"/arlake/v1/reports/aging-invoices?as_date={AS_OF}&bucket=current", None))
    urls.append((f"/arlake/v1/reports/aging-trend?as_of={AS_OF}&interval=weekly&customer_id=c_acme", None))
    urls.append((f"/arlake/v1/reports/cash-forecast?as_date={AS_OF}", None))
    return urls


def test_real_responses_of_every_path_match_the_document(client, keys, openapi):
    from arlake.server.endpoints import endpoints

    templates = {e.path: e for e in endpoints()}
    covered = set()
    for url, _ in _every_path_urls():
        path = url.split("?")[0]
        template = path
        if path.startswith("/v1/businesses/"):
            template = (
                "/v1/businesses/{businessId}/invoices/ar-aging/customer/{customerId}"
                if "/customer/" in path
                else "/v1/businesses/{businessId}/invoices/ar-aging"
            )
        assert template in templates, template
        response = _get(client, url, keys["a"])
        assert response.status_code == 200, (url, response.text)
        _validator(openapi, _response_schema(openapi, template, 200)).validate(response.json())
        covered.add(template)
    assert covered == set(templates)  # every path of the document was called
    errors = {
        401: _get(client, "/v1/invoices", None),
        400: _get(client, "/v1/invoices?page=-1", keys["a"]),
        404: _get(client, "/v1/businesses/org_b/invoices/ar-aging", keys["a"]),
        414: _get(client, "/v1/invoices?number=" + "x" * 9000, keys["a"]),
    }
    for status, response in errors.items():
        assert response.status_code == status
        _validator(openapi, _response_schema(openapi, "/v1/invoices", status)).validate(response.json())
