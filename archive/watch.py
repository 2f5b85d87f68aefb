"""Watch folders: ingest files as they are added or changed."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterable
from pathlib import Path

from archive.errors import ReadError
from archive.readers import iter_files


class FolderWatcher:
    """Tell which files under some folders are new or changed since the last look.

    A file is reported once its size and modification time have stayed the same
    for one look, so a file still being written is not read half-way.
    """

    def __init__(self, paths: Iterable[str | Path]):
        self.paths = [Path(p) for p in paths]
        self.done: dict[Path, tuple[int, int]] = {}
        self.pending: dict[Path, tuple[int, int]] = {}

    def look(self) -> list[Path]:
        ready = []
        for item in iter_files(self.paths):
            if isinstance(item, ReadError):
                continue
            try:
                st = item.stat()
            except OSError:
                continue  # removed between listing and looking
            sig = (st.st_mtime_ns, st.st_size)
            if self.done.get(item) == sig:
                continue
            if self.pending.get(item) == sig:
                ready.append(item)
                self.done[item] = sig
                del self.pending[item]
            else:
                self.pending[item] = sig
        return ready


class StopSignals:
    """Turn SIGINT and SIGTERM into a request to stop, between two pieces of work.

    A process started in the background (`archive watch ... &`) inherits SIGINT
    ignored; installing a handler here makes Ctrl-C and `kill -INT` work anyway.
    The first signal lets the current batch finish; a second one stops at once.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.stopping = False
        self._saved: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        self._saved = {s: signal.signal(s, self._handle) for s in self.SIGNALS}
        return self

    def __exit__(self, *exc) -> None:
        for s, handler in self._saved.items():
            signal.signal(s, handler)

    def _handle(self, signum, frame) -> None:
        if self.stopping:
            raise KeyboardInterrupt
        self.stopping = True

    def sleep(self, seconds: float) -> None:
        """Sleep, waking early (within a fifth of a second) when asked to stop."""
        deadline = time.monotonic() + seconds
        while not self.stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))
