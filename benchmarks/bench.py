"""Reproducible timings for docs/benchmarks.md.

    python benchmarks/bench.py --invoices 1000000 [--data benchmarks/out/1m] [--steps generate,build,reports]

Each step runs in a child process, so its wall time and peak RSS (getrusage of the child) are its own:
- generate: `arlake generate --out DATA --invoices N` (DATA must not hold raw data yet);
- build:    `arlake build --data DATA`;
- reports:  each aging report called REPEAT times through the Python API in one process; the first call is
            cold (opens the warehouse), the median of the others is "warm".
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


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a child process; return (wall seconds, peak RSS in MB, stdout)."""
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


if __name__ == "__main__":
    main()
