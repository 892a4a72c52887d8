"""Progress of long commands (`generate`, `ingest`, `build`), shown on stderr only when stderr is a terminal.

Library functions take a `Progress` and report to it; the default, `QUIET`, reports nowhere, so scripts, pipes,
CI and library callers see nothing and stdout never changes. The command line passes `on_terminal(...)`, which
draws a live line with rich (what runs now, done of total, elapsed time) and clears it when the work ends.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO


class Progress:
    """Where long work says how far it got. This one tells no one."""

    def update(self, detail: str | None = None, *, total: int | None = None, advance: int = 0) -> None:
        """`detail`: what runs now; `total`: how many pieces the work has; `advance`: pieces just finished."""


QUIET = Progress()


class _RichProgress(Progress):
    def __init__(self, bar, task, what: str) -> None:
        self._bar, self._task, self._what = bar, task, what

    def update(self, detail: str | None = None, *, total: int | None = None, advance: int = 0) -> None:
        fields: dict = {"advance": advance}
        if detail is not None:
            fields["description"] = f"{self._what}: {detail}"
        if total is not None:
            fields["total"] = total
        self._bar.update(self._task, **fields)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


@contextlib.contextmanager
def on_terminal(what: str, stream: TextIO | None = None) -> Iterator[Progress]:
    """A progress line for `what` on `stream` (default stderr) while the block runs, if it is a terminal;
    else `QUIET`."""
    stream = sys.stderr if stream is None else stream
    if not is_terminal(stream):
        yield QUIET
        return
    # Imported here: commands whose stderr is not a terminal never pay for loading rich.
    import rich.progress
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Column

    bar = rich.progress.Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1)),
        BarColumn(bar_width=20),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
        # stdout stays the command's own: nothing printed there is taken into the progress display
        redirect_stdout=False,
        redirect_stderr=False,
        expand=True,
    )
    with bar:
        yield _RichProgress(bar, bar.add_task(what, total=None), what)
