"""Property-based fuzzing of the HTTP API: schemathesis generates requests from the OpenAPI document (valid and
invalid parameters, in-process against the ASGI app on the real built warehouse of tests/api_data.py) and checks
that no answer is a server error and that every answer has a documented status, content type and schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from arlake.server.app import create_app
from arlake.server.endpoints import endpoints
from arlake.server.keys import create_key

pytestmark = pytest.mark.slow

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 20  # per path and kind (valid, invalid): a few seconds per path


@pytest.fixture(scope="module")
def api_schema(api_warehouse):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(api_warehouse))


@pytest.fixture(scope="module")
def fuzz_key(api_warehouse):
    return create_key(api_warehouse, ["org_a"])[0]


# Valid requests, and invalid ones (wrong types, out-of-range numbers, unknown enum values, missing parameters):
# both must be answered as documented (invalid ones with 400), never with a server error.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("path", [e.path for e in endpoints()])
def test_no_server_error_and_every_answer_as_documented(api_schema, fuzz_key, path, mode):
    operation = api_schema[path]["GET"]
    headers = {"Authorization": f"Bearer {fuzz_key}"}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.data())
    def fuzz(data):
        case = data.draw(operation.as_strategy(generation_mode=mode))
        case.call_and_validate(headers=headers, checks=CHECKS)

    fuzz()
