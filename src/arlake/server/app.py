"""The HTTP API (`arlake serve`): the report shapes at the paths of their source documents, on FastAPI.

Every request: the API key (Authorization: Bearer) is checked; the query string is parsed strictly (UTF-8, no
unknown or repeated parameters, at most MAX_QUERY_BYTES) and each value is converted by the report's own parameter
declaration; the organization is the one the path or the `organization-id` header names, or the key's only one,
and must be one of the key's (another tenant's id answers exactly like an unknown one); then the report runs on the
current warehouse generation, on a cursor of its own, and its JSON bytes are sent as they are: at once when small,
streamed when large. Errors are JSON (`{"error": {"status", "code", "message"}}`): bad parameters 400, a missing
or unknown key 401, unknown ids 404, no warehouse 503; never a traceback or a file path.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import orjson
from fastapi import FastAPI, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import reports
from ..errors import ArlakeError, DataError, NotFoundError, ParameterError
from ..jsonout import Output
from ..reports.common import unknown_organization
from ..reports.params import Param, validate
from .endpoints import REPORTS_PREFIX, Endpoint, endpoints
from .generations import Generations
from .keys import ApiKey, KeyStore
from .schemas import ErrorBody, response_model

log = logging.getLogger("arlake.server")

MAX_QUERY_BYTES = 8192  # a longer query string is answered 414
MAX_QUERY_FIELDS = 1000
STREAM_AFTER_BYTES = 1 << 20  # a document larger than this is streamed rather than sent at once
ORGANIZATION_HEADER = "organization-id"
MEDIA_TYPE = "application/json"
_CODES = {
    400: "invalid_parameter",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    414: "uri_too_long",
    503: "data_unavailable",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = {"error": {"status": status, "code": _CODES.get(status, "internal_error"), "message": message}}
    return Response(orjson.dumps(body), status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _bad(message: str) -> ApiError:
    return ApiError(400, message)


_FLAG = re.compile(r" \(--[a-z0-9-]+\)")


def describe(p: Param) -> str:
    return p.describe().replace("repeat the flag", "repeat the parameter")


# ---- the query string ------------------------------------------------------------------------------------------


def parse_query(raw: bytes) -> list[tuple[str, str]]:
    """The (name, value) pairs of a query string: percent-decoded UTF-8, `+` as a space, blank values kept."""
    if len(raw) > MAX_QUERY_BYTES:
        raise ApiError(
            414, f"the query string is {len(raw)} bytes long; at most {MAX_QUERY_BYTES} are accepted"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad("the query string is not valid UTF-8") from None
    try:
        return urllib.parse.parse_qsl(
            text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_QUERY_FIELDS
        )
    except UnicodeDecodeError:
        raise _bad("a query parameter is not valid UTF-8 once percent-decoded") from None
    except ValueError:
        raise _bad(f"the query string holds more than {MAX_QUERY_FIELDS} parameters") from None


def collect_parameters(endpoint: Endpoint, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The report parameters of the query pairs, converted by their declarations. An empty value is the same as
    not giving the parameter; a single-valued parameter may be given once, under one name."""
    declared = {p.name: p for p in reports.REPORTS[endpoint.report].PARAMS}
    values: dict[str, list[str]] = {}
    named: dict[str, str] = {}  # report parameter -> the query name used
    for name, value in pairs:
        if name in endpoint.unsupported:
            raise _bad(f"query parameter {name} is not supported: {endpoint.unsupported[name]}")
        target = endpoint.query.get(name)
        if target is None:
            raise _bad(
                f"unknown query parameter {name!r}; {endpoint.path} takes: {', '.join(endpoint.query)}"
            )
        first = named.setdefault(target, name)
        if first != name:
            raise _bad(f"query parameters {first} and {name} are the same parameter: give one of them")
        values.setdefault(target, []).append(value)
    params: dict[str, Any] = {}
    for target, given in values.items():
        p, name = declared[target], named[target]
        if p.kind != "list" and len(given) > 1:
            raise _bad(f"query parameter {name} is given {len(given)} times: give it once")
        given = [v for v in given if v != ""]
        if not given:
            continue
        value = given if p.kind == "list" else given[0]
        try:
            params[target] = p.convert(value)
        except ParameterError:
            shown = given if p.kind == "list" else given[0]
            raise _bad(
                f"invalid value {shown!r} for query parameter {name}: expected {describe(p)}"
            ) from None
    return params


# ---- responses -------------------------------------------------------------------------------------------------


class StreamedOutput(StreamingResponse):
    """A report document too large to send at once: the pieces read so far, then the rest as they come. The
    report's cursor and warehouse generation are released when the last piece is sent, the client goes away or
    sending fails."""

    def __init__(self, head: list[bytes], rest: Iterator[bytes]):
        super().__init__(itertools.chain(head, rest), media_type=MEDIA_TYPE)
        self._rest = rest

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # Piece reads run in worker threads that a cancellation waits for, so nothing reads while this closes.
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(self._rest.close)


def respond(output: Output) -> Response:
    pieces = iter(output)
    head: list[bytes] = []
    size = 0
    try:
        for piece in pieces:
            head.append(piece)
            size += len(piece)
            if size >= STREAM_AFTER_BYTES:
                break
        else:
            return Response(b"".join(head), media_type=MEDIA_TYPE)
    except BaseException:
        pieces.close()
        raise
    return StreamedOutput(head, pieces)


# ---- the API ---------------------------------------------------------------------------------------------------


class Api:
    """What the endpoints share: the data directory, its API keys and its warehouse generations."""

    def __init__(self, data: Path):
        self.data = data
        self.keys = KeyStore(data)
        self.generations = Generations(data)

    def authenticate(self, request: Request) -> ApiKey:
        given = request.headers.getlist("authorization")
        challenge = 'Bearer realm="arlake"'
        if not given:
            raise ApiError(
                401,
                "an API key is required: send the header Authorization: Bearer <key>",
                {"WWW-Authenticate": challenge},
            )
        scheme, _, token = given[0].strip().partition(" ")
        token = token.strip()
        if len(given) > 1 or scheme.lower() != "bearer" or not token or " " in token:
            raise ApiError(
                401,
                "malformed Authorization header: expected Authorization: Bearer <key>",
                {"WWW-Authenticate": challenge + ', error="invalid_request"'},
            )
        key = self.keys.authenticate(token)
        if key is None:
            raise ApiError(
                401, "unknown or revoked API key", {"WWW-Authenticate": challenge + ', error="invalid_token"'}
            )
        return key

    def choose_organization(self, endpoint: Endpoint, key: ApiKey, params: dict, request: Request) -> None:
        """Set the report's organization: the one the path, the query or the `organization-id` header names (one
        of the key's), else the key's only one."""
        target = endpoint.organization_param
        if target is None:
            return
        headers = request.headers.getlist(ORGANIZATION_HEADER)
        if len(headers) > 1:
            raise _bad(f"the {ORGANIZATION_HEADER} header is given {len(headers)} times: give it once")
        header = headers[0].strip() if headers and headers[0].strip() else None
        named = params.get(target)
        if header is not None and named is not None and header != named:
            raise _bad(
                f"the {ORGANIZATION_HEADER} header ({header!r}) and {target} ({named!r}) name different "
                "organizations"
            )
        chosen = named if named is not None else header
        if chosen is None:
            if len(key.organizations) != 1:
                raise _bad(
                    f"the {ORGANIZATION_HEADER} header is required: this API key reads "
                    f"{len(key.organizations)} organizations ({', '.join(key.organizations)})"
                )
            chosen = key.organizations[0]
        elif chosen not in key.organizations:
            raise unknown_organization(chosen, target)  # the same answer as an organization the data lacks
        params[target] = chosen

    def run(self, endpoint: Endpoint, params: dict[str, Any]) -> Response:
        module = reports.REPORTS[endpoint.report]
        checked = validate(module.PARAMS, params, endpoint.report)  # bad parameters before any data is read
        check = getattr(module, "check", None)
        if check is not None:
            check(checked)
        generation = self.generations.acquire()
        try:
            output = reports.run(endpoint.report, generation.warehouse, **params)
        except BaseException:
            self.generations.release(generation)
            raise
        output.also_on_close(lambda: self.generations.release(generation))
        return respond(output)

    def handler(self, endpoint: Endpoint):
        def handle(request: Request) -> Response:
            key = self.authenticate(request)
            params = collect_parameters(endpoint, parse_query(request.scope.get("query_string", b"")))
            for name, target in endpoint.path_params.items():
                params[target] = request.path_params[name]
            self.choose_organization(endpoint, key, params, request)
            return self.run(endpoint, params)

        handle.__name__ = endpoint.operation_id
        return handle

    def clean(self, message: str) -> str:
        """A user error's message for HTTP: no command-line flags, no file paths."""
        message = _FLAG.sub("", message).replace("repeat the flag", "repeat the parameter")
        for path in sorted({str(self.data), os.path.realpath(self.data)}, key=len, reverse=True):
            message = message.replace(path, "<data>")
        return message


# ---- OpenAPI ---------------------------------------------------------------------------------------------------


def parameter_schema(p: Param) -> dict[str, Any]:
    kind = p.kind
    if kind == "date":
        schema: dict[str, Any] = {"type": "string", "format": "date"}
    elif kind == "datetime_date":
        schema = {"type": "string", "format": "date-time"}
    elif kind == "int":
        schema = {"type": "integer"}
        if p.minimum is not None:
            schema["minimum"] = p.minimum
        if p.maximum is not None:
            schema["maximum"] = p.maximum
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "choice":
        schema = {"type": "string", "enum": list(p.choices)}
    elif kind == "list":
        schema = {"type": "array", "items": {"type": "string"}}
    else:
        schema = {"type": "string", "minLength": 1}
    default = p.default
    if default is not None and not callable(default) and default != ():
        schema["default"] = list(default) if isinstance(default, tuple) else default
    return schema


def openapi_parameters(endpoint: Endpoint) -> list[dict[str, Any]]:
    declared = {p.name: p for p in reports.REPORTS[endpoint.report].PARAMS}
    out: list[dict[str, Any]] = []
    for name, target in endpoint.path_params.items():
        out.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "string", "minLength": 1},
                "description": f"{declared[target].help or target}.",
            }
        )
    primary: dict[str, str] = {}
    for name, target in endpoint.query.items():
        p = declared[target]
        first = primary.setdefault(target, name)
        text = (p.help + ". " if p.help else "") + f"Expected: {describe(p)}."
        if p.kind == "datetime_date":
            text += " A date alone (YYYY-MM-DD) is accepted too; default today (UTC)."
        if first != name:
            text = f"The same as {first}. " + text
        schema = parameter_schema(p)
        schema.update(endpoint.schema_overrides.get(name, {}))
        item: dict[str, Any] = {"name": name, "in": "query", "required": False, "schema": schema}
        item["description"] = text
        if p.kind == "list":
            item.update(style="form", explode=True)
        out.append(item)
    for name, why in endpoint.unsupported.items():
        out.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": f"Documented by the source, not supported by arlake ({why}): answered with 400.",
            }
        )
    if endpoint.organization_param is not None:
        out.append(
            {
                "name": ORGANIZATION_HEADER,
                "in": "header",
                "required": False,
                "schema": {"type": "string"},
                "description": "The organization to read when the API key reads several (default: the key's only "
                "organization). One the key may not read is answered 404, like an unknown one.",
            }
        )
    return out


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorBody,
        "description": "Bad parameters: unknown, repeated or invalid (the message names the parameter and what "
        "is allowed), or a query string that is not UTF-8.",
    },
    401: {
        "model": ErrorBody,
        "description": "A missing, malformed, unknown or revoked API key.",
        "headers": {"WWW-Authenticate": {"description": "Bearer (RFC 6750).", "schema": {"type": "string"}}},
    },
    404: {
        "model": ErrorBody,
        "description": "An unknown organization, business or customer, or one the API key may not read (the same "
        "answer).",
    },
    414: {"model": ErrorBody, "description": f"A query string longer than {MAX_QUERY_BYTES} bytes."},
    503: {
        "model": ErrorBody,
        "description": "No warehouse has been built yet, or it cannot be read; the message says which.",
    },
}

DESCRIPTION = """Accounts-receivable reports of an arlake warehouse, at the paths and in the shapes of the APIs they
come from (Stuut, Bigcapital, Built.africa, Layer), and every arlake report under `/arlake/v1/reports/{name}`.
Every request needs `Authorization: Bearer <key>` (`arlake keys create --organization-id ORG`); a key reads only
its organizations. Responses are the same JSON documents as `arlake report NAME`."""


def create_app(data: Path) -> FastAPI:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("arlake")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without an install
        release = "0"
    api = Api(Path(data))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        api.generations.close()

    app = FastAPI(
        title="arlake",
        version=release,
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.api = api
    bearer = HTTPBearer(
        auto_error=False,
        scheme_name="apiKey",
        bearerFormat="arlake API key",
        description="An arlake API key: `arlake keys create --organization-id ORG` prints one.",
    )
    for endpoint in endpoints():
        model = response_model(endpoint.report)
        extra_responses: dict[int | str, dict[str, Any]] = dict(ERROR_RESPONSES)
        if model is Any:
            model = None
            extra_responses[200] = {
                "description": "The report's JSON document.",
                "content": {MEDIA_TYPE: {"schema": {}}},
            }
        app.add_api_route(
            endpoint.path,
            api.handler(endpoint),
            methods=["GET"],
            response_model=model,
            responses=extra_responses,
            summary=endpoint.summary,
            description=endpoint.description,
            operation_id=endpoint.operation_id,
            tags=[endpoint.tag],
            dependencies=[Security(bearer)],
            openapi_extra={"parameters": openapi_parameters(endpoint)},
        )

    @app.get(REPORTS_PREFIX + "{name}", include_in_schema=False)
    def unknown_report(name: str) -> Response:
        names = ", ".join(sorted(reports.REPORTS))
        return error_response(404, f"no report {name!r} at {REPORTS_PREFIX}{{name}}; reports: {names}")

    @app.exception_handler(ApiError)
    def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, api.clean(exc.message), exc.headers)

    @app.exception_handler(ArlakeError)
    def _arlake_error(request: Request, exc: ArlakeError) -> Response:
        status = {ParameterError: 400, NotFoundError: 404, DataError: 503}.get(type(exc))
        if status is None:
            log.error("report failed: %s", exc)
            return error_response(500, "the report failed on the server")
        return error_response(status, api.clean(str(exc)))

    @app.exception_handler(StarletteHTTPException)
    def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404:
            message = f"no such path: {request.url.path}"
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(400, "invalid request")

    @app.exception_handler(Exception)
    def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error answering %s", request.url.path)
        return error_response(500, "internal error: the server's log has the details")

    return app


def serve(data: Path, host: str, port: int) -> None:
    """Run the API on uvicorn until interrupted."""
    import sys

    import uvicorn

    app = create_app(data)
    api: Api = app.state.api
    if not api.keys.has_keys():
        print(
            "arlake: warning: no API key yet, so every request is refused: "
            "create one with `arlake keys create --organization-id ORG`",
            file=sys.stderr,
        )
    config = uvicorn.Config(
        app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False, access_log=True
    )
    uvicorn.Server(config).run()
