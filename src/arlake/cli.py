"""The `arlake` command line (README, Command line). User errors go to stderr without a traceback; exit codes:
0 ok, 2 bad parameters, 3 bad or missing data, 4 not found (1: any other failure).

Flags are spelled out (no abbreviations: `--as-da` is not `--as-date`), and a flag that takes one value may be
given once: a second `--organization-id` is an error, not a silent override. List parameters repeat their flag."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from .errors import ArlakeError, DataError, ParameterError
from .ingest import FORMATS
from .progress import QUIET, on_terminal
from .project import data_dir

_INTEGER = re.compile(r"[+-]?[0-9]{1,30}")  # ASCII digits only


class _StoreOnce(argparse._StoreAction):
    """argparse's `store`, refusing a flag given twice (the second would silently win)."""

    def __call__(self, parser, namespace, values, option_string=None):
        seen = namespace.__dict__.setdefault("_given_once", set())
        if option_string is not None and self.dest in seen:
            parser.error(f"argument {'/'.join(self.option_strings)}: given more than once; give it once")
        seen.add(self.dest)
        super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    """argparse that raises ParameterError (exit 2, no usage dump) naming the offending flag; no abbreviated
    flags, and single-value flags at most once."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)
        self.register("action", None, _StoreOnce)
        self.register("action", "store", _StoreOnce)

    def error(self, message: str):  # noqa: D102 - argparse hook
        raise ParameterError(f"{self.prog}: {message}")

    def parse_args(self, args=None, namespace=None):  # noqa: D102 - drops the bookkeeping of _StoreOnce
        parsed = super().parse_args(args, namespace)
        parsed.__dict__.pop("_given_once", None)
        return parsed


def _base_parser() -> _Parser:
    parser = _Parser(prog="arlake", description="Accounts-receivable analytics on DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = sub.add_parser("demo", help="generate sample data (if absent), build, print the aging summary")
    demo.add_argument("--data", help="data directory (default ./data or $ARLAKE_DATA)")

    gen = sub.add_parser("generate", help="write realistic sample data into DIR/raw")
    gen.add_argument("--out", required=True, help="data directory to create (DIR/raw/<table>/*.parquet)")
    gen.add_argument(
        "--customers",
        type=_int("--customers", 1, MAX_CUSTOMERS),
        help=f"1 to {MAX_CUSTOMERS:,} (default invoices/100)",
    )
    gen.add_argument(
        "--invoices", type=_int("--invoices", 1, MAX_INVOICES), default=50_000, help=f"1 to {MAX_INVOICES:,}"
    )
    gen.add_argument("--seed", type=_int("--seed", -(2**63), 2**63 - 1), default=42, help="a 64-bit integer")

    ingest = sub.add_parser("ingest", help="read external data into DIR/raw")
    ingest.add_argument(
        "format",
        choices=tuple(FORMATS),
        help="; ".join(f"{name}: {text}" for name, (_, text) in FORMATS.items()),
    )
    ingest.add_argument("files", nargs="+", metavar="FILE", help="response pages to ingest")
    ingest.add_argument("--data", help="data directory (default ./data or $ARLAKE_DATA)")

    build = sub.add_parser("build", help="build the warehouse from DIR/raw (atomically)")
    build.add_argument("--data", help="data directory (default ./data or $ARLAKE_DATA)")
    build.add_argument("--verbose", action="store_true", help="show dbt's log")
    build.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="duckdb (default), or spark: the as-of-independent tables on Spark (the spark extra), the serving "
        "layer on DuckDB",
    )

    report = sub.add_parser("report", help="print a report as JSON", add_help=False)
    report.add_argument("name", nargs="?")

    serve = sub.add_parser("serve", help="answer the reports over HTTP (API keys required)")
    serve.add_argument("--data", help="data directory (default ./data or $ARLAKE_DATA)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine)"
    )
    serve.add_argument(
        "--port", type=_int("--port", 1, 65535), default=8000, help="1 to 65535 (default 8000)"
    )

    keys = sub.add_parser("keys", help="API keys of the HTTP server (<data>/api_keys.json)")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, parser_class=_Parser)
    create = keys_sub.add_parser("create", help="print a new key (once) for the organizations given")
    create.add_argument(
        "--organization-id",
        dest="organizations",
        action="append",
        required=True,
        help="an organization the key may read (repeat the flag for several)",
    )
    create.add_argument("--data", help="data directory (default ./data or $ARLAKE_DATA)")
    listing = keys_sub.add_parser("list", help="key ids, organizations and creation times (never the keys)")
    listing.add_argument("--data", help="data directory (default ./data or $ARLAKE_DATA)")
    revoke = keys_sub.add_parser("revoke", help="revoke a key: it stops working at its next request")
    revoke.add_argument("key_id", metavar="KEY_ID")
    revoke.add_argument("--data", help="data directory (default ./data or $ARLAKE_DATA)")
    return parser


MAX_INVOICES = 100_000_000
MAX_CUSTOMERS = 10_000_000


def _int(flag: str, minimum: int, maximum: int):
    """An integer in ASCII digits within [minimum, maximum]; the error names the flag and the range."""

    def convert(text: str) -> int:
        stripped = text.strip()
        if not _INTEGER.fullmatch(stripped) or not minimum <= int(stripped) <= maximum:
            raise argparse.ArgumentTypeError(
                f"{flag} expects an integer >= {minimum} and <= {maximum}, got {text!r}"
            )
        return int(stripped)

    return convert


def _report_command(argv: list[str], *, ending: bool = False) -> int:
    from . import reports

    if not argv or argv[0].startswith("-"):
        raise ParameterError(f"arlake report: name a report: {', '.join(sorted(reports.REPORTS))}")
    name, rest = argv[0], argv[1:]
    report = reports.report(name)
    parser = _Parser(prog=f"arlake report {name}")
    parser.add_argument("--data", help="data directory (default ./data or $ARLAKE_DATA)")
    for p in report.PARAMS:
        parser.add_argument(
            p.flag, dest=p.name, action="append" if p.kind == "list" else "store", help=p.describe()
        )
    args = parser.parse_args(rest)
    given = {p.name: getattr(args, p.name) for p in report.PARAMS if getattr(args, p.name) is not None}
    # `ending`: the process ends right after the report (see `program`), which releases the warehouse
    output = reports.run(name, args.data, keep_open=ending, **given)
    out = sys.stdout.buffer
    for piece in output:
        out.write(piece)
    out.write(b"\n")
    out.flush()
    return 0


def _main(argv: list[str], ending: bool) -> int:
    if argv and argv[0] == "report":
        return _report_command(argv[1:], ending=ending)
    args = _base_parser().parse_args(argv)
    if args.command == "generate":
        from .sample import generate

        try:
            with on_terminal("generate") as progress:
                counts = generate(
                    Path(args.out),
                    invoices=args.invoices,
                    customers=args.customers,
                    seed=args.seed,
                    progress=progress,
                )
        except ValueError as exc:  # its parameter checks
            raise ParameterError(str(exc)) from None
        for table, rows in counts.items():
            print(f"{table:>20}: {rows:>12,} rows")
        return 0
    if args.command == "ingest":
        from .ingest import reader

        with on_terminal("ingest") as progress:
            results = reader(args.format)(args.files, data_dir(args.data), progress=progress)
        for result in results:
            rows = ", ".join(f"{n} {t}" for t, n in result.rows.items() if n)
            note = f"; already present: {', '.join(result.skipped)}" if result.skipped else ""
            print(f"ingested {result.files} file(s): {result.invoices} invoices ({rows}){note}")
        return 0
    if args.command == "build":
        from .build import build

        # --verbose prints dbt's own log on stdout, which a progress line on the same terminal would garble
        shown = contextlib.nullcontext(QUIET) if args.verbose else on_terminal("build")
        with shown as progress:
            result = build(
                data_dir(args.data),
                verbose=args.verbose,
                progress=progress,
                engine=args.engine,
                stop_spark=True,
                warn=lambda line: print(f"arlake: warning: {line}", file=sys.stderr, flush=True),
            )
        for warning in result.warnings:
            print(f"arlake: warning: {warning}", file=sys.stderr)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(result.counts.items()))
        print(f"built {result.warehouse} in {result.seconds:.1f}s ({summary})")
        return 0
    if args.command == "serve":
        from .server.app import serve

        data = data_dir(args.data)
        if not data.is_dir():
            raise DataError(f"the data directory {data} does not exist")
        serve(data, args.host, args.port)
        return 0
    if args.command == "keys":
        return _keys_command(args)
    if args.command == "demo":
        from .demo import demo

        demo(data_dir(args.data), sys.stdout)
        return 0
    raise ParameterError(f"unknown command {args.command}")


def _keys_command(args: argparse.Namespace) -> int:
    from .server import keys

    data = data_dir(args.data)
    if args.keys_command == "create":
        token, key = keys.create_key(data, args.organizations)
        print(
            f"arlake: created API key {key.key_id} for {', '.join(key.organizations)}; "
            "it is shown once, on stdout: store it now",
            file=sys.stderr,
        )
        print(token)
        return 0
    if args.keys_command == "list":
        for key in keys.list_keys(data):
            state = "active" if key.active else f"revoked {key.revoked_at}"
            print(f"{key.key_id}\t{','.join(key.organizations)}\tcreated {key.created_at}\t{state}")
        return 0
    key = keys.revoke_key(data, args.key_id)
    print(f"revoked {key.key_id} ({','.join(key.organizations)}) at {key.revoked_at}")
    return 0


def main(argv: list[str] | None = None, *, ending: bool = False) -> int:
    """Run `arlake ARGV...` (default: this process's arguments) and return its exit code. `ending`: the process
    ends right after (see `program`)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _main(argv, ending)
    except ArlakeError as exc:
        print(f"arlake: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("arlake: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def program() -> NoReturn:
    """The `arlake` program: its console script and `python -m arlake`. After a report, once its output and
    messages are flushed, the process ends at once (`os._exit`) with the report's exit code, without Python's
    teardown or DuckDB's close of the read-only warehouse: nothing is left to write, and that teardown is 25 to
    35 ms of a report's command. Every other command ends as a Python program does."""
    argv = sys.argv[1:]
    ending = argv[:1] == ["report"]
    code = main(argv, ending=ending)
    if ending:
        with contextlib.suppress(OSError):  # a reader that has gone away (`| head`): nothing more to deliver
            sys.stdout.flush()
        with contextlib.suppress(OSError):
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    program()
