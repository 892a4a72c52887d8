"""Timings of the arlake commands users run, for docs/benchmarks.md.

    python benchmarks/bench.py --invoices 1000000,3000000,10000000
    python benchmarks/bench.py --data DIR --steps reports --repeat 3
    ARLAKE_MEMORY_LIMIT=4GB python benchmarks/bench.py --invoices 30000000 --steps generate,build

Every measured step is one child process of the real command line (the `arlake` script beside this Python, as a
user types it; `python -m arlake ...` where there is none), timed from its start until it exits, its stdout
written to a file (the last byte on disk before the exit), its stderr to another. Before any step the package's
modules are compiled to bytecode, as `pip install` does when it installs arlake: a checkout installed in editable
mode under PYTHONDONTWRITEBYTECODE=1 would otherwise compile them again in every timed process (about 15 ms of a
report), which no user of an installed package pays.
Wall time: time.perf_counter around the process; peak RSS: the child's rusage from os.wait4. The environment
passes through (ARLAKE_MEMORY_LIMIT, ARLAKE_DBT_THREADS, ...).

Steps (--steps, comma-separated; `reports` selects every report step, or name single steps):
  generate   arlake generate --out DATA --invoices N   (once; an earlier DATA of that size is replaced)
  build      arlake build --data DATA                    (once)
  reports    each run --repeat times, at the data's last date D, on the organization with the most invoices:
             receivable-aging-summary, aged-receivables, customer-aging-detail (the customer with most invoices),
             invoices (first page at D; status open+overdue, amount_remaining gte:1000.00, sort_by amount_due;
             page 1000; first page at D minus one year), collections-summary-by-customer monthly and weekly from
             the first day of the month two months before D, dso, customer-balances, aging-invoices (bucket 4's
             first page; organization, then one customer), aging-trend (monthly from the first day of the month
             two years before D; organization, then one customer), cash-forecast, and every other report
             `arlake report` lists (with the organization and the as-of date only)
  beyond     the customer-balances, aging-invoices, aging-trend and cash-forecast steps only
D, the organization and the customer are read from the marts (schema `reports`) by a short child process before
the timed steps.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Not timed: the data's last date, the organization with the most invoices and its customer with the most.
LOOKUP = r"""
import json, sys
from arlake.demo import last_data_date
from arlake.warehouse import connect

data = sys.argv[1]
as_of = last_data_date(data)
with connect(data, as_of_date=as_of) as con:
    (org,) = con.execute(
        "select organization_id from invoice_list group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()
    (customer,) = con.execute(
        "select customer_id from invoice_list where organization_id = ? group by 1 order by count(*) desc, 1 limit 1",
        [org],
    ).fetchone()
print(json.dumps({"as_of": as_of.isoformat(), "organization": org, "customer": customer}))
"""

# `--steps beyond`: the balances, drill-down, trend and forecast reports.
BEYOND = ("customer-balances", "aging-invoices", "aging-trend", "cash-forecast")

# Flags other reports may take: the organization, then the as-of date (the first one a report has).
ORG_FLAGS = ("--organization-id", "--business-id")
DATE_FLAGS = ("--as-of", "--as-date", "--date", "--effective-date")


class StepFailed(Exception):
    def __init__(self, args: list[str], code: int, stderr: Path):
        lines = stderr.read_text(errors="replace").splitlines() if stderr.is_file() else []
        tail = "\n".join("    " + line for line in lines[-20:])
        command = " ".join("SCRIPT" if "\n" in arg else arg for arg in args)
        super().__init__(f"`{command}` exited with {code}; its stderr ({stderr}) ends:\n{tail}")
        self.code = code


SCRIPT = Path(sys.executable).with_name("arlake")  # the console script the package installs beside its Python

# Not timed: compile the package's modules to bytecode (as `pip install` does), so that no timed step compiles them.
COMPILE = r"""
import compileall, sys
from pathlib import Path
import arlake

package = Path(arlake.__file__).parent
sys.exit(0 if compileall.compile_dir(package, quiet=1) else f"cannot compile the modules of {package}")
"""


def arlake(*args: str) -> list[str]:
    return [str(SCRIPT), *args] if SCRIPT.is_file() else [sys.executable, "-m", "arlake", *args]


def run(args: list[str], stdout: Path) -> tuple[float, float]:
    """Run one child with stdout to `stdout` and stderr beside it; return (wall seconds, peak RSS in MB)."""
    stderr = stdout.with_suffix(".stderr")
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    if code != 0:
        raise StepFailed(args, code, stderr)
    return wall, usage.ru_maxrss / 1024  # Linux: kilobytes


def fail(message: str) -> None:
    sys.exit(f"bench: {message}")


def report_names() -> list[str]:
    """The report names `arlake report --help` lists."""
    proc = subprocess.run(arlake("report", "--help"), capture_output=True, text=True)
    found = re.findall(r"reports?: ([a-z0-9-]+(?:, [a-z0-9-]+)*)$", proc.stdout + proc.stderr, re.MULTILINE)
    if not found:
        fail(f"cannot read the report names from `arlake report --help`:\n{proc.stdout}{proc.stderr}")
    return found[-1].split(", ")


def report_flags(name: str) -> set[str]:
    proc = subprocess.run(arlake("report", name, "--help"), capture_output=True, text=True)
    return set(re.findall(r"--[a-z0-9-]+", proc.stdout))


def first_of_month_two_before(day: dt.date) -> dt.date:
    month = day.year * 12 + day.month - 1 - 2
    return dt.date(month // 12, month % 12 + 1, 1)


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def lookup(data: Path, work: Path) -> tuple[dt.date, str, str]:
    """The data's last date, the organization with the most invoices and its customer with the most (not timed)."""
    found = work / "lookup.json"
    try:
        run([sys.executable, "-c", LOOKUP, str(data)], found)
    except StepFailed as exc:
        fail(f"cannot read the as-of date, organization and customer from {data}: {exc}")
    row = json.loads(found.read_text())
    return dt.date.fromisoformat(row["as_of"]), row["organization"], row["customer"]


def known_reports(as_of: dt.date, org: str, customer: str) -> dict[str, list[str]]:
    """Step name -> `arlake report ...` arguments, for the reports this script knows."""
    d, start = as_of.isoformat(), first_of_month_two_before(as_of).isoformat()
    inv = ["invoices", "--organization-id", org]
    collections = ["collections-summary-by-customer", "--organization-id", org, "--as-of", d, "--from", start]
    cell = ["aging-invoices", "--organization-id", org, "--as-date", d]  # bucket 4: 91+ days with N=30, P=4
    two_years = as_of.replace(year=as_of.year - 2, day=1).isoformat()
    trend = ["aging-trend", "--organization-id", org, "--as-of", d, "--interval", "monthly"]
    trend += ["--from", two_years]
    return {
        "receivable-aging-summary": ["receivable-aging-summary", "--organization-id", org, "--as-date", d],
        "aged-receivables": ["aged-receivables", "--organization-id", org, "--date", d],
        "customer-aging-detail": [
            "customer-aging-detail", "--business-id", org, "--customer-id", customer, "--effective-date", d
        ],
        "invoices-first-page": [*inv, "--as-of", d],
        "invoices-open-overdue-gte-1000-by-amount-due": [
            *inv, "--as-of", d, "--status", "open", "--status", "overdue",
            "--amount-remaining", "gte:1000.00", "--sort-by", "amount_due",
        ],
        "invoices-page-1000": [*inv, "--as-of", d, "--page", "1000"],
        "invoices-first-page-year-before": [*inv, "--as-of", year_before(as_of).isoformat()],
        "collections-summary-by-customer-monthly": [*collections, "--interval", "monthly"],
        "collections-summary-by-customer-weekly": [*collections, "--interval", "weekly"],
        "dso": ["dso", "--organization-id", org, "--as-of", d],
        "customer-balances": ["customer-balances", "--organization-id", org, "--as-date", d],
        "aging-invoices-bucket-4": [*cell, "--bucket", "4"],
        "aging-invoices-bucket-4-one-customer": [*cell, "--bucket", "4", "--customer-id", customer],
        "aging-trend-monthly-two-years": trend,
        "aging-trend-monthly-two-years-one-customer": [*trend, "--customer-id", customer],
        "cash-forecast": ["cash-forecast", "--organization-id", org, "--as-date", d],
    }  # fmt: skip


def report_steps(
    as_of: dt.date, org: str, customer: str, names: list[str], note: Callable[[str], None]
) -> list[tuple[str, list[str], bool]]:
    """(step name, `arlake report ...` arguments, whether the report is one this script does not know) for every
    report step; known reports absent from this arlake (`names`) are skipped with a note."""
    known = known_reports(as_of, org, customer)
    steps = []
    for step, args in known.items():
        if args[0] in names:
            steps.append((step, args, False))
        else:
            note(f"note: no report {args[0]} in this arlake; step {step} skipped")
    for name in names:
        if name in {args[0] for args in known.values()}:
            continue
        flags = report_flags(name)
        args = [name]
        args += next(([f, org] for f in ORG_FLAGS if f in flags), [])
        args += next(([f, as_of.isoformat()] for f in DATE_FLAGS if f in flags), [])
        steps.append((name, args, True))
    return steps


def measure(
    data: Path, work: Path, invoices: int | None, steps: set[str], names: list[str], repeat: int, reuse: bool
) -> dict:
    """Run the selected steps on one data directory; return {step: row} and print each row as it comes."""
    rows: dict[str, dict] = {}
    work.mkdir(parents=True, exist_ok=True)
    have_warehouse = (data / "warehouse.duckdb").is_file()
    header = True  # print the table's header before the next row (again after a note)

    def note(text: str) -> None:
        nonlocal header
        print(text)
        header = True

    def timed(step: str, args: list[str], times: int) -> None:
        nonlocal header
        out = work / f"{step}.out"
        walls, rss = [], 0.0
        for _ in range(times):
            wall, peak = run(args, out)
            walls.append(wall)
            rss = max(rss, peak)
        rows[step] = row = {
            "runs": times, "min": min(walls), "median": statistics.median(walls), "max": max(walls),
            "rss_mb": rss, "bytes": out.stat().st_size,
        }  # fmt: skip
        if header:
            print("\n| step | runs | min s | median s | max s | peak RSS MB | stdout bytes |")
            print("|---|---:|---:|---:|---:|---:|---:|")
            header = False
        print(
            f"| {step} | {times} | {row['min']:.3f} | {row['median']:.3f} | {row['max']:.3f} | {rss:.0f} | "
            f"{row['bytes']:,} |",
            flush=True,
        )

    if "generate" in steps and not (reuse and have_warehouse):
        if invoices is None:
            note("note: generate skipped: --data names an existing data directory")
        else:
            shutil.rmtree(data / "raw", ignore_errors=True)
            (data / "warehouse.duckdb").unlink(missing_ok=True)
            have_warehouse = False
            timed("generate", arlake("generate", "--out", str(data), "--invoices", str(invoices)), 1)
    if "build" in steps and not (reuse and have_warehouse):
        timed("build", arlake("build", "--data", str(data)), 1)
    raw, warehouse = data / "raw", data / "warehouse.duckdb"
    rows["raw Parquet MB"] = {"size": sum(f.stat().st_size for f in raw.rglob("*.parquet")) / 2**20}
    rows["warehouse.duckdb MB"] = {"size": warehouse.stat().st_size / 2**20 if warehouse.is_file() else 0}
    if not steps - {"generate", "build"}:
        return rows
    if not warehouse.is_file():
        fail(f"no warehouse at {warehouse}: build it first (--steps build,reports)")
    as_of, org, customer = lookup(data, work)
    note(f"as-of {as_of}, organization {org}, customer {customer}")
    for step, args, extra in report_steps(as_of, org, customer, names, note):
        if not ({"reports", step} & steps or ("beyond" in steps and args[0] in BEYOND)):
            continue
        try:
            timed(step, arlake("report", *args, "--data", str(data)), repeat)
        except StepFailed as exc:
            if not (extra and exc.code == 2):  # a report this script does not know may need more parameters
                raise
            note(f"note: step {step} skipped: it needs more than an organization and an as-of date: {exc}")
    return rows


def scaling_table(results: dict[str, dict]) -> str:
    sizes = list(results)
    steps = list(dict.fromkeys(step for rows in results.values() for step in rows))
    steps.sort(key=lambda step: step.endswith(" MB"))  # the sizes last
    head = "| step | " + " | ".join(f"{s} median s | {s} peak RSS MB" for s in sizes) + " |"
    lines = [head, "|---|" + "---:|---:|" * len(sizes)]
    for step in steps:
        cells = []
        for size in sizes:
            row = results[size].get(step)
            if row is None:
                cells += ["", ""]
            elif "size" in row:
                cells += [f"{row['size']:,.1f}", ""]
            else:
                cells += [f"{row['median']:.3f}", f"{row['rss_mb']:,.0f}"]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--invoices", default="1000000", help="sizes to generate, e.g. 1000000,3000000,10000000"
    )
    parser.add_argument("--data", type=Path, help="one existing data directory instead of generated sizes")
    parser.add_argument(
        "--out", type=Path, default=HERE / "out", help="where sizes and outputs go (default %(default)s)"
    )
    parser.add_argument(
        "--steps", default="generate,build,reports", help="generate, build, reports, or step names"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each report step (default %(default)s)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="skip generate and build where a warehouse exists"
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    steps = set(args.steps.split(","))
    names = report_names()
    unknown = (
        steps
        - {"generate", "build", "reports", "beyond"}
        - set(known_reports(dt.date.today(), "", ""))
        - set(names)
    )
    if unknown:
        parser.error(f"--steps: unknown step(s) {', '.join(sorted(unknown))}")
    limit = os.environ.get("ARLAKE_MEMORY_LIMIT")
    print(f"python {sys.executable}; ARLAKE_MEMORY_LIMIT={limit or 'unset (4GB)'}; repeat {args.repeat}")
    compiled = subprocess.run([sys.executable, "-c", COMPILE], capture_output=True, text=True)
    if compiled.returncode != 0:
        fail(f"compiling the package to bytecode failed:\n{compiled.stdout}{compiled.stderr}")
    print(f"command: {' '.join(arlake())}; the package's bytecode compiled")
    results: dict[str, dict] = {}
    try:
        if args.data is not None:
            data = args.data.resolve()
            if not data.is_dir():
                fail(f"--data {data}: no such data directory")
            print(f"\n## {data}")
            results[data.name] = measure(
                data, args.out.resolve() / f"data-{data.name}", None, steps, names, args.repeat, args.reuse
            )
        else:
            try:
                sizes = [int(n) for n in args.invoices.split(",")]
            except ValueError:
                parser.error(f"--invoices: expected sizes like 1000000,3000000, got {args.invoices!r}")
            for n in sizes:
                data = args.out.resolve() / str(n)
                print(f"\n## {n:,} invoices: {data}")
                results[f"{n:,}"] = measure(data, data / "bench", n, steps, names, args.repeat, args.reuse)
    except StepFailed as exc:
        fail(str(exc))
    print("\n## Scaling (median wall s and peak RSS per size; sizes in MB)\n")
    print(scaling_table(results))


if __name__ == "__main__":
    main()
