"""The same raw layer built by both engines gives the same warehouse: `arlake build` (DuckDB) and
`arlake build --engine spark` (the as-of-independent tables on a local Spark, the serving layer on DuckDB over
them). The DuckDB build is the independent path: every as-of-independent table must hold the same rows (money to
the cent, same column types), and every report the same JSON bytes, for several as-of dates and organizations.
Raw-data errors read the same and leave the previous warehouse serving.

One Spark session (dbt-spark's, in this process) serves every check of the module: one Spark build of a few
thousand generated invoices plus the edge-case files, and one failing build. Needs the spark extra (installed by
`make setup`) and a Java runtime (installed by `make test` when run as root on Debian; skipped, naming the
reason, where none is present).
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from support import query, rows_out_of_order, write_parquet
from test_collections_independent import EDGE_ORG
from test_collections_independent import add_edge_files as add_collections_edge_files
from test_ledger_independent import add_edge_files as add_ledger_edge_files

from arlake import reports
from arlake.build import build, check_spark
from arlake.errors import ArlakeError
from arlake.sample import generate

pytestmark = pytest.mark.slow

N_INVOICES = 2_500
SEED = 20_260_101


def _spark_available() -> str | None:
    """Why the Spark engine cannot run here, or None."""
    try:
        check_spark()
    except ArlakeError as exc:
        return str(exc)
    return None


@pytest.fixture(scope="module")
def spark_env():
    reason = _spark_available()
    if reason is not None and "spark extra" in reason:
        pytest.fail(f"{reason} (`make setup` installs it)")
    if reason is not None:
        pytest.skip(f"{reason}; `make test` installs one when run as root, it could not here")
    # A tiny data set: few shuffle partitions keep the local Spark build short.
    saved = {k: os.environ.get(k) for k in ("ARLAKE_SPARK_SHUFFLE_PARTITIONS", "ARLAKE_SPARK_DRIVER_MEMORY")}
    os.environ["ARLAKE_SPARK_SHUFFLE_PARTITIONS"] = "2"
    os.environ["ARLAKE_SPARK_DRIVER_MEMORY"] = "1g"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@dataclass
class Pair:
    duck: Path
    spark: Path


@pytest.fixture(scope="module")
def pair(spark_env, tmp_path_factory: pytest.TempPathFactory) -> Pair:
    source = tmp_path_factory.mktemp("parity_source")
    generate(source, invoices=N_INVOICES, seed=SEED)
    add_ledger_edge_files(source / "raw")
    add_collections_edge_files(source / "raw")
    duck, spark = tmp_path_factory.mktemp("parity_duckdb"), tmp_path_factory.mktemp("parity_spark")
    for data in (duck, spark):
        shutil.copytree(source / "raw", data / "raw")
    build(duck)
    build(spark, engine="spark")
    return Pair(duck, spark)


def _tables(warehouse: Path) -> dict[str, list[tuple[str, str]]]:
    """Every base table of a warehouse with its columns (name, type)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select c.table_schema || '.' || c.table_name, c.column_name, c.data_type"
            " from information_schema.columns c join information_schema.tables t"
            " using (table_catalog, table_schema, table_name)"
            " where t.table_type = 'BASE TABLE' order by 1, c.ordinal_position"
        ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        out.setdefault(table, []).append((column, data_type))
    return out


def _kind(data_type: str) -> str:
    """A column type up to what the engines may differ in without changing a value: integer width (DuckDB sums
    integers into HUGEINT, Spark into BIGINT) and decimal precision (sums widen to 38 digits on DuckDB, 28 or
    38 on Spark). The decimal scale, the cents of money, must match."""
    if data_type in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"):
        return "integer"
    if data_type.startswith("DECIMAL("):
        return "DECIMAL(scale " + data_type.split(",")[1].strip(" )") + ")"
    return data_type


def _rows(data: Path, table: str) -> list[tuple]:
    """The rows of `table` in the warehouse of `data`, sorted, the data directory written <data> in text (the
    data-quality details name raw files, and the two builds read copies of the raw layer in two folders)."""
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(f"select * from {table} order by all").fetchall()
    here = str(data)
    return sorted(
        (tuple(v.replace(here, "<data>") if isinstance(v, str) else v for v in row) for row in rows), key=repr
    )


def test_spark_writes_every_table_as_parquet(pair: Pair):
    duck_tables = _tables(pair.duck / "warehouse.duckdb")
    written = {p.name for p in (pair.spark / ".spark").iterdir() if any(p.glob("*.parquet"))}
    # Every table model; the declared query-time parameters are recorded by every DuckDB build (a hook, not a model).
    assert {name.split(".")[1] for name in duck_tables} <= written | {"arlake_query_parameters"}, written
    assert not (pair.spark / ".building").exists()


def test_every_as_of_independent_table_is_equal_row_for_row(pair: Pair):
    duck_tables = _tables(pair.duck / "warehouse.duckdb")
    spark_tables = _tables(pair.spark / "warehouse.duckdb")
    assert sorted(spark_tables) == sorted(duck_tables)
    assert len(duck_tables) >= 20, duck_tables  # the staging and intermediate layers and the table marts
    different = []
    for table, columns in duck_tables.items():
        kinds = [(name, _kind(t)) for name, t in columns]
        spark_kinds = [(name, _kind(t)) for name, t in spark_tables[table]]
        if spark_kinds != kinds:
            different.append(
                f"{table}: columns {[c for c in zip(kinds, spark_kinds, strict=False) if c[0] != c[1]]}"
            )
            continue
        duck_rows = _rows(pair.duck, table)
        spark_rows = _rows(pair.spark, table)
        if duck_rows != spark_rows:
            only_duck = sorted(set(duck_rows) - set(spark_rows))[:3]
            only_spark = sorted(set(spark_rows) - set(duck_rows))[:3]
            different.append(f"{table}: duckdb-only {only_duck}, spark-only {only_spark}")
    assert not different, "\n".join(different)
    # The comparison is not vacuous: the edge files are in, and money is there to the cent.
    balances = _rows(pair.duck, "main.int_invoice_daily_balances")
    assert len(balances) > N_INVOICES


def _serving_definitions(data: Path) -> dict[str, str]:
    """The SQL of every view and table macro of a warehouse, the data directory written <data>."""
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select schema_name || '.' || view_name, sql from duckdb_views() where not internal"
            " union all"
            " select schema_name || '.' || function_name, macro_definition from duckdb_functions()"
            " where function_type = 'table_macro' and not internal"
        ).fetchall()
    return {name: sql.replace(str(data), "<data>") for name, sql in rows}


def test_the_serving_layer_compiles_the_same_on_both_engines(pair: Pair):
    """Models that read a built table while they compile (the invoice list's final date, the stored collections
    grid's end) must find the tables Spark built, or they fall back to a slower general form: the invoice list
    at the latest date would join every invoice's daily balances instead of reading its final snapshot."""
    duck, spark = _serving_definitions(pair.duck), _serving_definitions(pair.spark)
    assert sorted(spark) == sorted(duck)
    assert "reports.invoice_list_at" in duck
    different = [name for name in duck if spark[name] != duck[name]]
    assert not different, different


def test_spark_tables_keep_the_order_they_were_written_in(pair: Pair):
    """The open stretches are written in (organization, still open first, customer, open_from) order, so one
    customer's rows sit together in two short ranges and the still-open ones fill row groups of their own that a
    report at the latest date reads alone (zone maps); the DuckDB copy keeps Spark's order."""
    warehouse = pair.spark / "warehouse.duckdb"
    key = "(organization_id, open_until is not null, customer_id, open_from)"
    rows, out_of_order = rows_out_of_order(warehouse, "int_invoice_open_periods", key)
    ((still_open,),) = query(
        warehouse, "select count(*) filter (where open_until is null) from int_invoice_open_periods"
    )
    assert rows > N_INVOICES / 4
    assert 0 < still_open < rows
    assert out_of_order == 0


def _organizations(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select distinct organization_id from reports.dim_invoices order by 1").fetchall()
    return [org for (org,) in rows]


def _customers(warehouse: Path, org: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select customer_id from main.int_customers where organization_id = ? order by customer_id limit 2",
            [org],
        ).fetchall()
    found = [c for (c,) in rows]
    return found + (["cus_x_flow", "cus_x_void_only", "cus_x_rounding"] if org == EDGE_ORG else [])


AS_OF_DATES = [datetime.date(2024, 12, 31), datetime.date(2025, 7, 15), datetime.date(2026, 6, 30)]


def _report_calls(warehouse: Path) -> list[tuple[str, dict]]:
    calls: list[tuple[str, dict]] = []
    for org in _organizations(warehouse):
        for day in AS_OF_DATES:
            calls += [
                ("receivable-aging-summary", {"organization_id": org, "as_date": day}),
                ("receivable-aging-summary", {"organization_id": org, "as_date": day, "aging_periods": 5}),
                ("aged-receivables", {"organization_id": org, "date": day, "range": 45}),
                ("collections-summary-by-customer", {"organization_id": org, "as_of": day}),
                (
                    "collections-summary-by-customer",
                    {"organization_id": org, "as_of": day, "interval": "weekly"},
                ),
                ("dso", {"organization_id": org, "as_of": day}),
                ("invoices", {"organization_id": org, "as_of": day, "limit": 200}),
                ("aging-balance", {"organization_id": org, "as_of": day}),
                ("aging-invoices", {"organization_id": org, "as_date": day}),
                ("aging-trend", {"organization_id": org, "as_of": day}),
                (
                    "aging-trend",
                    {"organization_id": org, "as_of": day, "interval": "weekly", "basis": "issue_date"},
                ),
                ("ar-aging", {"business_id": org, "effective_date": day}),
                ("cash-forecast", {"organization_id": org, "as_date": day}),
                ("collections-summary", {"organization_id": org, "as_of": day}),
                ("customer-balances", {"organization_id": org, "as_date": day}),
                (
                    "invoices",
                    {"organization_id": org, "as_of": day, "sort_by": "amount_due", "sort_order": "asc"},
                ),
            ]
            for customer in _customers(warehouse, org):
                calls.append(
                    (
                        "customer-aging-detail",
                        {"business_id": org, "customer_id": customer, "effective_date": day},
                    )
                )
    return calls


def test_every_report_is_identical(pair: Pair):
    calls = _report_calls(pair.duck / "warehouse.duckdb")
    assert {name for name, _ in calls} == set(reports.REPORTS)
    different = []
    for name, params in calls:
        duck = reports.run(name, pair.duck, **params).to_bytes()
        spark = reports.run(name, pair.spark, **params).to_bytes()
        if duck != spark:
            different.append(f"{name} {params}")
    assert not different, f"{len(different)} of {len(calls)} reports differ:\n" + "\n".join(different[:20])
    # Not vacuous: the reports hold money.
    assert b'"total"' in reports.run("receivable-aging-summary", pair.spark, **calls[0][1]).to_bytes()


def test_raw_data_error_reads_the_same_and_keeps_the_warehouse(pair: Pair, cli, tmp_path: Path):
    """A money column that is no number: exit 3 naming file, table and column, on both engines alike."""
    bad_select = (
        "select 'i_bad' as invoice_id, 'org_001' as organization_id, 'c1' as customer_id, "
        "'lots' as total_amount, timestamp '2025-01-01' as issued_at"
    )
    messages = {}
    for engine, data in (("duckdb", pair.duck), ("spark", pair.spark)):
        before = reports.run("dso", data, organization_id=EDGE_ORG, as_of=AS_OF_DATES[-1]).to_bytes()
        bad = write_parquet(data / "raw" / "invoices" / "zz-bad.parquet", bad_select)
        try:
            r = cli("build", "--engine", engine, "--data", data)
        finally:
            bad.unlink()
        assert r.code == 3, r
        assert "Traceback" not in r.err
        assert str(bad) in r.err and "total_amount" in r.err, r
        messages[engine] = r.err.replace(str(data), "<data>")
        after = reports.run("dso", data, organization_id=EDGE_ORG, as_of=AS_OF_DATES[-1]).to_bytes()
        assert after == before
        assert not (data / ".building").exists()
    assert messages["spark"] == messages["duckdb"]


def _run_cli(args: list[str], env: dict[str, str], prelude: str = "") -> subprocess.CompletedProcess:
    code = f"import sys\n{prelude}\nfrom arlake.cli import main\nsys.exit(main({args!r}))"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_without_the_spark_extra_exit_2_says_how_to_install(tmp_path: Path):
    # Python treats a None entry in sys.modules as a module that cannot be imported: as if pyspark were absent.
    r = _run_cli(
        ["build", "--engine", "spark", "--data", str(tmp_path)],
        dict(os.environ),
        prelude="sys.modules['pyspark'] = None",
    )
    assert r.returncode == 2, r
    assert "pip install 'arlake[spark]'" in r.stderr
    assert "Traceback" not in r.stderr


def test_without_java_exit_3_says_so(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    env["PATH"] = str(tmp_path / "no-java-here")
    r = _run_cli(["build", "--engine", "spark", "--data", str(tmp_path)], env)
    assert r.returncode == 3, r
    assert "needs a Java runtime" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "warehouse.duckdb").exists()
