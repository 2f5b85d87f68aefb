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
from archive.extract import TIME_LIMIT, extract, warm
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
    # Stored, but without what extraction would have found: it ran past its time limit.
    incomplete: list[ReadError] = field(default_factory=list)

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.updated)

    def summary(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.duplicate} duplicate, {len(self.failed)} failed"
            + (f", {len(self.incomplete)} stored unextracted" if self.incomplete else "")
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
            "incomplete": [
                {"source": e.source, "line": e.line, "error": e.message} for e in self.incomplete
            ],
        }


def build_article(doc: Document, corrections: object | None = None) -> Article:
    """Make an Article from a Document: its id from the content, its facets from the text."""
    return build(doc, corrections)[0]


def build(doc: Document, corrections: object | None = None,
          time_limit: float | None = None) -> tuple[Article, ReadError | None]:
    """build_article, within a time limit for the extraction; with the note to report when it
    was stopped (the article is stored all the same, without the facets of its text)."""
    found = extract(doc.title, doc.body, doc.published, doc.outlet, corrections, time_limit)
    note = ReadError(doc.source, f"extraction stopped after {time_limit:g} s; stored without "
                     "the people, outlets and dates of its text") if found.stopped else None
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
    ), note


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
    on_incomplete: Callable[[ReadError], None] | None = None,
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
                            article, signature, note = item
                            report.count(store.put(article, signature))
                        else:
                            status, note = _put(store, item, corrections)
                            report.count(status)
                    if note is not None:
                        report.incomplete.append(note)
                        if on_incomplete:
                            on_incomplete(note)
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


def _put(store: Store, doc: Document, corrections: object | None) -> tuple[str, ReadError | None]:
    # Skip extraction for content the store already holds: re-ingesting is cheap.
    aid = article_id(doc.title, doc.body)
    known = store.status_of(aid, doc.origin)
    if known == DUPLICATE:
        store.note_duplicate(aid, doc.origin, doc.source)
    if known is not None:
        return known, None
    article, note = build(doc, corrections, TIME_LIMIT)
    return store.put(article), note


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
    article, note = build(doc, _worker["corrections"], TIME_LIMIT)
    return article, dedupe.signature(doc.body), note
