"""Rebuilds under traffic: a real uvicorn server on loopback answers concurrent clients while `arlake build` twice
renames a fresh warehouse over the one it reads. No request may fail, every answer is one whole generation's,
and the new data is served after each swap; old generations are closed once their last request is done."""

from __future__ import annotations

import os
import socket
import threading
import time

import httpx
import pytest
import uvicorn
from api_data import AS_OF, write_raw
from support import write_parquet

from arlake.build import build
from arlake.server import app as app_module
from arlake.server.app import create_app
from arlake.server.keys import create_key

pytestmark = pytest.mark.slow

# org_a's current bucket (docs in tests/api_data.py): i1 750.00 + i6 150.00 + i9 80.00 = 980.00 = 98000 cents.
# Each rebuild adds one current invoice of c_acme (issued 2025-06-25, due 2025-07-25): +20.00, then +30.00.
CURRENT = [98000, 100000, 103000]
EXTRA = [("k1", "20.00"), ("k2", "30.00")]


def _add_invoice(data, invoice_id: str, amount: str) -> None:
    write_parquet(
        data / "raw" / "invoices" / f"{invoice_id}.parquet",
        "select invoice_id, organization_id, customer_id, total_amount::decimal(18,2) as total_amount,"
        " issued_at::timestamp as issued_at, due_date::date as due_date, status, branch_id, number from (values"
        f" ('{invoice_id}', 'org_a', 'c_acme', {amount}, '2025-06-25 09:00:00', '2025-07-25', null::varchar,"
        f" 'br1', 'A-{invoice_id}')"
        ") t(invoice_id, organization_id, customer_id, total_amount, issued_at, due_date, status, branch_id,"
        " number)",
    )


def _deleted_warehouse_files() -> int:
    """Open file descriptors of this process on a warehouse file that a build replaced (an old generation)."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if "warehouse.duckdb" in target and target.endswith("(deleted)"):
            count += 1
    return count


def test_rebuilds_under_traffic_lose_no_request_and_serve_the_new_data(tmp_path, monkeypatch):
    data = write_raw(tmp_path)
    build(data)
    key = create_key(data, ["org_a"])[0]
    # Stream every document larger than 64 bytes, so that streamed answers also cross the swaps.
    monkeypatch.setattr(app_module, "STREAM_AFTER_BYTES", 64)
    app = create_app(data)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    serving = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)

    stop = threading.Event()
    failures: list[str] = []
    seen: list[list[int]] = [[] for _ in range(4)]
    urls = [
        f"/v1/analytics/collections/aging-balance?as_of={AS_OF}",
        f"/v1/businesses/org_a/invoices/ar-aging?effective_date={AS_OF}",
    ]

    def client(i: int) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60) as http:
            n = 0
            while not stop.wait(0.02):  # steady traffic that leaves the (shared) cores to the builds
                url = urls[(i + n) % 2]
                n += 1
                try:
                    response = http.get(url)
                except httpx.HTTPError as exc:
                    failures.append(f"{url}: {exc!r}")
                    continue
                if response.status_code != 200:
                    failures.append(f"{url}: {response.status_code} {response.text}")
                    continue
                body = response.json()  # a whole document: a cut stream would not parse
                # aging-balance, or Layer's totals (the same current bucket, from another mart)
                seen[i].append(
                    body["days_0_amount"] if "days_0_amount" in body else body["totals"]["current_total"]
                )

    threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    try:
        for generation, (invoice_id, amount) in enumerate(EXTRA, start=1):
            time.sleep(0.5)  # traffic on the old generation first
            _add_invoice(data, invoice_id, amount)
            build(data)
            # After the swap, every new request reads the new generation.
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as http:
                after = http.get(urls[0]).json()["days_0_amount"]
            assert after == CURRENT[generation]
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
        server.should_exit = True
        serving.join(30)
    assert not failures, failures[:5]
    for values in seen:
        assert len(values) > 2, "a client got too few answers"
        assert set(values) <= set(CURRENT)
        assert values == sorted(values)  # a client never goes back to an older generation
        assert values[-1] == CURRENT[2]  # and ends on the newest
    assert any(CURRENT[0] in values for values in seen)  # traffic did cross the swaps
    generations = app.state.api.generations
    assert generations.opened == 3
    assert _deleted_warehouse_files() == 0  # both replaced generations were closed
