"""Searching the archive, engine-neutral: the rules every backend shares, over the one chosen.

The backend (index/backend.py) parses, matches, ranks, counts and marks. Here: each search's
budget and deadline (index/budget.py), and what to do when it finds nothing but a spelling
the archive has would find something (show those results, saying so).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from index import budget
from index.backend import Backend, Bodies, Spans, backend
from index.errors import QueryError
from index.request import SearchRequest
from index.results import FacetValue, Hit, SearchResult, SyncReport

if TYPE_CHECKING:
    from index.worker import HeavyWorker


class Searcher:
    """A view of the index for one request (or one CLI call): use it, then close it."""

    def __init__(self, data_dir: Path, bodies: Bodies, spans: Spans | None = None,
                 engine: Backend | None = None, heavy: HeavyWorker | None = None):
        """`heavy`: a worker process for the searches with wildcards, fuzzy terms or ranges
        (the web server's), so they do not slow the plain ones down."""
        self._view = (engine or backend()).searcher(Path(data_dir), bodies, spans)
        self._heavy = heavy

    def close(self) -> None:
        self._view.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def doc_count(self) -> int:
        return self._view.doc_count()

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a search within its budget: raise OverBudget for a query that would cost too
        much, TooSlow past the deadline, QueryError for one that makes no sense.

        Nothing found for what was typed, and a spelling the archive has: its results are
        shown instead, saying so ("Showing results for kardashian · search instead for
        kardashain"), unless the request is `exact`.
        """
        budget.check_request(request)
        if self._heavy is not None:
            try:
                with budget.elsewhere():
                    return self._search(request)
            except budget.RunElsewhere:
                return self._heavy.search(request)
        return self._search(request)

    def _search(self, request: SearchRequest) -> SearchResult:
        with budget.deadline():
            result = self._view.search(request)
            if result.total == 0 and result.suggestion and not request.exact:
                corrected = self._view.search(replace(request, q=result.suggestion, exact=True))
                if corrected.total:
                    corrected.corrected_from = request.q
                    return corrected
            return result

    def export(self, request: SearchRequest, limit: int | None = None,
               batch: int = 200) -> Iterator[Hit]:
        """Yield every hit of the request in its order (up to `limit`), `batch` at a time."""
        budget.check_request(request)
        return self._view.export(request, limit, batch)

    def stories(self, request: SearchRequest) -> int:
        """How many near-duplicate groups ("stories") the request's matches fall in."""
        return self._view.stories(request)

    def suggest(self, text: str) -> str | None:
        """The query with misspelt words corrected ("did you mean"), or None."""
        return self._view.suggest(text)

    def mark(self, text: str, query_text: str) -> str:
        """The whole text, escaped, with the words the query searches the body for marked."""
        return self._view.mark(text, query_text)

    def more_like(self, article_id: str, limit: int = 5) -> list[Hit]:
        """The articles most like this one, by the words of their bodies."""
        return self._view.more_like(article_id, limit)


def sync(store, data_dir: Path, full: bool = False, engine: Backend | None = None
         ) -> SyncReport:
    """Bring the index up to date with the store (rebuild it if `full`)."""
    return (engine or backend()).sync(store, Path(data_dir), full)


def doc_count(data_dir: Path, engine: Backend | None = None) -> int:
    return (engine or backend()).doc_count(Path(data_dir))


__all__ = ["FacetValue", "Hit", "QueryError", "SearchRequest", "SearchResult", "Searcher",
           "doc_count", "sync"]
