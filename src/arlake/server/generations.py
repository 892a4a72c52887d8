"""Warehouse generations for a server: rebuilds under traffic.

`arlake build` renames a fresh warehouse file over `<data>/warehouse.duckdb`. Every request looks at the file (its
inode, size and modification time); when it differs from the generation being served, a new `Warehouse` (a new
in-memory DuckDB that attaches the new file; opening the same path again could return the cached old database)
becomes the current generation and serves every request that starts from then on. Requests already running finish
on the generation they started with; a generation that is no longer current is closed when its last request ends
(a reference count), so the old file's space is given back as soon as nothing reads it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ..errors import DataError
from ..project import warehouse_path
from ..warehouse import Warehouse


class Generation:
    def __init__(self, warehouse: Warehouse, stamp: tuple):
        self.warehouse = warehouse
        self.stamp = stamp
        self.requests = 0  # guarded by Generations._lock
        self.retired = False


class Generations:
    """The warehouse generations of one data directory. acquire() before a request reads, release() after."""

    def __init__(self, data: Path):
        self.data = data
        self.path = warehouse_path(data)
        self._lock = threading.Lock()  # guards the generations' counts and `current`
        self._opening = threading.Lock()  # one generation is opened at a time
        self._current: Generation | None = None
        self.opened = 0  # how many generations were opened (for tests and logs)

    def _stamp(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise DataError(f"cannot read the warehouse: {exc.strerror or exc}") from None
        return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)

    def _take_current(self, stamp: tuple | None) -> Generation | None:
        with self._lock:
            current = self._current
            if current is not None and current.stamp == stamp:
                current.requests += 1
                return current
        return None

    def acquire(self) -> Generation:
        stamp = self._stamp()
        if stamp is None:
            raise DataError(
                "no warehouse has been built yet: run `arlake build` on the server's data directory"
            )
        found = self._take_current(stamp)
        if found is not None:
            return found
        with self._opening:
            found = self._take_current(stamp)  # another request may have opened it meanwhile
            if found is not None:
                return found
            # The stamp taken before opening: if the file is replaced while it is attached, the next request sees
            # a different stamp and opens again (one generation too many, never a stale one).
            generation = Generation(Warehouse(self.data), stamp)
            self.opened += 1
            with self._lock:
                old, self._current = self._current, generation
                generation.requests += 1
                close_old = old is not None and self._retire(old)
            if close_old:
                old.warehouse.close()
            return generation

    def _retire(self, generation: Generation) -> bool:
        """Mark `generation` as no longer current; True when nothing reads it any more (close it). Under _lock."""
        generation.retired = True
        return generation.requests == 0

    def release(self, generation: Generation) -> None:
        with self._lock:
            generation.requests -= 1
            close = generation.retired and generation.requests == 0
        if close:
            generation.warehouse.close()

    def close(self) -> None:
        with self._lock:
            current, self._current = self._current, None
            close = current is not None and self._retire(current)
        if close:
            current.warehouse.close()
