"""Ingest: read files, extract facets, store articles. The index catches up afterwards."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from archive import dedupe
from archive.errors import ReadError
from archive.extract import extract, warm
from archive.model import Article, Document, article_id
from archive.readers import iter_files, read_file
from archive.store import DUPLICATE, NEW, UNCHANGED, UPDATED, Store

BATCH = 200
WINDOW = 1000  # documents handed to the extraction workers at a time


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


def iter_documents(
    paths: Iterable[str | Path],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    stdin_format: str | None = None,
) -> Iterator[Document | ReadError]:
    """Yield what the files under these paths hold; `-` is standard input."""
    for item in iter_files(paths, include, exclude):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_file(item, format=stdin_format if str(item) == "-" else None)


def ingest(
    store: Store,
    items: Iterable[Document | ReadError],
    corrections: object | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    on_commit: Callable[[IngestReport], None] | None = None,
    workers: int = 1,
) -> IngestReport:
    """Store every document; record failures and go on. Commits in batches.

    With workers > 1, extraction runs in that many processes while this one
    stores (and, through `on_commit`, called after each batch, indexes).
    """
    report = IngestReport()
    batch: list[Document | tuple | str] = []

    def flush() -> None:
        with store.transaction():
            for item in batch:
                if isinstance(item, str):
                    report.count(item)
                    continue
                try:
                    with store.savepoint():
                        if isinstance(item, tuple):
                            report.count(store.put(*item))
                        else:
                            report.count(_put(store, item, corrections))
                except (ValueError, sqlite3.InterfaceError, sqlite3.IntegrityError,
                        sqlite3.DataError) as exc:
                    # This one article cannot be stored; the rest of the batch can.
                    source = item[0].source if isinstance(item, tuple) else item.source
                    failed = ReadError(source, f"cannot be stored: {exc}")
                    report.failed.append(failed)
                    if on_error:
                        on_error(failed)
        batch.clear()
        if on_commit:
            on_commit(report)

    def documents() -> Iterator[Document]:
        for item in items:
            if isinstance(item, ReadError):
                report.failed.append(item)
                if on_error:
                    on_error(item)
            else:
                yield item

    with _extractor(store, corrections, workers) as prepare:
        for prepared in prepare(documents()):
            batch.append(prepared)
            if len(batch) >= BATCH:
                flush()
    if batch:
        flush()
    return report


def _put(store: Store, doc: Document, corrections: object | None) -> str:
    # Skip extraction for content the store already holds: re-ingesting is cheap.
    aid = article_id(doc.title, doc.body)
    known = store.status_of(aid, doc.origin)
    if known == DUPLICATE:
        store.note_duplicate(aid, doc.origin, doc.source)
    if known is not None:
        return known
    return store.put(build_article(doc, corrections))


@contextmanager
def _extractor(store: Store, corrections: object | None, workers: int):
    """Yield a function mapping Documents to what flush() stores, in worker processes if asked."""
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        yield lambda docs: docs  # flush() extracts inline
        return
    ctx = mp.get_context("fork")  # the workers inherit the imported extractor: fast start
    warm()  # and its word lists and patterns, loaded once here rather than in each worker
    with ctx.Pool(workers, _init_worker, (str(store.path), corrections)) as pool:
        yield lambda docs: _bounded(pool, docs)


def _bounded(pool, docs: Iterable[Document]) -> Iterator:
    """Extract in the pool, a window of documents at a time, in order.

    Pool.imap reads its whole input at once: 100,000 articles sat in memory (1 GB).
    Two windows are in flight, so the workers never wait for the next one.
    """
    window: list[Document] = []
    pending = None
    for doc in docs:
        window.append(doc)
        if len(window) >= WINDOW:
            started = pool.imap(_prepare, window, chunksize=16)
            if pending is not None:
                yield from pending
            pending, window = started, []
    started = pool.imap(_prepare, window, chunksize=16) if window else None
    if pending is not None:
        yield from pending
    if started is not None:
        yield from started


_worker: dict = {}


def _init_worker(store_path: str, corrections: object | None) -> None:
    _worker["store"] = Store(store_path, readonly=True)
    _worker["corrections"] = corrections


def _prepare(doc: Document) -> tuple[Article, tuple[int, ...]] | Document | str:
    """In a worker: the status of a known article, or the new Article with its facets and
    near-duplicate signature."""
    known = _worker["store"].status_of(article_id(doc.title, doc.body), doc.origin)
    if known == DUPLICATE:
        return doc  # stored by the main process, which notes where the copy is
    if known is not None:
        return known
    return build_article(doc, _worker["corrections"]), dedupe.signature(doc.body)
