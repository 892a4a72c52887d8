"""DuckDB's engine, as the read path uses it.

The `duckdb` package is a Python layer (its relational API, expression builder and version lookup) over the
engine's extension module, `_duckdb`, which it imports first and re-exports: `duckdb.connect`, `duckdb.Error` and
the connection class are the extension's own objects. Importing the package costs about 60 ms more than the
extension alone, on every command, and the read path (connect, attach, execute with parameters, fetch) needs none
of the layer. So the warehouse and the reports import the extension module directly, and fall back to the package
when an installed DuckDB does not ship the extension as a top-level module. The objects are the same either way,
so code that imports `duckdb` itself (the build, the ingest, a library user) mixes freely with this.
"""

from __future__ import annotations

try:
    import _duckdb as duckdb
except ImportError:  # pragma: no cover - a DuckDB package laid out differently
    import duckdb

connect = duckdb.connect
Error = duckdb.Error
CatalogException = duckdb.CatalogException
Connection = duckdb.DuckDBPyConnection

__all__ = ["CatalogException", "Connection", "Error", "connect"]
