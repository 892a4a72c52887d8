"""Where things are: the dbt project this package builds with, and the data directory."""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "ARLAKE_DATA"
WAREHOUSE_NAME = "warehouse.duckdb"
# The raw tables, as models/staging/_arlake__sources.yml declares them: <data>/raw/<table>/*.parquet.
RAW_TABLES = (
    "organizations",
    "customers",
    "invoices",
    "payments",
    "payment_allocations",
    "adjustments",
    "outreach",
    "outreach_invoices",
)


def dbt_project_dir() -> Path:
    """The dbt project: the repository root in a checkout, else the copy carried inside the installed package."""
    here = Path(__file__).resolve().parent
    checkout = here.parent.parent
    if (checkout / "dbt_project.yml").is_file() and (checkout / "src" / "arlake").is_dir():
        return checkout
    packaged = here / "dbt_project"
    if (packaged / "dbt_project.yml").is_file():
        return packaged
    raise FileNotFoundError(f"the arlake dbt project is missing: neither {checkout} nor {packaged} holds one")


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the explicit one, else $ARLAKE_DATA, else ./data; always absolute."""
    chosen = explicit or os.environ.get(DATA_ENV) or "data"
    return Path(chosen).expanduser().resolve()


def raw_dir(data: Path) -> Path:
    return data / "raw"


def warehouse_path(data: Path) -> Path:
    return data / WAREHOUSE_NAME
