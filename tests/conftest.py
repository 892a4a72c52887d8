"""Fixtures: run the real CLI in-process; the longest test module first."""

from __future__ import annotations

import pytest

from arlake.cli import main

# `make test` hands whole test files to its workers in collection order. The Spark parity module is by far the
# longest (one Spark build, minutes on one worker): started last, it runs alone while the other workers sit idle.
FIRST = "test_spark_parity.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name != FIRST)  # stable: the order of the rest is kept


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out[:500]!r}, err={self.err[:2000]!r})"


@pytest.fixture
def cli(capsys):
    """Run `arlake ARGS...` in this process; returns exit code, stdout and stderr."""

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def api_warehouse(tmp_path_factory):
    """The hand-built two-tenant data of tests/api_data.py, built once for the session (read it, do not rebuild)."""
    from api_data import write_raw

    from arlake.build import build

    data = write_raw(tmp_path_factory.mktemp("api_data"))
    build(data)
    return data
