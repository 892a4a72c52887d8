"""`arlake demo`: sample data (when absent), a build, and the A/R aging summary of every organization as of
the data's last date, printed for a person to read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

from .build import build
from .project import raw_dir
from .reports import receivable_aging_summary
from .warehouse import connect

DEMO_INVOICES = 50_000
DEMO_CUSTOMERS = 500


def last_data_date(data: Path | str) -> dt.date:
    """The last date anything happens in the ledger: the natural as-of date of a data set."""
    with connect(data) as con:
        (day,) = con.execute("select max(last_activity_on) from dim_organizations").fetchone()
    return day or dt.datetime.now(dt.UTC).date()


def demo(data: Path, out: IO[str]) -> None:
    if not any(raw_dir(data).glob("*/*.parquet")):
        from .sample import generate

        print(
            f"Generating sample data ({DEMO_INVOICES:,} invoices, {DEMO_CUSTOMERS} customers) into {data} ...",
            file=out,
        )
        generate(data, invoices=DEMO_INVOICES, customers=DEMO_CUSTOMERS)
    print(f"Building the warehouse from {raw_dir(data)} ...", file=out, flush=True)
    result = build(data, warn=lambda line: print(f"Warning: {line}", file=out, flush=True))
    print(f"Built {result.warehouse} in {result.seconds:.1f}s ({_counts(result.counts)}).", file=out)
    for warning in result.warnings:
        print(f"Warning: {warning}", file=out)
    as_date = last_data_date(data)
    with connect(data) as con:
        organizations = [
            r[0] for r in con.execute("select organization_id from dim_organizations order by 1").fetchall()
        ]
        issues = con.execute(
            "select check_name, table_name, issue_count from data_quality_summary where issue_count > 0 order by 1, 2"
        ).fetchall()
    for organization_id in organizations:
        report = receivable_aging_summary(
            data, organization_id=organization_id, as_date=as_date, aging_periods=4
        )
        _print_summary(report, organization_id, out)
    print("", file=out)
    if issues:
        print("Data-quality findings (counted, see data_quality_summary):", file=out)
        for check, table, count in issues:
            print(f"  {check} ({table}): {count:,}", file=out)
    else:
        print("Data-quality checks: no findings.", file=out)
    print(
        f"\nFull JSON: arlake report receivable-aging-summary --data {data} --organization-id "
        f"{organizations[0] if organizations else 'ID'} --as-date {as_date}",
        file=out,
    )
    print("Next:", file=out)
    for line in next_steps(data, organizations[0] if organizations else "ID", as_date):
        print(f"  {line}", file=out)


def next_steps(data: Path | str, organization_id: str, as_date: dt.date) -> list[str]:
    """One line per report to run next on the demo's data: what it shows, then the command."""
    common = f"--data {data} --organization-id {organization_id}"
    return [
        f"unapplied cash and credits per customer: arlake report customer-balances {common} --as-date {as_date}",
        f"the invoices behind the 91+ cell: arlake report aging-invoices {common} --as-date {as_date} --bucket 4",
        f"how the aging moved, month by month: arlake report aging-trend {common} --as-of {as_date}",
        f"who pays late, cash expected by week: arlake report cash-forecast {common} --as-date {as_date}",
    ]


def _print_summary(report: dict, organization_id: str, out: IO[str]) -> None:
    meta, total = report["meta"], report["data"]["total"]
    with_balance = sum(1 for c in report["data"]["customers"] if c["total"]["amount"] != 0)
    print(
        f"\n{meta['sheet_name']} - {meta['organization_name'] or organization_id} ({meta['base_currency']}), "
        f"{meta['formatted_date_range']}: {with_balance:,} of {len(report['data']['customers']):,} customers owe",
        file=out,
    )
    labels = ["Current"] + [
        f"{col['before_days']}+ days"
        if col["to_days"] is None
        else f"{max(col['before_days'], 1)}-{col['to_days']} days"
        for col in report["columns"]
    ]
    cells = [total["current"], *[a["total"] for a in total["aging"]]]
    for label, cell in zip(labels, cells, strict=True):
        print(f"  {label:<14}{cell['formatted_amount']:>20}", file=out)
    print(f"  {'Total':<14}{total['total']['formatted_amount']:>20}", file=out)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
