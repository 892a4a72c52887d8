"""Read-only access to a built warehouse.

A `Warehouse` is one generation of `<data>/warehouse.duckdb`: an in-memory DuckDB database that attaches the file
read-only under the catalog name the models were built with (`warehouse`) and reads the consumer-facing schema
(`reports`: the marts). Every query runs on a cursor of its own carrying the query-time parameters as DuckDB
session variables; the marts read them. The parameters form a closed set declared once, in the dbt project
(dbt_project.yml, vars.arlake_query_parameters), which every build records in the warehouse
(main.arlake_query_parameters): any other name is refused.

Attaching (rather than opening the path) means a warehouse file renamed into place by a later build is opened
afresh by the next `Warehouse`, while a `Warehouse` opened before keeps reading its own generation.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import engine
from .errors import DataError
from .project import warehouse_path

CATALOG = "warehouse"  # the name the models were built with (the file's stem): views refer to it
SCHEMA = "reports"  # the marts: what reports, BI tools and analysts read
_SQL_TYPES = {"date", "integer", "varchar"}


def _declared_parameters(con: engine.Connection, path: Path) -> dict[str, str]:
    """The query-time parameters the warehouse was built with: name -> SQL type (recorded by the build from
    dbt_project.yml, vars.arlake_query_parameters). Read from the warehouse, not from the project, so that a
    report sets exactly the variables the warehouse's models read, without parsing YAML at every start."""
    try:
        rows = con.execute(
            f"select name, sql_type from {CATALOG}.main.arlake_query_parameters order by position"
        ).fetchall()
    except engine.Error:
        raise DataError(
            f"the warehouse {path} records no query-time parameters (built by an earlier arlake): "
            "run `arlake build` again"
        ) from None
    types = dict(rows)
    unknown = {t for t in types.values() if t not in _SQL_TYPES}
    if unknown:
        raise DataError(
            f"the warehouse {path} declares query-time parameters of unknown SQL type: {sorted(unknown)}"
        )
    return types


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


class Warehouse:
    """One generation of a data directory's warehouse, opened read-only. Thread-safe: each `cursor()` is a
    DuckDB cursor of its own."""

    def __init__(self, data: Path | str):
        self.data = Path(data)
        path = warehouse_path(self.data)
        if not path.is_file():
            raise DataError(f"no warehouse at {path}: run `arlake build --data {self.data}` first")
        try:
            self._con = engine.connect(":memory:")
            self._con.execute(f"ATTACH {_quoted(path)} AS {CATALOG} (READ_ONLY)")
        except engine.Error as exc:
            raise DataError(f"cannot open the warehouse {path}: {exc}") from None
        try:
            self.parameters = _declared_parameters(self._con, path)
        except DataError:
            self._con.close()
            raise
        self.path = path
        self._lock = threading.Lock()

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def cursor(self, **variables: Any) -> engine.Connection:
        """A new cursor reading the marts, with `variables` set (declared query-time parameters only). The caller
        closes it."""
        with self._lock:
            cur = self._con.cursor()
        try:
            cur.execute(
                "SET enable_progress_bar = false"
            )  # it would land in the JSON a report writes on stdout
            cur.execute(f"USE {CATALOG}.{SCHEMA}")
            set_variables(cur, self.parameters, **variables)
        except BaseException:
            cur.close()
            raise
        return cur

    @contextlib.contextmanager
    def reading(self, **variables: Any) -> Iterator[engine.Connection]:
        """`cursor(**variables)`, closed afterwards."""
        cur = self.cursor(**variables)
        try:
            yield cur
        finally:
            cur.close()

    def fetch_concurrently(
        self, queries: Sequence[tuple[str, list[Any] | dict[str, Any]]], **variables: Any
    ) -> list[list[dict[str, Any]]]:
        """The rows of independent queries (sql, parameters), as fetch_dicts, in the order given: each runs at
        the same time as the others on a cursor of its own with `variables` set. A page's lookups by key read
        rows scattered over large tables, a few blocks each; run side by side they overlap that reading. The
        first query to fail raises its error."""

        def fetch(query: tuple[str, list[Any] | dict[str, Any]]) -> list[dict[str, Any]]:
            with self.reading(**variables) as cur:
                return fetch_dicts(cur, *query)

        if len(queries) < 2:
            return [fetch(q) for q in queries]
        # imported here: only the invoices page runs queries side by side, and the module (with the logging it
        # loads) is about 5 ms of every other report's start-up
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=len(queries)) as pool:
            return list(pool.map(fetch, queries))


def set_variables(cur: engine.Connection, declared: dict[str, str], **variables: Any) -> None:
    """SET VARIABLE for each query-time parameter of `declared` (name -> SQL type); an undeclared name is an
    error (never a silent fallback to a default)."""
    for name, value in variables.items():
        if name not in declared or not re.fullmatch(r"[a-z_]+", name):
            raise ValueError(
                f"unknown query-time parameter {name!r}; declared: {', '.join(declared)} "
                "(dbt_project.yml, vars.arlake_query_parameters)"
            )
        cur.execute(f"SET VARIABLE {name} = CAST(? AS {declared[name].upper()})", [value])


@contextlib.contextmanager
def connect(data: Path | str, **variables: Any) -> Iterator[engine.Connection]:
    """A cursor on the warehouse of `data` with `variables` set, for one piece of work."""
    with Warehouse(data) as warehouse, warehouse.reading(**variables) as cur:
        yield cur


def fetch_dicts(
    con: engine.Connection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run a query and return its rows as dicts (DECIMAL stays Decimal, DATE stays date)."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
