"""Read-only access to the built warehouse. Each connection carries its own query-time parameters
(DuckDB session variables that the marts read through getvariable())."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from .errors import DataError
from .project import warehouse_path


@contextlib.contextmanager
def connect(data: Path | str, **variables: Any) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse of `data` read-only, set `variables` (SET VARIABLE name = value), close afterwards."""
    data = Path(data)
    path = warehouse_path(data)
    if not path.is_file():
        raise DataError(f"no warehouse at {path}: run `arlake build --data {data}` first")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise DataError(f"cannot open the warehouse {path}: {exc}") from None
    try:
        con.execute("SET enable_progress_bar = false")  # it would land in the JSON a report prints on stdout
        set_variables(con, **variables)
        yield con
    finally:
        con.close()


def set_variables(con: duckdb.DuckDBPyConnection, **variables: Any) -> None:
    for name, value in variables.items():
        if not name.isidentifier():
            raise ValueError(f"not a variable name: {name!r}")
        con.execute(f"SET VARIABLE {name} = ?", [value])


def fetch_dicts(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    """Run a query and return its rows as dicts (DECIMAL stays Decimal, DATE stays date)."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
