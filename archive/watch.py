"""Watch folders: ingest files as they are added or changed."""

from __future__ import annotations

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
