"""The `arlake` program as a user runs it, a process of its own (`python -m arlake`, and the installed command's
entry point). A report's process ends as soon as its output is flushed, without Python's teardown or closing the
read-only warehouse; it must lose nothing: every byte of a report larger than the pipe and file buffers, the exit
codes and messages of user errors, and a reader that stops early."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points

ORG, AS_OF = "org_001", "2026-08-30"  # the generated data's first organization and last date


# Python's output buffers as a user's shell has them (PYTHONUNBUFFERED would write every piece at once and hide a
# buffer the program forgot to flush before it ends).
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _command(*args: object) -> list[str]:
    return [sys.executable, "-m", "arlake", *map(str, args)]


def _arlake(*args: object, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(_command(*args), env=BUFFERED, **kwargs)


def test_the_installed_command_is_the_program():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "arlake"]
    assert script.value == "arlake.cli:program"


def test_a_report_written_to_a_file_is_whole(sample_data, tmp_path):
    from arlake import reports

    path = tmp_path / "page.json"
    with path.open("wb") as out:
        r = _arlake(
            "report", "invoices", "--data", sample_data, "--organization-id", ORG, "--as-of", AS_OF,
            "--limit", "100", stdout=out, stderr=subprocess.PIPE,
        )  # fmt: skip
    assert (r.returncode, r.stderr) == (0, b"")
    written = path.read_bytes()
    assert len(written) > 256 * 1024  # larger than a pipe's buffer and Python's, many times over
    # The same report through the library, in this process (which closes the warehouse), plus the command's newline.
    page = reports.run("invoices", sample_data, organization_id=ORG, as_of=AS_OF, limit="100").to_bytes()
    assert written == page + b"\n"
    assert len(json.loads(written)["data"]) == 100


def test_user_errors_keep_their_exit_codes_and_messages(sample_data, tmp_path):
    bad = _arlake(
        "report", "dso", "--data", sample_data, "--organization-id", ORG, "--as-of", "2026-02-30",
        capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 2, bad
    assert (
        bad.stderr.startswith("arlake: error: ") and "as_of" in bad.stderr and "Traceback" not in bad.stderr
    )
    assert bad.stdout == ""
    missing = _arlake(
        "report", "dso", "--data", tmp_path, "--organization-id", ORG, "--as-of", AS_OF,
        capture_output=True, text=True,
    )  # fmt: skip
    assert missing.returncode == 3, missing
    assert f"no warehouse at {tmp_path}" in missing.stderr and "Traceback" not in missing.stderr


def test_a_reader_that_stops_early_ends_the_report_quietly(sample_data):
    # `arlake report ... | head -c 100`: the report ends with exit 0 and nothing on stderr.
    proc = subprocess.Popen(
        _command("report", "invoices", "--data", sample_data, "--organization-id", ORG, "--as-of", AS_OF,
                 "--limit", "100"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BUFFERED,
    )  # fmt: skip
    first = proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert first.startswith(b'{"data":[{') and err == b""
