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

    def __reduce__(self):  # sent back from extraction's worker processes
        return (ReadError, (self.source, self.message, self.line))


class NotFound(ArchiveError):
    """No article has the id asked for."""


class Busy(ArchiveError):
    """Another process is writing to the archive."""


class DiskFull(ArchiveError):
    """The disk holding the archive is full; nothing was lost."""
