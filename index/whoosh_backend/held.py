"""The Whoosh backend's state, owned in one place: each thread's open searchers, and each
open index generation's caches (caches.py).

Opening Whoosh's searcher costs more than a typical query, so each thread keeps one per
archive and reuses it until the index changes (a commit or a rebuild), when it is reopened.
Whoosh searchers are not shared between threads. At exit every thread's searcher is closed
(their files would otherwise be left to the garbage collector).
"""

from __future__ import annotations

import atexit
import os
import threading
import weakref
from pathlib import Path

from index.whoosh_backend import damage
from index.whoosh_backend.caches import IndexCaches
from index.whoosh_backend.spelling import FILE as VOCABULARY
from index.whoosh_backend.spelling import Vocabulary
from index.whoosh_backend.writing import live_dir, open_index, synced_seq

MAX_CACHED = 4  # archives a thread keeps a searcher open for


class Held:
    """A thread's open Whoosh searcher and vocabulary, closed when dropped or at exit."""

    def __init__(self, path: Path, searcher, vocabulary: Vocabulary | None):
        self.path, self.searcher, self.vocabulary = path, searcher, vocabulary

    def close(self) -> None:
        if self.searcher.is_closed:
            return
        self.searcher.close()
        if self.vocabulary is not None:
            self.vocabulary.close()

    def __del__(self) -> None:  # the thread that held it ended
        self.close()


class Owner:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._caches: dict[str, IndexCaches] = {}  # index generation folder -> its caches
        self._local = threading.local()
        self._open: weakref.WeakSet[Held] = weakref.WeakSet()
        atexit.register(self.close_all)

    def caches(self, folder: str) -> IndexCaches:
        """The caches of an index generation (made on first use); those of generations a
        rebuild has deleted are dropped."""
        found = self._caches.get(folder)
        if found is None:
            self._prune()
            with self._lock:
                found = self._caches.setdefault(folder, IndexCaches(folder))
        return found

    def _prune(self) -> None:
        with self._lock:
            for gone in [k for k in self._caches if not os.path.isdir(k)]:
                del self._caches[gone]

    def searcher(self, data_dir: Path) -> tuple[object, Vocabulary | None, IndexCaches | None]:
        """This thread's Whoosh searcher, vocabulary and caches for an archive, reopened if
        the index changed; (None, None, None) when it has no index yet."""
        cache = self._local.__dict__.setdefault("searchers", {})
        path = live_dir(data_dir)
        if path is None:
            damage.check_present(data_dir)  # never indexed, or its link is gone?
            return None, None, None
        key = data_dir.resolve()
        held = cache.get(key)
        if held is not None:
            if held.path == path and held.searcher.up_to_date():
                return held.searcher, held.vocabulary, self.caches(str(path))
            cache.pop(key).close()
        opened = []
        with damage.reading(str(path), on_damage=lambda: [s.close() for s in opened]):
            ix = open_index(data_dir)
            if ix is None:
                damage.check_present(data_dir)
                return None, None, None
            searcher = ix.searcher()
            opened.append(searcher)
            damage.check_in_step(data_dir, searcher.doc_count(), synced_seq(path))
            self._prune()  # a rebuild may have deleted a generation since
            caches = self.caches(str(path))
            caches.forget(searcher)
            vocabulary = Vocabulary(path, readonly=True) if (path / VOCABULARY).exists() \
                else None
        held = cache[key] = Held(path, searcher, vocabulary)
        self._open.add(held)
        while len(cache) > MAX_CACHED:  # a process serving many archives keeps the latest few
            cache.pop(next(iter(cache))).close()
        return searcher, vocabulary, caches

    def drop(self, data_dir: Path) -> None:
        """Close this thread's searcher of an archive (it read a damaged index)."""
        held = self._local.__dict__.get("searchers", {}).pop(Path(data_dir).resolve(), None)
        if held is not None:
            held.close()

    def close_all(self) -> None:
        """Close every thread's cached searcher."""
        for held in list(self._open):
            held.close()

    def held(self) -> list[Held]:
        return list(self._open)

    def reset(self) -> None:
        """Forget every index's caches, as a new process would have none (for tests and
        measurements)."""
        with self._lock:
            self._caches.clear()

    def all_caches(self) -> list[IndexCaches]:
        return list(self._caches.values())

    def open_files(self) -> list[str]:
        """The arrays files the caches hold open."""
        return [path for c in list(self._caches.values()) for path, found in c.arrays.items()
                if found is not None]


OWNER = Owner()
