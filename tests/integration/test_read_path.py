"""How a report reads a real warehouse: through DuckDB's engine module, not the `duckdb` package's Python layer
(arlake.engine), with the report's output unchanged; and a warehouse lacking a view it reads is a data error."""

from __future__ import annotations

import datetime as dt
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


def _scans(con, sql: str, params: dict) -> list[tuple[str, str]]:
    """(table, scan type) of every table scan of `sql`'s profiled plan."""
    (_, profile), *_ = con.execute("explain (analyze, format json) " + sql, params).fetchall()
    found: list[tuple[str, str]] = []

    def walk(node):
        if isinstance(node, dict):
            info = node.get("extra_info")
            if isinstance(info, dict) and "Table" in info:
                found.append((info["Table"].rsplit(".", 1)[-1], info.get("Type")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(profile))
    return found


def test_a_page_of_invoices_is_looked_up_by_index(sample_data):
    # The three tables behind a page's rows, payments and outreach are indexed on invoice_key, and dim_customers on
    # customer_id (their meta lookup_index), and the reports' lookups read them through the index. DuckDB uses an
    # index only when the keys are the scan's one filter: a filtered page's rows are looked up so from the listing's
    # final date on (before it, the scan also filters on the issue date), a page's payments and outreach at any
    # date. Generated data: a table of one row would not do, as DuckDB drops a filter its statistics prove true.
    import importlib

    import duckdb

    from arlake.reports import common

    invoices = importlib.import_module("arlake.reports.invoices")
    with duckdb.connect(str(sample_data / "warehouse.duckdb"), read_only=True) as con:
        indexes = con.execute("select table_name, expressions from duckdb_indexes() order by 1").fetchall()
        assert indexes == [
            ("dim_customers", "[customer_id]"),
            ("int_invoice_list_base", "[invoice_key]"),
            ("int_invoice_list_outreach_base", "[invoice_key]"),
            ("int_payment_allocations", "[invoice_key]"),
        ]
        (final_on,) = con.execute("select max(final_on) from main.int_invoice_list_base").fetchone()
        con.execute("use warehouse.reports")
        # Two invoices with payments and outreach, inside the key range of each table and far apart (DuckDB reads
        # a list of consecutive keys as a range, which the tables' order by key serves through their zone maps).
        (looked,) = con.execute(
            "select list(invoice_key order by invoice_key) from (select distinct invoice_key"
            " from main.int_invoice_list_outreach_base semi join main.int_payment_allocations using (invoice_key))"
        ).fetchone()
        assert len(looked) > 20
        keys = {"keys": [looked[4], looked[-5]]}
        for as_of, looked_up in ((final_on, 3), (final_on - dt.timedelta(days=1), 2)):
            con.execute("set variable as_of_date = ?::date", [as_of])
            scans = [
                scan
                for sql in (invoices.ROWS_SQL.format(places=""), invoices.PAYMENTS_SQL, invoices.OUTREACH_SQL)
                for scan in _scans(con, sql, keys)
                if scan[0] in {table for table, _ in indexes}
            ]
            assert [kind for _, kind in scans].count("Index Scan") == looked_up, (as_of, scans)
            assert len(scans) == 3, scans
        # A report's customers (the page's partners, the customer of a one-customer report) by id.
        (ids,) = con.execute("select list(customer_id order by customer_id) from dim_customers").fetchone()
        customers = _scans(con, common.CUSTOMERS_SQL.replace("?", "$ids"), {"ids": [ids[3], ids[-4]]})
        assert customers == [("dim_customers", "Index Scan")], customers
