"""Progress of `generate`, `ingest` and `build`: drawn on stderr when it is a terminal, absent otherwise.

The commands run as real processes: once with stderr on a pseudo-terminal (what a person at a shell has), once
with stderr on a pipe (scripts, CI). stdout must be the same either way, and the pipe must receive nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest
from support import minimal_raw

from arlake.build import build
from arlake.progress import Progress

REPO = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _env() -> dict[str, str]:
    """A person's terminal: no variable that tells rich to treat it otherwise."""
    drop = {"ARLAKE_DATA", "ARLAKE_WAREHOUSE", "COLUMNS", "LINES", "TTY_COMPATIBLE", "TTY_INTERACTIVE"}
    env = {k: v for k, v in os.environ.items() if k not in drop and k not in ("FORCE_COLOR", "NO_COLOR")}
    env.update(PYTHONPATH=str(REPO / "src"), TERM="xterm-256color")
    return env


def arlake(*args: object) -> list[str]:
    return [sys.executable, "-m", "arlake", *(str(a) for a in args)]


def on_terminal(argv: list[str]) -> tuple[int, bytes, str]:
    """Run with stderr on a 200-column pseudo-terminal; returns exit code, stdout and the terminal's text
    (escape sequences removed, one entry per redrawn line)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=_env())
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:  # read while it runs, or a full terminal buffer would block the command
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the command closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    stdout = proc.stdout.read()
    code = proc.wait(timeout=600)
    reader.join(timeout=10)
    os.close(master)
    return code, stdout, ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r", "\n")


def without_terminal(argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, env=_env(), timeout=600)


def finished(terminal: str, label: str) -> list[tuple[int, int]]:
    """(done, total) of every drawn line of `label` whose count is known."""
    return [
        (int(done), int(total))
        for done, total in re.findall(rf"{label}\b.*?\s(\d+)/(\d+)\s+\d+:\d\d:\d\d", terminal)
    ]


def test_generate_shows_its_steps_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    code, stdout, terminal = on_terminal(arlake("generate", "--out", tmp_path / "a", "--invoices", 20000))
    assert code == 0, terminal
    plain = without_terminal(arlake("generate", "--out", tmp_path / "b", "--invoices", 20000))
    assert plain.returncode == 0
    assert plain.stderr == b""
    assert stdout == plain.stdout
    assert b"invoices:" in stdout
    # the first line drawn, before any step is done, then every step done at the end
    assert "generate" in terminal
    # organizations, customers, invoice life cycles, invoices, payments and allocations, adjustments, outreach,
    # publishing: eight steps, all done when the line is last drawn
    assert finished(terminal, "generate")[-1] == (8, 8), terminal
    assert "generate: publishing" in terminal


def _page(n: int) -> dict:
    return {
        "data": [
            {
                "id": f"i{n}",
                "total_amount": 10000,
                "issued_at": "2025-03-01T09:30:00Z",
                "partner": {"id": "c1", "organization_id": "o1", "name": "Acme"},
            }
        ]
    }


def test_ingest_counts_the_files_on_a_terminal_and_says_nothing_in_a_pipe(tmp_path):
    pages = []
    for n in range(3):
        path = tmp_path / f"page-{n}.json"
        path.write_text(json.dumps(_page(n)))
        pages.append(path)
    code, stdout, terminal = on_terminal(arlake("ingest", "stuut-invoices", *pages, "--data", tmp_path / "a"))
    assert code == 0, terminal
    plain = without_terminal(arlake("ingest", "stuut-invoices", *pages, "--data", tmp_path / "b"))
    assert plain.returncode == 0
    assert plain.stderr == b""
    assert stdout == plain.stdout == b"ingested 3 file(s): 3 invoices (1 customers, 3 invoices)\n"
    assert (3, 3) in finished(terminal, "ingest"), terminal


@pytest.mark.slow
def test_build_shows_the_running_node_and_the_count_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    data = minimal_raw(tmp_path / "data")
    code, stdout, terminal = on_terminal(arlake("build", "--data", data))
    assert code == 0, terminal
    plain = without_terminal(arlake("build", "--data", data))
    assert plain.returncode == 0
    assert plain.stderr == b""
    seconds = re.compile(rb" in \d+\.\ds ")
    assert seconds.sub(b" in Xs ", stdout) == seconds.sub(b" in Xs ", plain.stdout)
    # "built ... (87 pass, 44 success)": the node count from dbt's run results, not from the progress events
    nodes = sum(int(n) for n in re.findall(rb"(\d+) \w+", stdout.split(b"(")[-1]))
    assert (nodes, nodes) in finished(terminal, "build"), terminal
    assert re.search(r"build: (model|test|unit_test) \w+", terminal), terminal


class Recorder(Progress):
    def __init__(self) -> None:
        self.details: list[str] = []
        self.totals: list[int] = []
        self.done = 0

    def update(self, detail: str | None = None, *, total: int | None = None, advance: int = 0) -> None:
        if detail is not None:
            self.details.append(detail)
        if total is not None:
            self.totals.append(total)
        self.done += advance


@pytest.mark.slow
def test_build_reports_every_dbt_node_as_it_starts_and_finishes(tmp_path):
    data = minimal_raw(tmp_path / "data")
    progress = Recorder()
    result = build(data, progress=progress)
    nodes = sum(result.counts.values())
    assert progress.done == nodes
    assert progress.totals[-1] == nodes
    manifest = json.loads((data / ".dbt" / "target" / "manifest.json").read_text())
    models = {f"model {n['name']}" for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    started = {node for detail in progress.details for node in detail.split(", ")}
    assert models and models <= started
    assert progress.details[-1] == "replacing the warehouse"
