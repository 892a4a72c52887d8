"""Command-line errors without warehouse work: exit codes and messages per the contract."""

from __future__ import annotations


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
