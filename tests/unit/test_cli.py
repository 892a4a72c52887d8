"""Command-line errors without warehouse work: exit codes and messages as the README (Command line) documents
them."""

from __future__ import annotations

import pytest


def test_unknown_command_is_exit_2(cli):
    r = cli("frobnicate")
    assert r.code == 2 and "invalid choice: 'frobnicate'" in r.err and "Traceback" not in r.err


def test_report_without_name_lists_reports(cli):
    r = cli("report")
    assert r.code == 2 and "name a report" in r.err


def test_unknown_report_is_exit_2(cli):
    r = cli("report", "no-such-report")
    assert r.code == 2 and "unknown report 'no-such-report'" in r.err


def test_generate_rejects_bad_sizes(cli, tmp_path):
    r = cli("generate", "--out", tmp_path / "d", "--invoices", "0")
    assert r.code == 2 and "--invoices expects an integer >= 1" in r.err
    r = cli("generate", "--out", tmp_path / "d", "--invoices", "ten")
    assert r.code == 2 and "--invoices expects an integer" in r.err


def test_build_without_data_is_exit_3(cli, tmp_path):
    r = cli("build", "--data", tmp_path)
    assert r.code == 3 and "no raw data" in r.err


# Parameters outside their documented range, in another script's digits, abbreviated or repeated: exit 2 naming
# the parameter (and the range), before any warehouse is opened (the data directory does not exist).
@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["receivable-aging-summary", "--as-date", "0001-01-01"], "as_date (--as-date): expected a date"),
        (["receivable-aging-summary", "--as-date", "2200-01-01"], "from 1900-01-01 to 2199-12-31"),
        (["receivable-aging-summary", "--aging-days-before", "1000000"], "aging_days_before"),
        (["receivable-aging-summary", "--aging-days-before", "1000000000000"], ">= 1 and <= 3650"),
        (["receivable-aging-summary", "--aging-periods", "101"], "aging_periods (--aging-periods)"),
        (["receivable-aging-summary", "--aging-periods", "٣"], ">= 1 and <= 100"),  # Arabic-Indic three
        (["receivable-aging-summary", "--precision", "11"], ">= 0 and <= 10"),
        (["aged-receivables", "--range", "3651"], "range (--range): expected an integer >= 1 and <= 3650"),
        (["aged-receivables", "--date", "1899-12-31"], "date (--date)"),
        (
            ["customer-aging-detail", "--customer-id", "c1", "--effective-date", "9999-12-31T23:59:59-05:00"],
            "effective_date (--effective-date): expected a date YYYY-MM-DD or an ISO 8601 date-time, its UTC date "
            "from 1900-01-01 to 2199-12-31",
        ),
        # 23:00 at -05:00 on the last allowed day is 04:00 UTC the next day: out of range.
        (
            ["customer-aging-detail", "--customer-id", "c1", "--effective-date", "2199-12-31T23:00:00-05:00"],
            "UTC",
        ),
        (["invoices", "--limit", "²"], "limit (--limit): expected an integer >= 1 and <= 200"),
        (["invoices", "--limit", "١٠"], "limit (--limit)"),  # Arabic-Indic ten
        (["invoices", "--page", "1000000001"], "page (--page): expected an integer >= 0 and <= 1000000000"),
        (["invoices", "--issued-at", "gte:2200-01-01"], "the date from 1900-01-01 to 2199-12-31"),
        (["invoices", "--amount-remaining", "gte:١٠٠"], "amount_remaining"),
        (["dso", "--as-of", "9999-12-31"], "as_of (--as-of)"),
        (["collections-summary-by-customer", "--from", "0999-01-01"], "from (--from)"),
        (["receivable-aging-summary", "--as-da", "2025-01-01"], "unrecognized arguments: --as-da"),
        (["invoices", "--lim", "5"], "unrecognized arguments: --lim"),
        (
            ["receivable-aging-summary", "--organization-id", "a", "--organization-id", "b"],
            "--organization-id",
        ),
        (["invoices", "--limit", "5", "--limit", "6"], "argument --limit: given more than once"),
        (
            ["collections-summary-by-customer", "--as-of", "2025-01-31", "--from", "2025-02-01"],
            "from (--from) 2025-02-01 is after as_of (--as-of) 2025-01-31",
        ),
        (
            ["dso", "--from", "2025-02-01", "--as-of", "2025-01-31"],
            "from (--from) 2025-02-01 is after as_of (--as-of)",
        ),
    ],
)
def test_report_parameters_out_of_range_abbreviated_or_repeated_are_exit_2(cli, tmp_path, args, text):
    r = cli("report", args[0], "--data", tmp_path / "none", *args[1:])
    assert r.code == 2, r
    assert text in r.err and "Traceback" not in r.err


def test_list_parameters_still_repeat(cli, tmp_path):
    r = cli(
        "report",
        "receivable-aging-summary",
        "--data",
        tmp_path,
        "--customers-ids",
        "a",
        "--customers-ids",
        "b",
    )
    assert r.code == 3 and "no warehouse" in r.err, r  # parsed; it is the missing warehouse that stops it


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["build", "--dat", "x"], "unrecognized arguments: --dat"),
        (["build", "--data", "a", "--data", "b"], "argument --data: given more than once"),
        (["generate", "--ou", "x"], "--out"),
        (
            ["generate", "--out", "x", "--invoices", "²"],
            "--invoices expects an integer >= 1 and <= 100000000",
        ),
        (["generate", "--out", "x", "--invoices", "٣"], "--invoices expects an integer"),
        (
            ["generate", "--out", "x", "--customers", "0"],
            "--customers expects an integer >= 1 and <= 10000000",
        ),
        (["generate", "--out", "x", "--seed", str(2**63)], "--seed expects an integer"),
        (["generate", "--out", "x", "--seed", "1", "--seed", "2"], "argument --seed: given more than once"),
        (["ingest", "stuut-invoices", "f.json", "--dat", "x"], "unrecognized arguments: --dat"),
    ],
)
def test_command_flags_abbreviated_repeated_or_out_of_range_are_exit_2(cli, args, text):
    r = cli(*args)
    assert r.code == 2, r
    assert text in r.err and "Traceback" not in r.err


def test_report_help_shows_the_ranges(cli, capsys):
    with pytest.raises(SystemExit) as done:
        cli("report", "receivable-aging-summary", "--help")
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "a date YYYY-MM-DD from 1900-01-01 to 2199-12-31" in text
    assert "--aging-days-before AGING_DAYS_BEFORE an integer >= 1 and <= 3650" in text
