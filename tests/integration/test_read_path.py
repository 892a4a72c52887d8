"""How a report reads a real warehouse: through DuckDB's engine module, not the `duckdb` package's Python layer
(arlake.engine), with the report's output unchanged; and a warehouse lacking a view it reads is a data error."""

from __future__ import annotations

import json
import subprocess
import sys


def test_a_report_command_reads_through_the_engine_module_alone(api_warehouse):
    code = f"""
import sys
from arlake.cli import main
try:
    main(["report", "customer-aging-detail", "--data", {str(api_warehouse)!r}, "--business-id", "org_a",
          "--customer-id", "c_acme", "--effective-date", "2025-06-30"])
except SystemExit as exc:
    print("exit", exc.code, file=sys.stderr)
print("loaded", sorted(m for m in ("duckdb", "_duckdb") if m in sys.modules), file=sys.stderr)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "loaded ['_duckdb']" in r.stderr, r.stderr
    assert "exit" not in r.stderr or "exit 0" in r.stderr, r.stderr
    out = json.loads(r.stdout)
    assert out["type"] == "AR_Aging_Customer_Detail" and out["customer"]["id"] == "c_acme"
    # Acme in tests/api_data.py on 2025-06-30: i1 750.00 current, i2 500.00 in 1-30, i3 200.00 in 91+ (cents).
    assert (out["current"], out["days_1_30"], out["days_91_over"], out["total"]) == (
        75000,
        50000,
        20000,
        145000,
    )


def test_the_engine_objects_are_the_duckdb_package_objects():
    import duckdb

    from arlake import engine

    assert engine.connect is duckdb.connect
    assert engine.Error is duckdb.Error
    assert engine.Connection is duckdb.DuckDBPyConnection


def test_a_warehouse_without_a_view_the_report_reads_is_a_data_error(api_warehouse, tmp_path, cli):
    # A warehouse built by an arlake whose marts lack one the report reads: exit 3 naming it, no traceback.
    import shutil

    import duckdb

    shutil.copy(api_warehouse / "warehouse.duckdb", tmp_path / "warehouse.duckdb")
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        con.execute("drop view reports.invoice_list_open")
    args = ("--organization-id", "org_a", "--as-of", "2025-06-30")
    r = cli("report", "invoices", "--data", tmp_path, *args, "--status", "open")
    assert r.code == 3, r
    assert "lacks what the invoices report reads" in r.err and "invoice_list_open" in r.err, r.err
    assert f"run `arlake build --data {tmp_path}` again" in r.err and "Traceback" not in r.err, r.err
    # The report's other listing is still there: without the status filter the same warehouse answers.
    assert cli("report", "invoices", "--data", tmp_path, *args).code == 0
