"""The seam between the archive and its search engine.

The rest of the archive (the CLI, the web app, alerts, exports) sees the front of `index/`
only: the request and result types (`index.request`, `index.results`), the facet kinds
(`index.kinds`), and a backend reached through this module. A backend keeps an index in step
with the store's change log and answers searches over it. Whoosh's (`index.whoosh_backend`,
the only code that imports Whoosh) is the one there is; another engine would implement the
same two protocols and be named in BACKENDS, and `tests/test_backend_conformance.py` would
run on it unchanged.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from index.request import SearchRequest
from index.results import Hit, SearchResult, SyncReport

# (article ids) -> each article's body, read from the store: snippets are cut from it.
Bodies = Callable[[list[str]], dict[str, str]]
# (article ids, {facet field: names}) -> each article's (start, end) of mentions of those names
Spans = Callable[[list[str], dict[str, set[str]]], dict[str, list[tuple[int, int]]]]

BACKENDS = {"whoosh": "index.whoosh_backend"}
DEFAULT = "whoosh"


class EngineSearcher(Protocol):
    """One view of the index, for one request or one command: use it, then close it."""

    def search(self, request: SearchRequest) -> SearchResult: ...
    def export(self, request: SearchRequest, limit: int | None = None,
               batch: int = 200) -> Iterator[Hit]: ...
    def stories(self, request: SearchRequest) -> int: ...
    def suggest(self, text: str) -> str | None: ...
    def mark(self, text: str, query_text: str) -> str: ...
    def more_like(self, article_id: str, limit: int = 5) -> list[Hit]: ...
    def doc_count(self) -> int: ...
    def close(self) -> None: ...


class Backend(Protocol):
    """A search engine behind the archive: an index per data folder, derived from the store."""

    name: str

    def sync(self, store, data_dir: Path, full: bool = False) -> SyncReport:
        """Apply the store's changes since the last sync (all of them, rebuilt, if `full`)."""
        ...

    def doc_count(self, data_dir: Path) -> int:
        """How many articles the index holds."""
        ...

    def searcher(self, data_dir: Path, bodies: Bodies, spans: Spans | None = None
                 ) -> EngineSearcher:
        """A view of the live index (one per thread is kept open and reused)."""
        ...


def backend(name: str | None = None) -> Backend:
    """The backend by name; by default NEWS_ARCHIVE_BACKEND's, else Whoosh's."""
    name = name or os.environ.get("NEWS_ARCHIVE_BACKEND") or DEFAULT
    if name not in BACKENDS:
        raise ValueError(f"no search backend {name!r}: use one of {', '.join(BACKENDS)}")
    return importlib.import_module(BACKENDS[name]).BACKEND
