"""Ingest: external data formats into the raw layer (`<data>/raw/<table>/*.parquet`).

FORMATS names every format the `ingest` command reads; a format's module is imported only when it is used,
so listing the formats (the command line's choices) does not load DuckDB and pyarrow.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Format name on the command line -> (module in this package with its `ingest(files, data, progress=...)`, help).
FORMATS: dict[str, tuple[str, str]] = {
    "stuut-invoices": ("stuut_invoices", "Stuut List Invoices response pages, JSON (docs/invoices.md)"),
}

__all__ = ["FORMATS", "IngestResult", "ingest_stuut_invoices", "reader"]


def reader(name: str):
    """The ingest function of format `name` (one of FORMATS)."""
    return import_module(f".{FORMATS[name][0]}", __name__).ingest


def __getattr__(name: str) -> Any:
    if name == "ingest_stuut_invoices":
        return reader("stuut-invoices")
    if name == "IngestResult":
        return import_module(".stuut_invoices", __name__).IngestResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
