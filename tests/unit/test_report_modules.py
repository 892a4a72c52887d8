"""The report registry: every report name maps to the module of that NAME, and a one-report command imports only
its own report module (the start-up every `arlake report` pays)."""

from __future__ import annotations

import subprocess
import sys

from arlake import reports


def test_every_name_maps_to_its_module():
    assert len(reports.REPORTS) == 13
    for name, module in reports.REPORTS.items():
        assert module.NAME == name and module.__name__ == f"arlake.reports.{name.replace('-', '_')}"
        assert module.PARAMS and callable(module.run)
    assert "no-such-report" not in reports.REPORTS


def test_a_report_command_imports_only_its_report(tmp_path):
    # A data directory without a warehouse: the command stops at exit 3 after parsing, as far as a real run gets
    # before reading data. The code prints which report modules were imported by then.
    code = f"""
import sys
from arlake.cli import main
try:
    main(["report", "customer-aging-detail", "--data", {str(tmp_path)!r}, "--customer-id", "c1"])
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith("arlake.reports.")))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (
        r.stdout.strip()
        == "['arlake.reports.common', 'arlake.reports.customer_aging_detail', 'arlake.reports.params']"
    )


def test_library_functions_keep_their_names_after_their_modules_are_imported():
    """`arlake.reports.invoices(data, ...)` is the library function, whichever report modules were imported since
    (importing arlake.reports.invoices binds that name in the package)."""
    import importlib

    for name in reports.REPORTS:
        short = name.replace("-", "_")
        importlib.import_module(f"arlake.reports.{short}")
        function = getattr(reports, short)
        assert callable(function) and not isinstance(function, type(reports)), short
        assert function.__module__ == "arlake.reports", short
