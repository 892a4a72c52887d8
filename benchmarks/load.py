"""Load benchmark of the HTTP API on loopback, bounded in time (figures for docs/benchmarks.md).

    python benchmarks/load.py --data DATA [--seconds 20] [--connections 8] [--port 8765]

DATA must hold a built warehouse (`arlake generate` + `arlake build`). The script creates an API key for the
organization with the most invoices (revoked at the end), starts `arlake serve` on loopback in a child process,
and for each target keeps CONNECTIONS clients busy for SECONDS (after a short warm-up), each sending its next
request as soon as the previous answer is read in full. Targets: the invoices first page, the AR aging detail of
the customer with most invoices, and the aging summary of all customers. Prints one Markdown table row per target:
requests/s, p50 and p99 latency, failed requests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def _largest(data: Path) -> tuple[str, str, str]:
    """(organization with most invoices, its customer with most invoices, last data date)."""
    from arlake.demo import last_data_date
    from arlake.warehouse import connect

    with connect(data) as con:
        org = con.execute(
            "select organization_id from reports.dim_invoices group by 1 order by count(*) desc limit 1"
        ).fetchone()[0]
        customer = con.execute(
            "select customer_id from reports.dim_invoices where organization_id = ? group by 1 order by count(*) desc"
            " limit 1",
            [org],
        ).fetchone()[0]
    return org, customer, last_data_date(data).isoformat()


async def _run(base: str, key: str, url: str, connections: int, seconds: float) -> dict:
    latencies: list[float] = []
    failed = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as client:

        async def worker(until: float, record: bool) -> None:
            nonlocal failed
            while time.perf_counter() < until:
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    ok = response.status_code == 200 and len(response.content) > 0
                except httpx.HTTPError:
                    ok = False
                if record:
                    if ok:
                        latencies.append(time.perf_counter() - started)
                    else:
                        failed += 1

        warm = time.perf_counter() + min(2.0, seconds / 5)
        await asyncio.gather(*(worker(warm, False) for _ in range(connections)))
        began = time.perf_counter()
        await asyncio.gather(*(worker(began + seconds, True) for _ in range(connections)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99_ms": p99 * 1000,
        "failed": failed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument(
        "--seconds", type=float, default=20.0, help="measured seconds per target (default 20)"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    data = args.data.resolve()
    org, customer, as_of = _largest(data)
    arlake = str(BIN / "arlake")
    created = subprocess.run(
        [arlake, "keys", "create", "--organization-id", org, "--data", str(data)],
        check=True,
        capture_output=True,
        text=True,
    )
    key = created.stdout.strip()
    key_id = created.stderr.split("API key ", 1)[1].split(" ", 1)[0]
    server = subprocess.Popen(
        [arlake, "serve", "--data", str(data), "--port", str(args.port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/openapi.json", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("arlake serve did not start") from None
                time.sleep(0.2)
        targets = {
            "invoices, first page": f"/v1/invoices?as_of={as_of}",
            "AR aging detail of one customer": (
                f"/v1/businesses/{org}/invoices/ar-aging/customer/{customer}?effective_date={as_of}"
            ),
            "aging summary, all customers": f"/api/reports/receivable-aging-summary?asDate={as_of}",
        }
        print(f"| target | connections | requests/s | p50 ms | p99 ms | failed |  ({org}, as of {as_of})")
        print("|---|---:|---:|---:|---:|---:|")
        for name, url in targets.items():
            got = asyncio.run(_run(base, key, url, args.connections, args.seconds))
            print(
                f"| {name} | {args.connections} | {got['rps']:.1f} | {got['p50_ms']:.1f} | {got['p99_ms']:.1f} "
                f"| {got['failed']} |",
                flush=True,
            )
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        subprocess.run(
            [arlake, "keys", "revoke", key_id, "--data", str(data)], capture_output=True, check=False
        )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DO_NOT_TRACK", "1")
    sys.exit(main())
