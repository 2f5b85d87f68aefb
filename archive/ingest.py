"""Ingest: read files, extract facets, store articles. The index catches up afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from archive.errors import ReadError
from archive.extract import extract
from archive.model import Article, Document, article_id
from archive.readers import iter_files, read_file
from archive.store import DUPLICATE, NEW, UNCHANGED, UPDATED, Store

BATCH = 200


@dataclass
class IngestReport:
    """What one ingest did: counts per outcome, and every failure with its reason."""

    new: int = 0
    unchanged: int = 0
    updated: int = 0
    duplicate: int = 0
    failed: list[ReadError] = field(default_factory=list)

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.updated)

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.duplicate} duplicate, {len(self.failed)} failed"
        )

    def to_dict(self) -> dict:
        return {
            NEW: self.new,
            UPDATED: self.updated,
            UNCHANGED: self.unchanged,
            DUPLICATE: self.duplicate,
            "failed": [
                {"source": e.source, "line": e.line, "error": e.message} for e in self.failed
            ],
        }


def build_article(doc: Document, corrections: object | None = None) -> Article:
    """Make an Article from a Document: its id from the content, its facets from the text."""
    found = extract(doc.title, doc.body, doc.published, doc.outlet, corrections)
    return Article(
        id=article_id(doc.title, doc.body),
        title=doc.title,
        body=doc.body,
        source=doc.source,
        published=doc.published,
        url=doc.url,
        outlet=doc.outlet,
        author=doc.author,
        origin=doc.origin,
        people=found.people,
        outlets=found.outlets,
        mentioned=found.mentioned,
        entities=found.entities,
    )


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | ReadError]:
    for item in iter_files(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_file(item)


def ingest(
    store: Store,
    items: Iterable[Document | ReadError],
    corrections: object | None = None,
    on_error: Callable[[ReadError], None] | None = None,
) -> IngestReport:
    """Store every document; record failures and go on. Commits in batches."""
    report = IngestReport()
    batch: list[Document] = []

    def flush() -> None:
        with store.transaction():
            for doc in batch:
                report.count(_put(store, doc, corrections))
        batch.clear()

    for item in items:
        if isinstance(item, ReadError):
            report.failed.append(item)
            if on_error:
                on_error(item)
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return report


def _put(store: Store, doc: Document, corrections: object | None) -> str:
    # Skip extraction for content the store already holds: re-ingesting is cheap.
    known = store.status_of(article_id(doc.title, doc.body), doc.origin)
    if known is not None:
        return known
    return store.put(build_article(doc, corrections))
