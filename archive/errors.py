"""The archive's own errors: narrow, raised in the core, translated at the edges."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base class for every error the archive reports to a user."""


class ReadError(ArchiveError):
    """An input that could not be read as an article; names the file and, where known, the line."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class QueryError(ArchiveError):
    """A search query that could not be understood; the message says why."""


class NotFound(ArchiveError):
    """No article has the id asked for."""


class Busy(ArchiveError):
    """Another process is writing to the archive."""


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


class DiskFull(ArchiveError):
    """The disk holding the archive is full; nothing was lost."""
