"""Reproducible timings for docs/benchmarks.md.

    python benchmarks/bench.py --invoices 1000000 [--data benchmarks/out/1m] [--steps generate,build,reports]

Each step runs in a child process, so its wall time and peak RSS (getrusage of the child) are its own:
- generate: `arlake generate --out DATA --invoices N` (DATA must not hold raw data yet);
- build:    `arlake build --data DATA`;
- reports:  each aging report called REPEAT times through the Python API in one process; the first call is
            cold (opens the warehouse), the median of the others is "warm".
- invoices: the `invoices` report (List Invoices shape) of the largest organization, REPEAT times each: the
            first page with no filter, status open/overdue + amount_remaining gte:1000.00 sorted by amount_due,
            and page 1000 (50 per page);
- ingest:   `arlake ingest stuut-invoices` of a List Invoices export of INGEST_INVOICES generated invoices
            (default 100,000; generated, built and exported under DATA-ingest-N/ first, the export timed too).
- beyond:   customer-balances, aging-invoices (one cell's first page, organization and one customer),
            aging-trend (monthly over the last two years, organization and one customer) and cash-forecast of the
            largest organization, each a whole `arlake report` process writing its JSON to a file.
Prints one Markdown table row per measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

REPORTS_SNIPPET = r"""
import json, resource, statistics, sys, time
from arlake import reports
from arlake.warehouse import connect
from arlake.demo import last_data_date

data, repeat = sys.argv[1], int(sys.argv[2])
as_of = last_data_date(data)
with connect(data) as con:
    org = con.execute("select organization_id from int_invoices group by 1 order by count(*) desc limit 1").fetchone()[0]
    customer = con.execute(
        "select customer_id from int_invoices where organization_id = ? group by 1 order by count(*) desc limit 1",
        [org],
    ).fetchone()[0]
    customers = con.execute("select count(*) from stg_arlake__customers where organization_id = ?", [org]).fetchone()[0]
calls = {
    "receivable-aging-summary (all customers of the largest organization)":
        lambda: reports.receivable_aging_summary(data, organization_id=org, as_date=as_of),
    "aged-receivables": lambda: reports.aged_receivables(data, organization_id=org, date=as_of),
    "customer-aging-detail (the customer with most invoices)":
        lambda: reports.customer_aging_detail(data, business_id=org, customer_id=customer, effective_date=as_of),
}
for name, call in calls.items():
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
    print(json.dumps({"step": name, "cold_s": times[0], "warm_s": warm, "customers": customers}))
print(json.dumps({"step": "reports process", "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

INVOICES_SNIPPET = r"""
import json, resource, statistics, sys, time
from arlake import reports
from arlake.warehouse import connect
from arlake.demo import last_data_date

data, repeat = sys.argv[1], int(sys.argv[2])
as_of = last_data_date(data)
with connect(data) as con:
    org, n = con.execute(
        "select organization_id, count(*) from int_invoices group by 1 order by count(*) desc limit 1"
    ).fetchone()
base = {"organization_id": org, "as_of": as_of}
calls = {
    "invoices first page (no filter, issued_at desc, 50)": dict(base),
    "invoices status open+overdue, amount_remaining gte:1000.00, sort_by amount_due": dict(
        base, status=["open", "overdue"], amount_remaining=["gte:1000.00"], sort_by="amount_due"
    ),
    "invoices page 1000 (no filter, 50 per page)": dict(base, page=1000),
}
for name, params in calls.items():
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = reports.invoices(data, **params)
        times.append(time.perf_counter() - start)
    warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
    print(json.dumps({"step": name, "cold_s": times[0], "warm_s": warm, "invoices": n,
                      "total_records": out["total_records"]}))
print(json.dumps({"step": "invoices process", "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

EXPORT_SNIPPET = r"""
import json, sys
from pathlib import Path
from arlake import jsonout, reports
from arlake.demo import last_data_date
from arlake.warehouse import connect

data, out = sys.argv[1], Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
as_of = last_data_date(data)
with connect(data) as con:
    orgs = [r[0] for r in con.execute("select organization_id from int_organizations order by 1").fetchall()]
statuses = ["draft", "open", "uncollectible", "paid", "void", "processing", "overdue"]
files = invoices = 0
for org in orgs:
    page = 0
    while page is not None:
        result = reports.invoices(data, organization_id=org, as_of=as_of, status=statuses, limit=200, page=page)
        (out / f"{org}-{page:05d}.json").write_text(jsonout.dumps(result, indent=None))
        files += 1
        invoices += len(result["data"])
        page = result["next_page"]
print(json.dumps({"files": files, "invoices": invoices}))
"""


def run_child(
    args: list[str], env: dict[str, str] | None = None, stdout_path: Path | None = None
) -> tuple[float, float, str]:
    """Run a child process; return (wall seconds, peak RSS in MB, stdout) - stdout goes to `stdout_path`
    instead when given."""
    if stdout_path is not None:
        start = time.perf_counter()
        with open(stdout_path, "w") as sink:
            proc = subprocess.Popen(args, stdout=sink, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(args)}")
        return time.perf_counter() - start, usage.ru_maxrss / 1024, ""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    out_lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        out_lines.append(line)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(args)}")
    return wall, usage.ru_maxrss / 1024, "".join(out_lines)


def arlake(*args: str) -> list[str]:
    return [sys.executable, "-m", "arlake", *args]


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--invoices", type=int, required=True)
    parser.add_argument("--data", type=Path, help="data directory (default benchmarks/out/<invoices>)")
    parser.add_argument("--steps", default="generate,build,reports")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="delete the data directory first")
    parser.add_argument(
        "--ingest-invoices", type=int, default=100_000, help="size of the ingest step's export"
    )
    args = parser.parse_args()
    data = (args.data or HERE / "out" / str(args.invoices)).resolve()
    steps = args.steps.split(",")
    if args.fresh and data.exists():
        shutil.rmtree(data)
    print("| step | invoices | wall s | peak RSS MB | notes |\n|---|---:|---:|---:|---|")
    n = f"{args.invoices:,}"
    if "generate" in steps:
        wall, rss, _ = run_child(arlake("generate", "--out", str(data), "--invoices", str(args.invoices)))
        print(
            f"| arlake generate | {n} | {wall:.1f} | {rss:.0f} | {disk_mb(data / 'raw'):.0f} MB of Parquet |"
        )
    if "build" in steps:
        wall, rss, _ = run_child(arlake("build", "--data", str(data)))
        size = (data / "warehouse.duckdb").stat().st_size / 2**20
        print(f"| arlake build | {n} | {wall:.1f} | {rss:.0f} | warehouse {size:.0f} MB |")
    if "reports" in steps:
        _, _, out = run_child([sys.executable, "-c", REPORTS_SNIPPET, str(data), str(args.repeat)])
        for line in out.splitlines():
            row = json.loads(line)
            if "peak_rss_mb" in row:
                print(f"| reports process (all of the above) | {n} | | {row['peak_rss_mb']:.0f} | |")
            else:
                print(
                    f"| {row['step']} | {n} | {row['warm_s']:.3f} warm | | cold {row['cold_s']:.3f} s; "
                    f"{row['customers']:,} customers in the organization |"
                )
    if "invoices" in steps:
        _, _, out = run_child([sys.executable, "-c", INVOICES_SNIPPET, str(data), str(args.repeat)])
        for line in out.splitlines():
            if not line.startswith("{"):  # DuckDB's progress bar
                continue
            row = json.loads(line)
            if "peak_rss_mb" in row:
                print(f"| invoices process (all of the above) | {n} | | {row['peak_rss_mb']:.0f} | |")
            else:
                print(
                    f"| {row['step']} | {n} | {row['warm_s']:.3f} warm | | cold {row['cold_s']:.3f} s; "
                    f"{row['invoices']:,} invoices in the organization, {row['total_records']:,} matching |"
                )
    if "ingest" in steps:
        ingest_step(data, args.ingest_invoices)
    if "collections" in steps or "dso" in steps:
        collections_step(data, n, steps)
    if "beyond" in steps:
        beyond_step(data, n)


MART_SNIPPET = r"""
import json, resource, sys, time
from arlake.demo import last_data_date
from arlake.warehouse import connect
data = sys.argv[1]
as_of = last_data_date(data)
with connect(data, as_of_date=as_of) as con:
    for attempt in ("cold", "warm"):
        start = time.perf_counter()
        (rows,) = con.execute(
            "select count(*) from collections_summary_by_customer where period_interval = 'monthly'"
        ).fetchone()
        print(json.dumps({"attempt": attempt, "seconds": time.perf_counter() - start, "rows": rows}))
print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def collections_step(data: Path, n: str, steps: list[str]) -> None:
    """The collections mart (all customers x all months, rows counted), the report as JSON to a file for the
    last three months (monthly and weekly), and the DSO report of the largest organization."""
    import datetime as dt

    sys.path.insert(0, str(HERE.parent / "src"))
    from arlake.demo import last_data_date
    from arlake.warehouse import connect

    as_of = last_data_date(data)
    with connect(data) as con:
        (org,) = con.execute(
            "select organization_id from int_invoices group by 1 order by count(*) desc limit 1"
        ).fetchone()
    start = (as_of.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    start = (start - dt.timedelta(days=1)).replace(day=1)  # the first day of the month two months back
    base = ["--data", str(data), "--organization-id", org, "--as-of", as_of.isoformat()]
    if "collections" in steps:
        _, rss, out = run_child([sys.executable, "-c", MART_SNIPPET, str(data)])
        for line in out.splitlines():
            row = json.loads(line)
            if "attempt" in row:
                print(
                    f"| collections mart, monthly, all customers x all months ({row['attempt']}) | {n} | "
                    f"{row['seconds']:.2f} | {rss:.0f} | {row['rows']:,} rows counted, all organizations |"
                )
        for interval in ("monthly", "weekly"):
            target = data / f"collections-{interval}.json"
            args = arlake("report", "collections-summary-by-customer", *base, "--interval", interval)
            args += ["--from", start.isoformat()]
            wall, rss, _ = run_child(args, stdout_path=target)
            print(
                f"| collections-summary-by-customer --interval {interval} --from {start} > file | {n} | "
                f"{wall:.2f} | {rss:.0f} | {target.stat().st_size / 2**20:.0f} MB of JSON, {org} |"
            )
    if "dso" in steps:
        target = data / "dso.json"
        wall, rss, _ = run_child(arlake("report", "dso", *base), stdout_path=target)
        print(f"| dso (organization, every month) | {n} | {wall:.2f} | {rss:.0f} | {org} |")


def beyond_step(data: Path, n: str) -> None:
    """The balances, drill-down, trend and forecast reports of the largest organization at the last data date,
    each as a whole process (`arlake report ... > file`): the customer is the organization's one with the most
    invoices, the cell its oldest bucket."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from arlake.demo import last_data_date
    from arlake.warehouse import connect

    as_of = last_data_date(data)
    with connect(data) as con:
        (org,) = con.execute(
            "select organization_id from int_invoices group by 1 order by count(*) desc limit 1"
        ).fetchone()
        (customer,) = con.execute(
            "select customer_id from int_invoices where organization_id = ? group by 1 order by count(*) desc, 1"
            " limit 1",
            [org],
        ).fetchone()
    from_ = as_of.replace(year=as_of.year - 2, day=1)
    base = ["--data", str(data), "--organization-id", org]
    day = ["--as-date", as_of.isoformat()]
    trend = ["--interval", "monthly", "--from", from_.isoformat(), "--as-of", as_of.isoformat()]
    calls = {
        "customer-balances (all customers)": ["customer-balances", *day],
        "aging-invoices --bucket 4, first page (organization)": ["aging-invoices", *day, "--bucket", "4"],
        "aging-invoices --bucket 4, first page (one customer)": [
            "aging-invoices", *day, "--bucket", "4", "--customer-id", customer,
        ],
        f"aging-trend monthly from {from_} (organization)": ["aging-trend", *trend],
        f"aging-trend monthly from {from_} (one customer)": ["aging-trend", *trend, "--customer-id", customer],
        "cash-forecast": ["cash-forecast", *day],
    }  # fmt: skip
    for number, (name, (report, *args)) in enumerate(calls.items(), 1):
        target = data / f"beyond-{number}-{report}.json"
        wall, rss, _ = run_child(arlake("report", report, *base, *args), stdout_path=target)
        print(f"| {name} | {n} | {wall:.2f} | {rss:.0f} | {org}, {customer}, as of {as_of} |")


def ingest_step(data: Path, invoices: int) -> None:
    """Generate and build INVOICES invoices (once), export them as List Invoices pages, time the ingest."""
    root = data.parent / f"{data.name}-ingest-{invoices}"
    source, pages, target = root / "source", root / "pages", root / "ingested"
    n = f"{invoices:,}"
    if not (source / "warehouse.duckdb").is_file():
        shutil.rmtree(source, ignore_errors=True)
        run_child(arlake("generate", "--out", str(source), "--invoices", str(invoices)))
        run_child(arlake("build", "--data", str(source)))
    shutil.rmtree(pages, ignore_errors=True)
    wall, rss, out = run_child([sys.executable, "-c", EXPORT_SNIPPET, str(source), str(pages)])
    exported = json.loads(out.splitlines()[-1])
    size = disk_mb(pages)
    print(
        f"| invoices export (every page, 200 per page) | {n} | {wall:.1f} | {rss:.0f} | "
        f"{exported['files']:,} pages, {exported['invoices']:,} invoices, {size:.0f} MB of JSON |"
    )
    shutil.rmtree(target, ignore_errors=True)
    files = sorted(str(p) for p in pages.glob("*.json"))
    wall, rss, _ = run_child(arlake("ingest", "stuut-invoices", *files, "--data", str(target)))
    print(
        f"| arlake ingest stuut-invoices | {n} | {wall:.1f} | {rss:.0f} | "
        f"{exported['invoices'] / wall:,.0f} invoices/s, {size / wall:.1f} MB/s of JSON |"
    )


if __name__ == "__main__":
    main()
