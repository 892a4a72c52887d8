"""User-facing errors and their exit codes (README, Command line)."""

from __future__ import annotations


class ArlakeError(Exception):
    """An error the user can act on: printed to stderr without a traceback, exits with `exit_code`."""

    exit_code = 1


class ParameterError(ArlakeError):
    """Bad parameters: the message names the parameter and the allowed values."""

    exit_code = 2


class DataError(ArlakeError):
    """Bad or missing data: the message names the file or table and the column."""

    exit_code = 3


class RuntimeMissingError(ArlakeError):
    """A runtime the chosen engine needs (Java for Spark) is not on this machine."""

    exit_code = 3


class NotFoundError(ArlakeError):
    """An unknown organization, customer or other entity."""

    exit_code = 4


class BuildError(ArlakeError):
    """dbt failed for a reason other than the raw data; the message names the failing node."""

    exit_code = 1
