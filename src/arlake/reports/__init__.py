"""The report shapes. Each report is a module with PARAMS (its parameters) and run(con, params) (rows from
the marts mapped to the documented JSON shape). Call them from Python as arlake.reports.<name>(data=..., ...)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..project import data_dir
from .params import Param, validate


@dataclass(frozen=True)
class Report:
    name: str
    params: tuple[Param, ...]
    runner: Any  # callable(data: Path, params: dict) -> dict or iterable of JSON pieces


REPORTS: dict[str, Report] = {}
MODULES = (  # each registers itself
    "aging_summary",
    "aged_list",
    "customer_detail",
    "collections_summary",
    "dso",
    "invoice_list",
)


def register(name: str, params: tuple[Param, ...]):
    def wrap(func):
        REPORTS[name] = Report(name, params, func)
        return func

    return wrap


def run_report(name: str, data: str | Path | None = None, **given: Any) -> Any:
    """Validate `given` against the report's parameters and run it on the warehouse of `data`."""
    from ..errors import ParameterError

    load_all()
    report = REPORTS.get(name)
    if report is None:
        raise ParameterError(f"unknown report {name!r}; reports: {', '.join(sorted(REPORTS))}")
    params = validate(report.params, given, name)
    return report.runner(data_dir(data), params)


def load_all() -> None:
    import importlib

    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")


def receivable_aging_summary(data: str | Path | None = None, **params: Any) -> dict:
    """Bigcapital A/R Aging Summary shape (contract 4.1): customers x buckets at as_date."""
    return run_report("receivable-aging-summary", data, **params)


def aged_receivables(data: str | Path | None = None, **params: Any) -> dict:
    """Built.africa aged receivables list (contract 4.2): open balance by days outstanding."""
    return run_report("aged-receivables", data, **params)


def customer_aging_detail(data: str | Path | None = None, **params: Any) -> dict:
    """Layer AR aging detail of one customer (contract 4.3), integer cents."""
    return run_report("customer-aging-detail", data, **params)


def collections_summary_by_customer(data: str | Path | None = None, **params: Any) -> dict:
    """Stuut collections summary by customer and period (contract 4.4), integer cents; `from` may be passed
    as from_ (a Python keyword)."""
    if "from_" in params:
        params["from"] = params.pop("from_")
    out = run_report("collections-summary-by-customer", data, **params)
    return {"data": list(out["data"])}


def invoices(data: str | Path | None = None, **params: Any) -> dict:
    """Stuut List Invoices shape (contract 4.5): one page of invoices at as_of, integer cents."""
    return run_report("invoices", data, **params)


def dso(data: str | Path | None = None, **params: Any) -> dict:
    """The DSO family per month (docs/metrics.md) for an organization or, with customer_id, one customer;
    `from` may be passed as from_."""
    if "from_" in params:
        params["from"] = params.pop("from_")
    return run_report("dso", data, **params)
