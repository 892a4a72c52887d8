"""What the dbt project promises its consumers, through real dbt runs on a built warehouse:

- the marts have enforced contracts, so a renamed or retyped column fails the build (the query-time models'
  query_view materialization included, which checks the contract against the view it creates);
- the cross-report data tests fail on a warehouse whose stored months or final balances disagree with the rest
  (they read each source at literal dates and skip the periods already compared, and still see such a change);
- `dbt docs generate`, run as the README says, works, describes every column of every mart with the docs blocks
  of docs/metrics.md and docs/invoices.md, and shows each report as an exposure naming the marts its module
  reads.
"""

from __future__ import annotations

import ast
import datetime
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import query, rows_out_of_order

from arlake import reports
from arlake.reports import common
from arlake.server.endpoints import endpoints

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).parent / "dbt")


def _dbt(args: list[str], cwd: Path, data: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ARLAKE_", "DBT_"))}
    environment.update(ARLAKE_DATA=str(data), DO_NOT_TRACK="1", **env)
    return subprocess.run([DBT, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)


def _project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(REPO / name, project / name)
    for name in ("models", "macros", "docs"):
        shutil.copytree(REPO / name, project / name)
    return project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new))


def test_a_renamed_or_retyped_mart_column_fails_the_build(sample_data, tmp_path):
    project = _project_copy(tmp_path)
    marts = project / "models" / "marts"
    # A query_view model with a renamed column, one with a retyped column, and a table with a renamed column;
    # invoice_list_outreach is left as it is and must still build.
    _edit(
        marts / "ar_aging_by_customer.sql",
        "cast(sum(outstanding) as decimal(38, 2)) as outstanding",
        "cast(sum(outstanding) as decimal(38, 2)) as outstanding_amount",
    )
    _edit(
        marts / "dso_monthly_by_customer.sql",
        "select dso_metrics.*",
        "select dso_metrics.* replace (cast(dso_metrics.standard_dso as double) as standard_dso)",
    )
    _edit(marts / "dim_customers.sql", "    name,\n", "    name as customer_name,\n")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(sample_data / "warehouse.duckdb", data / "warehouse.duckdb")
    shutil.copytree(sample_data / "raw", data / "raw")

    selected = ["ar_aging_by_customer", "dso_monthly_by_customer", "dim_customers", "invoice_list_outreach"]
    result = _dbt(
        ["run", "--profiles-dir", ".", "--select", *selected, "--target-path", str(tmp_path / "target")],
        project,
        data,
    )
    assert result.returncode != 0
    run = json.loads((tmp_path / "target" / "run_results.json").read_text())
    outcome = {r["unique_id"].split(".")[-1]: (r["status"], r["message"] or "") for r in run["results"]}
    assert outcome["invoice_list_outreach"][0] == "success"
    for model, column in (
        ("ar_aging_by_customer", "outstanding"),
        ("dso_monthly_by_customer", "standard_dso"),
        ("dim_customers", "name"),
    ):
        status, message = outcome[model]
        assert status == "error", (model, message)
        assert "contract" in message and column in message, (model, message)


def _failures(tmp_path: Path, data: Path, tests: list[str]) -> dict[str, tuple[str, int]]:
    """Run the named data tests on `data`'s warehouse; (status, failing rows) per test name."""
    target = tmp_path / "target"
    selected = [f"test_name:{name}" for name in tests]
    result = _dbt(
        ["test", "--profiles-dir", ".", "--select", *selected, "--target-path", str(target)], REPO, data
    )
    assert "Compilation Error" not in result.stdout, result.stdout[-3000:]
    run = json.loads((target / "run_results.json").read_text())
    outcome = {}
    for r in run["results"]:
        name = next((t for t in tests if r["unique_id"].startswith(f"test.arlake.{t}_")), None)
        if name is not None:  # the project's hooks are results too
            outcome[name] = (r["status"], r["failures"] or 0)
    return outcome


def test_the_cross_report_data_tests_fail_on_a_changed_month_or_balance(sample_data, tmp_path):
    import duckdb

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(sample_data / "warehouse.duckdb", data / "warehouse.duckdb")
    shutil.copytree(sample_data / "raw", data / "raw")
    tests = [
        "arlake_dso_inputs_match_collections",
        "arlake_dso_inputs_sum_customers",
        "arlake_reports_agree_on_ar",
    ]
    # The sample's build ran these tests on the same warehouse and passed them (a failing data test fails it).

    with duckdb.connect(str(data / "warehouse.duckdb")) as con:
        # One customer's stored month a year before the last activity date (compared at the first tested date
        # only): its AR at the month's end one cent higher than the collections measures and its organization's.
        last = con.execute("select max(last_activity_on) from reports.dim_organizations").fetchone()[0]
        month = datetime.date(last.year - 1, last.month, 1)
        changed = con.execute(
            "update main.int_dso_collections_monthly set ar_end = ar_end + 1 "
            "where (customer_id, period_start) = (select (customer_id, period_start) "
            "from main.int_dso_collections_monthly where period_start = ? and ar_end > 0 "
            "order by customer_id limit 1)",
            [month],
        ).fetchone()[0]
        assert changed == 1
        # One open invoice's final outstanding (what the invoice list reads at the last date) one cent higher.
        changed = con.execute(
            "update main.int_invoice_list_base set final_outstanding = final_outstanding + 0.01 "
            "where invoice_id = (select min(invoice_id) from main.int_invoice_list_base "
            "where not is_draft and voided_on is null and uncollectible_on is null and final_outstanding > 0)"
        ).fetchone()[0]
        assert changed == 1

    outcome = _failures(tmp_path, data, tests)
    assert outcome["arlake_dso_inputs_match_collections"] == ("fail", 1)
    assert outcome["arlake_dso_inputs_sum_customers"] == ("fail", 1)
    assert outcome["arlake_reports_agree_on_ar"][0] == "fail"


def test_the_stretches_against_the_ledger_fail_at_each_date_a_stretch_is_wrong(sample_data, tmp_path):
    """arlake_open_periods_match_ledger compares each customer's AR at three dates (the last ledger date, 90 and 365
    days before it): a stretch open since before all three and one cent too large is wrong at each of them; a
    stretch removed that held only the middle date is wrong there alone, for another customer. 3 + 1 rows."""
    import duckdb

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(sample_data / "warehouse.duckdb", data / "warehouse.duckdb")
    shutil.copytree(sample_data / "raw", data / "raw")
    with duckdb.connect(str(data / "warehouse.duckdb")) as con:
        last = con.execute("select max(balance_on) from main.int_invoice_daily_balances").fetchone()[0]
        middle, first = last - datetime.timedelta(days=90), last - datetime.timedelta(days=365)
        customer, invoice, opened = con.execute(
            "select customer_id, invoice_id, open_from from main.int_invoice_open_periods "
            "where open_until is null and open_from <= ? order by invoice_id, open_from limit 1",
            [first],
        ).fetchone()
        changed = con.execute(
            "update main.int_invoice_open_periods set outstanding = outstanding + 0.01 "
            "where invoice_id = ? and open_from = ?",
            [invoice, opened],
        ).fetchone()[0]
        assert changed == 1
        removed = con.execute(
            "delete from main.int_invoice_open_periods where (invoice_id, open_from) = ("
            "select (invoice_id, open_from) from main.int_invoice_open_periods "
            "where open_from > ? and open_from <= ? and open_until > ? and open_until <= ? and customer_id <> ? "
            "order by invoice_id, open_from limit 1)",
            [first, middle, middle, last, customer],
        ).fetchone()[0]
        assert removed == 1

    # The ledger is a view of the build's own file, which `arlake build` removed: dbt writes it again (the
    # build-only models the ledger reads, into <data>/build_only.duckdb), as an analyst running this test would.
    result = _dbt(
        [
            "run",
            "--profiles-dir",
            ".",
            "--select",
            "+int_invoice_ledger,config.database:arlake_build",
            "--target-path",
            str(tmp_path / "target-ledger"),
        ],
        REPO,
        data,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    outcome = _failures(tmp_path, data, ["arlake_open_periods_match_ledger"])
    assert outcome["arlake_open_periods_match_ledger"] == ("fail", 4)


def _block(path: Path, name: str) -> str:
    """The text of docs block `name` in `path`, read with a regular expression (not by dbt)."""
    match = re.search(r"\{%\s*docs\s+" + name + r"\s*%\}(.*?)\{%\s*enddocs\s*%\}", path.read_text(), re.S)
    assert match, f"no docs block {name} in {path}"
    return match.group(1).strip()


def _marts_read_by(module) -> set[str]:
    """The marts a report module queries: mart names in its string constants (docstrings aside), and in those of
    the shared helpers (arlake.reports.common) it calls, with the module-level SQL of common those helpers read."""
    marts = {p.stem for p in (REPO / "models" / "marts").glob("*.sql")}

    def strings(tree: ast.AST) -> set[str]:
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        return {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        }

    tree = ast.parse(inspect.getsource(module))
    texts = strings(tree)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    for name in used:
        helper = getattr(common, name, None)
        if inspect.isfunction(helper) and helper.__module__ == common.__name__:
            helper_tree = ast.parse(inspect.getsource(helper))
            texts |= strings(helper_tree)
            texts |= {
                getattr(common, node.id)
                for node in ast.walk(helper_tree)
                if isinstance(node, ast.Name) and isinstance(getattr(common, node.id, None), str)
            }
    return {mart for mart in marts for text in texts if re.search(rf"\b{mart}\b", text)}


@pytest.fixture(scope="module")
def docs(sample_data, tmp_path_factory):
    """`dbt docs generate` run as the README says (from the repository, ARLAKE_DATA set), its artifacts
    written to a folder of the test's own."""
    target = tmp_path_factory.mktemp("docs-target")
    result = _dbt(
        ["docs", "generate", "--profiles-dir", "."],
        REPO,
        sample_data,
        DBT_TARGET_PATH=str(target),
        DBT_LOG_PATH=str(target / "logs"),
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    return manifest, catalog


def test_docs_describe_every_column_of_every_mart(docs):
    manifest, catalog = docs
    marts = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "reports"
    }
    assert {p.stem for p in (REPO / "models" / "marts").glob("*.sql")} == set(marts)
    for name, node in marts.items():
        assert node["config"]["contract"]["enforced"], name
        assert node["description"].strip(), name
        built = catalog["nodes"][node["unique_id"]]["columns"]
        assert set(built) == set(node["columns"]), name  # the warehouse's columns are the declared ones
        for column, spec in node["columns"].items():
            assert spec["description"].strip() and "{{" not in spec["description"], (name, column)
            assert spec["data_type"], (name, column)
    # The words of docs/metrics.md and docs/invoices.md are the columns' descriptions, not a copy of them.
    metrics, invoices = REPO / "docs" / "metrics.md", REPO / "docs" / "invoices.md"
    column = lambda model, name: marts[model]["columns"][name]["description"]  # noqa: E731
    assert column("ar_aging_by_customer", "bucket_index") == _block(metrics, "bucket_index")
    assert column("collections_summary_by_customer", "amount_collected_automated") == _block(
        metrics, "amount_collected_automated"
    )
    assert column("dso_monthly", "countback_dso") == _block(metrics, "countback_dso")
    assert column("dso_monthly_by_customer", "countback_dso") == _block(metrics, "countback_dso")
    assert column("invoice_balances_as_of", "outstanding") == _block(metrics, "outstanding")
    assert column("invoice_list", "status") == _block(invoices, "invoice_status")
    assert "never below 0" in column("invoice_list", "amount_due")


def test_every_report_and_http_path_is_an_exposure_naming_the_marts_it_reads(docs):
    manifest, _ = docs
    exposures = {e["label"]: e for e in manifest["exposures"].values()}
    assert set(reports.REPORTS) <= set(exposures)
    for name, module in reports.REPORTS.items():
        named = {node.split(".")[-1] for node in exposures[name]["depends_on"]["nodes"]}
        read = _marts_read_by(module)
        assert "dim_organizations" in read  # every report resolves its organization
        assert named == read, name
    # Every path of the HTTP server is listed on the exposure of the report it serves.
    listed = {
        (label, path) for label, e in exposures.items() for path in e["config"]["meta"].get("http_paths", [])
    }
    served = {(endpoint.report, f"GET {endpoint.path}") for endpoint in endpoints()}
    assert served and listed == served


def test_the_warehouse_records_the_declared_query_parameters(sample_data, tmp_path):
    """The Python layer reads the query-time parameters from the warehouse it opens: the set declared in
    dbt_project.yml (read here with a YAML parser, independently of the build), in declaration order. A name
    outside it is refused; a warehouse that records none is a clear error naming it, not a traceback."""
    import duckdb
    import yaml

    from arlake.errors import DataError
    from arlake.warehouse import Warehouse

    declared = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]["arlake_query_parameters"]
    expected = {name: spec["type"] for name, spec in declared.items()}
    assert len(expected) >= 5
    with Warehouse(sample_data) as warehouse:
        assert warehouse.parameters == expected
        assert list(warehouse.parameters) == list(expected)
        with pytest.raises(ValueError, match="unknown query-time parameter 'as_of_dat'"):
            warehouse.cursor(as_of_dat="2026-01-31")
        with warehouse.reading(as_of_date="2026-01-31", aging_width=15) as cur:
            values = cur.execute("select getvariable('aging_width'), getvariable('as_of_date')").fetchone()
            assert values == (15, datetime.date(2026, 1, 31))

    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(sample_data / "warehouse.duckdb", old / "warehouse.duckdb")
    with duckdb.connect(str(old / "warehouse.duckdb")) as con:
        con.execute("drop table main.arlake_query_parameters")
    with pytest.raises(DataError, match=r"records no query-time parameters .*run `arlake build` again"):
        Warehouse(old)


def test_queries_fetched_concurrently_keep_their_order_parameters_and_errors(sample_data):
    """Warehouse.fetch_concurrently (a page's lookups by key): each query's rows come back in the order the
    queries were given, each cursor carries the variables, positional and named parameters both bind, and a
    failing query raises its own error rather than returning partial rows."""
    import datetime

    import duckdb

    from arlake.warehouse import Warehouse

    queries = [
        ("select getvariable('as_of_date') as d, $n as n", {"n": 1}),
        ("select customer_id from dim_customers order by customer_id limit ?", [2]),
        ("select getvariable('aging_width') as w, $n as n", {"n": 3}),
    ]
    with Warehouse(sample_data) as warehouse:
        dated, customers, widths = warehouse.fetch_concurrently(
            queries, as_of_date="2026-01-31", aging_width=15
        )
        assert dated == [{"d": datetime.date(2026, 1, 31), "n": 1}]
        assert widths == [{"w": 15, "n": 3}]
        with warehouse.reading() as cur:
            expected = cur.execute("select min(customer_id) from dim_customers").fetchone()[0]
        assert len(customers) == 2 and customers[0]["customer_id"] == expected
        with pytest.raises(duckdb.CatalogException, match="no_such_table"):
            warehouse.fetch_concurrently(
                [queries[0], ("select * from no_such_table", {})], as_of_date="2026-01-31"
            )


def test_the_warehouse_cents_macro_is_exact_on_both_sides_of_its_fast_path(sample_data):
    """reports.arlake_cents (what every report's JSON uses for integer cents) against Python's Decimal x 100, at
    the edges of its 64-bit path (below 10^13) and well past it."""
    from decimal import Decimal

    from arlake.warehouse import Warehouse

    values = [Decimal(v) for v in ("0", "0.01", "-0.01", "1234.56", "9999999999999.99", "10000000000000.00")]
    values += [Decimal("12345678901234567.89"), Decimal("-92233720368547758.07")]
    values += [-v for v in values[3:6]]
    with Warehouse(sample_data) as warehouse, warehouse.reading() as cur:
        got = cur.execute(
            "select arlake_cents(v) from unnest($v::decimal(38, 2)[]) with ordinality as t(v, i) order by i",
            {"v": values},
        ).fetchall()
    assert [c for (c,) in got] == [int(v * 100) for v in values]


def test_the_stored_tables_keep_the_layout_the_reports_read(sample_data):
    """The layouts the fast reads rely on, on a built warehouse: the open stretches in (organization, still open
    first, customer, open_from) order with their invoice id and number stored with ZSTD (the contract's custom
    constraint), and the collections points in (organization, interval, period) order (sorted by a model of their
    own from the unordered points), the per-invoice table in (organization, final_open, place) order, and the
    allocations, the listing's outreach and the payments in (organization, customer) order. A layout
    lost in a change would keep every number and silently slow the drill-down and the collections reports."""
    warehouse = sample_data / "warehouse.duckdb"
    rows, unordered = rows_out_of_order(
        warehouse,
        "int_invoice_open_periods",
        "(organization_id, open_until is not null, customer_id, open_from)",
    )
    assert rows > 500 and unordered == 0
    kinds = query(warehouse, "select count(distinct open_until is null) from int_invoice_open_periods")
    assert kinds == [(2,)]
    compression = dict(
        query(
            warehouse,
            "select column_name, list(distinct compression order by compression)"
            " from pragma_storage_info('main.int_invoice_open_periods')"
            " where segment_type = 'VARCHAR' and column_name in ('invoice_id', 'number', 'customer_id')"
            " group by 1",
        )
    )
    assert compression["invoice_id"] == ["ZSTD"]
    assert compression["number"] == ["ZSTD"]
    # the default elsewhere: the constraint is per column
    assert compression["customer_id"] != ["ZSTD"]

    rows, unordered = rows_out_of_order(
        warehouse, "int_collection_points", "(organization_id, period_interval, period_start)"
    )
    assert rows > 500 and unordered == 0

    # the measures read the invoices issued or settled in a period from a few row groups: the per-invoice table
    # (int_invoice_balances is a view of it) in default listing order, by issue time within each run of final_open
    rows, unordered = rows_out_of_order(
        warehouse,
        "int_invoice_list_base",
        "(organization_id, final_open, final_position is null, final_position)",
    )
    assert rows > 500 and unordered == 0

    # the tables sorted by the customer's integer key (int_customers.customer_key) are in (organization, customer)
    # order, as sorting by the two texts would leave them: one customer's rows lie together
    for table, key in [
        ("int_payment_allocations", "(organization_id, customer_id, invoice_key)"),
        ("int_invoice_list_outreach_base", "(organization_id, customer_id, invoice_key)"),
        ("dim_payments", "(organization_id, customer_id, payment_id)"),
    ]:
        rows, unordered = rows_out_of_order(warehouse, table, key)
        assert rows > 500 and unordered == 0, table


BUILD_ONLY = {
    "stg_arlake__adjustments",
    "stg_arlake__invoices",
    "stg_arlake__invoices_deduped",
    "stg_arlake__payments",
    "stg_arlake__outreach",
    "stg_arlake__outreach_invoices",
    "stg_arlake__payment_allocations",
    "int_collection_points_unordered",
    "int_payment_allocations_unordered",
    "int_invoice_first_touches",
}


def test_the_warehouse_holds_no_table_only_the_build_reads(sample_data):
    """The staged tables only other models read, and the collections points before their sort, are written to
    the build's own file (database arlake_build), which goes with the build folder: the warehouse keeps what
    reports and BI tools read, and every view and macro in it resolves without that file."""
    warehouse = sample_data / "warehouse.duckdb"
    tables = {name for (name,) in query(warehouse, "select table_name from duckdb_tables()")}
    assert not tables & BUILD_ONLY
    # what reads them at build time is there
    assert {
        "dim_payments",
        "int_collection_points",
        "int_invoice_daily_balances",
        "int_invoice_touches",
        "int_payment_allocations",
    } <= tables
    # the views over the staged invoices and payments went with them: the invoices, their ledger and the payments
    # are read from the tables they fold into
    views = {name for (name,) in query(warehouse, "select view_name from duckdb_views() where not internal")}
    assert not views & {"int_receivable_invoices", "int_invoices", "int_invoice_ledger", "int_payments"}
    assert {"invoice_balances_as_of", "payment_balances_as_of"} <= views
    # the invoices are stored once: dim_invoices and int_invoice_balances, the measures' per-invoice view, are views
    # of the invoice list's table
    assert {"dim_invoices", "int_invoice_balances"} <= views and "int_invoice_list_base" in tables
    assert query(warehouse, "select database_name from duckdb_databases() where not internal") == [
        ("warehouse",)
    ]
    refers = query(
        warehouse,
        "select view_name from duckdb_views() where sql ilike '%arlake_build%'"
        " union all select function_name from duckdb_functions() where macro_definition ilike '%arlake_build%'",
    )
    assert refers == []
    # every view of the warehouse answers on its own (BI tools open the file alone)
    for schema, view in query(
        warehouse, "select schema_name, view_name from duckdb_views() where not internal"
    ):
        query(warehouse, f'select * from "{schema}"."{view}" limit 0')
    assert not (sample_data / ".building").exists()
