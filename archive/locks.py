"""An inter-process lock on a file: one writer at a time, the others wait or give up."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from archive.errors import Busy


@contextmanager
def file_lock(
    path: Path, timeout: float, busy: str, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold an exclusive lock on `path`, waiting up to `timeout` seconds for its holder.

    The operating system releases the lock when its holder dies, even by kill -9,
    so a crashed process never leaves the archive locked. Raise Busy(busy) on timeout.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(busy) from None
                if not waited and on_wait:
                    on_wait()
                waited = True
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def write_lock(data: Path, wait: float, on_wait: Callable[[], None] | None = None):
    """Let one process at a time change the archive in `data`; the others wait up to `wait`
    seconds (calling `on_wait` once), then give up with Busy."""
    from archive import layout

    busy = (f"another process is still writing to the archive in {data} after {wait:g} s; "
            "try again later")
    return file_lock(Path(data) / layout.WRITE_LOCK, wait, busy, on_wait=on_wait)
