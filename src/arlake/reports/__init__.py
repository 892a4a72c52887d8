"""The reports: one module per report, named after it, each with NAME, PARAMS (its parameters, params.Param),
optionally check(params) (rules between parameters, checked before any data is read) and
run(warehouse, params) -> Output (the JSON document, jsonout.Output). Every number comes from the marts; a
module picks the mart, binds the parameters and maps rows to the documented shape.

From Python: `arlake.reports.<name>(data, **params)` returns the document as Python values (exact Decimals);
`arlake.reports.run(name, data, **params)` returns the Output to write (the command line and the HTTP server).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import engine
from ..errors import DataError, ParameterError
from ..jsonout import Output
from ..project import data_dir
from ..warehouse import Warehouse
from .params import validate

# The reports, in the order they are listed. Report `a-b` is module `a_b` of this package, imported when the report
# is first asked for, so that a one-report command (`arlake report NAME`) imports only that report's module.
_NAMES = (
    "receivable-aging-summary",
    "aged-receivables",
    "customer-aging-detail",
    "collections-summary-by-customer",
    "invoices",
    "dso",
    "customer-balances",
    "aging-invoices",
    "aging-trend",
    "cash-forecast",
    "aging-balance",
    "collections-summary",
    "ar-aging",
)


class _Reports(Mapping[str, ModuleType]):
    """Report name -> report module (its NAME), importing the module on first access."""

    def __getitem__(self, name: str) -> ModuleType:
        if name not in _NAMES:
            raise KeyError(name)
        return importlib.import_module(f"{__name__}.{name.replace('-', '_')}")

    def __contains__(self, name: object) -> bool:  # without importing
        return name in _NAMES

    def __iter__(self) -> Iterator[str]:
        return iter(_NAMES)

    def __len__(self) -> int:
        return len(_NAMES)


REPORTS: Mapping[str, ModuleType] = _Reports()


class _Package(ModuleType):
    """This package. Importing a report module binds the module's name here (`invoices`, `dso`, ...), which is
    also the name of its library function below: the function keeps the name, as it did when every module was
    imported before the functions were defined. The module stays in sys.modules and in REPORTS."""

    def __setattr__(self, name: str, value: Any) -> None:
        held = self.__dict__.get(name)
        if isinstance(value, ModuleType) and callable(held) and not isinstance(held, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def report(name: str) -> ModuleType:
    """The module of report `name`; an unknown name is a parameter error listing the reports."""
    if name not in REPORTS:
        raise ParameterError(f"unknown report {name!r}; reports: {', '.join(sorted(REPORTS))}")
    return REPORTS[name]


def run(
    name: str, data: Warehouse | str | Path | None = None, *, keep_open: bool = False, **given: Any
) -> Output:
    """Validate `given` against report `name`'s parameters and run it on `data`: an open Warehouse (kept open),
    or a data directory (default ./data or $ARLAKE_DATA), opened for this report and closed with its Output, or,
    with keep_open, left open for the end of the process to release (the `arlake` program, which ends right after
    writing one report)."""
    module = report(name)
    params = validate(module.PARAMS, given, name)
    check = getattr(module, "check", None)  # rules between parameters, before any data is read
    if check is not None:
        check(params)
    warehouse = data if isinstance(data, Warehouse) else Warehouse(data_dir(data))
    try:
        output = module.run(warehouse, params)
    except BaseException as exc:
        if warehouse is not data:
            warehouse.close()
        if isinstance(exc, engine.CatalogException):
            # A table or view the report reads is not in the warehouse: it was built by another arlake.
            missing = str(exc).splitlines()[0]
            raise DataError(
                f"the warehouse {warehouse.path} lacks what the {name} report reads ({missing}): it was built by "
                f"another version of arlake; run `arlake build --data {warehouse.data}` again"
            ) from None
        raise
    return output if warehouse is data or keep_open else output.also_on_close(warehouse.close)


def _document(name: str, data: Warehouse | str | Path | None, params: dict[str, Any]) -> Any:
    if "from_" in params:  # `from` is a Python keyword
        params["from"] = params.pop("from_")
    return run(name, data, **params).to_python()


def receivable_aging_summary(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Bigcapital A/R Aging Summary shape: customers x buckets at as_date (docs/reports.md)."""
    return _document("receivable-aging-summary", data, params)


def aged_receivables(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Built.africa aged receivables list: open balance by days outstanding (docs/reports.md)."""
    return _document("aged-receivables", data, params)


def customer_aging_detail(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Layer AR aging detail of one customer, integer cents (docs/reports.md)."""
    return _document("customer-aging-detail", data, params)


def collections_summary_by_customer(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Stuut collections summary by customer and period, integer cents; `from` may be passed as from_."""
    return _document("collections-summary-by-customer", data, params)


def invoices(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Stuut List Invoices shape: one page of invoices at as_of, integer cents (docs/invoices.md)."""
    return _document("invoices", data, params)


def dso(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """The DSO family per month (docs/metrics.md) for an organization or, with customer_id, one customer;
    `from` may be passed as from_."""
    return _document("dso", data, params)


def customer_balances(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Receivable, unapplied cash, credits and net balance per customer at as_date (docs/metrics.md)."""
    return _document("customer-balances", data, params)


def aging_invoices(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """The open invoices behind an aging cell (customer_id, bucket), one page at a time (docs/metrics.md)."""
    return _document("aging-invoices", data, params)


def aging_trend(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """The aging at every month or ISO-week end from `from` to as_of, for an organization or one customer
    (docs/metrics.md); `from` may be passed as from_."""
    return _document("aging-trend", data, params)


def cash_forecast(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Payer behaviour per customer and the expected collections by week for 13 weeks (docs/metrics.md)."""
    return _document("cash-forecast", data, params)


def aging_balance(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Stuut aging balance: open invoices counted and summed (integer cents) per days-past-due bucket."""
    return _document("aging-balance", data, params)


def collections_summary(data: Warehouse | str | Path | None = None, **params: Any) -> list:
    """Stuut collections summary of an organization per period, integer cents; `from` may be passed as from_."""
    return _document("collections-summary", data, params)


def ar_aging(data: Warehouse | str | Path | None = None, **params: Any) -> dict:
    """Layer AR aging report, all customers: every open invoice in its bucket, integer cents."""
    return _document("ar-aging", data, params)
