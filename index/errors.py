"""The index's errors: a query it cannot run, a search past its budget, a damaged index."""

from __future__ import annotations

from archive.errors import ArchiveError


class QueryError(ArchiveError):
    """A search query that could not be understood; the message says why."""


class OverBudget(QueryError):
    """A query that would cost more than one search may; the message says what to change."""


class TooSlow(QueryError):
    """A search stopped at its deadline, or turned away while the archive is busy (HTTP 503)."""


class IndexDamaged(ArchiveError):
    """The search index cannot be read, or disagrees with the store: a full rebuild fixes it."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        more = f" ({detail})" if detail else ""
        super().__init__(f"the index is damaged: run `archive reindex --full`{more}")
