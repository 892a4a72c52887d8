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
MODULES: tuple[str, ...] = ()  # report modules, imported on demand (each registers itself)


def register(name: str, params: tuple[Param, ...]):
    def wrap(func):
        REPORTS[name] = Report(name, params, func)
        return func

    return wrap


def run_report(name: str, data: str | Path | None = None, **given: Any) -> Any:
    """Validate `given` against the report's parameters and run it on the warehouse of `data`."""
    from ..errors import ParameterError

    report = REPORTS.get(name)
    if report is None:
        raise ParameterError(f"unknown report {name!r}; reports: {', '.join(sorted(REPORTS))}")
    params = validate(report.params, given, name)
    return report.runner(data_dir(data), params)


def load_all() -> None:
    import importlib

    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")
