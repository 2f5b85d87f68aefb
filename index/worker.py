"""Heavy searches in a process of their own, so plain ones keep the web server's interpreter.

A search with wildcards, fuzzy terms or ranges of words (a "heavy" one, index/budget.py)
runs thousands of small array operations. In the server's process it shared one
interpreter lock with every plain search: with four clients sending heavy queries, a plain
search ran at half speed at best (p95 2-3x idle). With a HeavyWorker, a heavy search is
handed at the moment it takes its heavy slot to one worker process, which opens the same
archive, runs it within the same budget and sends the result back; the server's threads
only wait for it, asleep. One worker: heavy searches still run one at a time.

The worker is started on the first heavy search (none for an archive that never has one)
and stopped with `close`.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
import time
from pathlib import Path

from index import budget
from index.errors import TooSlow
from index.request import SearchRequest
from index.results import SearchResult

WAIT_MARGIN = 2.0  # seconds the server waits beyond a search's deadline (queue, start-up)
NICENESS = 10  # the worker's priority below the server's (os.nice)


class HeavyWorker:
    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def search(self, request: SearchRequest) -> SearchResult:
        """Run the request in the worker process; TooSlow if no answer comes in time."""
        future = self._executor().submit(_search, str(self.data_dir), request)
        try:
            return future.result(timeout=budget.DEADLINE + WAIT_MARGIN)
        except concurrent.futures.TimeoutError:
            future.cancel()  # still queued: never run it
            raise TooSlow("the archive is busy with other wildcard and fuzzy searches: try "
                          "again in a moment, or search for whole words") from None
        except concurrent.futures.process.BrokenProcessPool:
            with self._lock:
                self._pool = None  # started again at the next heavy search
            raise TooSlow("the search stopped its worker process: make it narrower and try "
                          "again") from None

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # A fresh interpreter (not a fork of a threaded server).
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start, initargs=(os.getpid(),))
            return self._pool


def _start(parent: int) -> None:
    """In the worker: run below the server's priority, so on a machine with few cores the
    plain searches come first; and end when the server does, even killed."""
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    _watch_parent(parent)


def _watch_parent(parent: int) -> None:
    """End when the server does, even killed (no process left behind)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _search(data_dir: str, request: SearchRequest) -> SearchResult:
    """In the worker: open the archive as it is now and run the search here."""
    from archive import layout
    from archive.store import Store
    from index.searching import Searcher

    data = Path(data_dir)
    with Store(layout.store(data), readonly=True) as store, \
            Searcher(data, store.bodies, store.mention_spans) as searcher:
        return searcher.search(request)
