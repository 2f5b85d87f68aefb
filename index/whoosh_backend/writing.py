"""Keep the Whoosh index in step with the article store: incremental sync and full rebuild.

Layout inside the data folder:

    index            a symlink to the live generation, swapped atomically on rebuild
    indexes/<gen>/   Whoosh files, plus synced.json: the store's change seq last applied,
                     and people-overlay.json: people corrected since their documents were
                     written (overlay.py)
    index.lock       held while anything writes the index
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from whoosh import index as whoosh_index

from archive import layout
from archive.locks import file_lock
from archive.store import Store
from index.results import SyncReport
from index.whoosh_backend import damage, facets, internals, overlay, segments
from index.whoosh_backend.schema import build_schema, english_stem, to_document, upgrade
from index.whoosh_backend.spelling import Vocabulary

SYNCED = "synced.json"
BATCH = 1000
# Segments stay as separate files: whoosh3 reads a compound segment's parts by
# copying them into memory, once per open searcher (700 MB for a web server with
# four threads at 10,000 articles); separate files are read through the OS cache.
SEGMENT_DOCS = 2000
SMALL_SEGMENT = 500  # syncs merge segments smaller than this, in tiers (see merge_small)
MERGE_FACTOR = 4
LIMIT_MB = 256


def live_dir(data_dir: Path) -> Path | None:
    """Return the live index generation's folder, or None if there is no index yet."""
    link = layout.index_link(data_dir)
    if not link.exists():
        return None
    return link.resolve()


def open_index(data_dir: Path):
    """Open the live index for reading; None if there is none."""
    path = live_dir(data_dir)
    if path is None or not whoosh_index.exists_in(path):
        return None
    return whoosh_index.open_dir(path)


def index_lock(data_dir: Path, timeout: float = 60.0):
    """Hold the index write lock; wait up to `timeout` seconds for another writer."""
    busy = f"the index in {data_dir} is being written by another process"
    return file_lock(data_dir / layout.INDEX_LOCK, timeout, busy)


def synced_seq(path: Path) -> int:
    return _synced(path)[0]


def _synced(path: Path) -> tuple[int, bool]:
    """The store's change seq last applied to this index, and whether a sync was stopped
    between committing to the index and recording its seq. (-1, False) if the record is
    missing or damaged: then what the index holds is unknown."""
    try:
        state = json.loads((path / SYNCED).read_text())
        seq = int(state["seq"])
        if seq < 0:
            raise ValueError(seq)
        return seq, bool(state.get("committing"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return -1, False


def _write_synced(path: Path, seq: int, committing: bool = False) -> None:
    tmp = path / (SYNCED + ".tmp")
    tmp.write_text(json.dumps({"seq": seq, "committing": True} if committing else {"seq": seq}))
    os.replace(tmp, path / SYNCED)


def sync(store: Store, data_dir: Path, full: bool = False) -> SyncReport:
    """Bring the index up to date with the store: only what changed, or everything if `full`."""
    started = time.perf_counter()
    with index_lock(data_dir):
        _remove_partial(data_dir)
        path = live_dir(data_dir)
        if full or path is None or not whoosh_index.exists_in(path):
            report = _rebuild(store, data_dir)
        elif _synced(path)[0] < 0:
            # Without the record of what it holds, catching up would add every article again
            # beside its old entry: build it anew instead.
            report = _rebuild(store, data_dir)
            report.reason = f"{SYNCED} was missing or damaged"
        elif _outdated(path):
            report = _rebuild(store, data_dir)
            report.upgraded = True
            report.reason = "it was written by an older version of news-archive"
        else:
            with damage.reading(str(path)):
                report = _catch_up(store, path)
    report.seconds = time.perf_counter() - started
    return report


def _outdated(path: Path) -> bool:
    """Whether the index at `path` lacks a field this version indexes (publisher, cites),
    stems with the Porter stemmer of earlier versions or closes up the places of stop words:
    such an index is rebuilt whole, since the store can always rebuild it."""
    schema = whoosh_index.open_dir(path).schema
    if not set(build_schema().names()) <= set(schema.names()):
        return True
    parts = getattr(schema["body"].analyzer, "items", [None, None])
    stop, stemmer = parts[-2], parts[-1]
    return getattr(stemmer, "stemfn", None) is not english_stem \
        or getattr(stop, "renumber", True)  # Porter, or stop words' places not kept


def _remove_partial(data_dir: Path) -> None:
    """Delete the generation folders that killed rebuilds left (they have no synced.json, which
    a rebuild writes last). Called under the index lock, so no rebuild is running."""
    gens = layout.generations(data_dir)
    if not gens.is_dir():
        return
    live = live_dir(data_dir)
    for gen in gens.iterdir():
        if gen.is_dir() and gen != live and not (gen / SYNCED).exists():
            shutil.rmtree(gen, ignore_errors=True)


def _catch_up(store: Store, path: Path, replace_all: bool = False) -> SyncReport:
    """Apply the store's changes since the index's recorded seq. With `replace_all`, every
    article put since then replaces any entry it has (after a rebuild, which may have read
    some of them already).

    An article whose changes since then only changed its people (a correction, or the
    registry resolving it again) keeps its document: its new people go to the people overlay
    (overlay.py), and a sync of only such changes writes no segment at all. Whoosh's public
    path, and an overlay past its bound, rewrite the overlaid documents instead."""
    synced, committing = _synced(path)
    newest, put, deleted = store.changes_since(synced)
    before = overlay.read(path)
    report = SyncReport()
    if not put and not deleted and not (internals.PUBLIC and before.people):
        return report
    people, rewrite, as_written = _overlaid(store, path, synced, put, deleted, before)
    whole = [i for i in put if i not in people and i not in as_written] \
        + sorted(rewrite - set(put))
    if whole or deleted:
        known = set(put) if committing or replace_all else store.changed_by(synced, put)
        _write(store, path, whole, deleted, known | rewrite, synced)
    # After the commit: a sync stopped before this line leaves entries of articles it wrote
    # whole, which the next sync (redoing this one's changes) drops.
    if people != before.people:
        overlay.write(path, people, before.version + 1)
    # A crash between the commit and this line only makes the next sync redo its work,
    # replacing (not adding) the articles it finds.
    _write_synced(path, newest)
    report.added = len(put) + len(rewrite - set(put))
    report.deleted = len(deleted)
    return report


def _overlaid(store: Store, path: Path, synced: int, put: list[str], deleted: list[str],
              before: overlay.Overlay
              ) -> tuple[dict[str, tuple[str, ...]], set[str], set[str]]:
    """The people overlay after these changes, the articles whose documents must be
    rewritten instead (their entries emptied out of it), and those whose documents hold
    their people already (a correction undone: no entry, and nothing to write).

    Entries of articles put whole or deleted go (their documents are new, or gone); the
    articles whose changes only changed their people get entries. On Whoosh's public path,
    or past overlay.MAX_ENTRIES, every entry's document is rewritten and the overlay empties:
    each correction then costs a bounded share of one such rewrite."""
    people_only = set() if internals.PUBLIC else store.people_only_since(synced) & set(put)
    gone = (set(put) - people_only) | set(deleted)
    people = {i: names for i, names in before.people.items() if i not in gone}
    changed = store.people_of(sorted(people_only))
    people.update(changed)
    as_written = set() if internals.PUBLIC else _as_written(path, changed)
    for i in as_written:
        del people[i]
    if internals.PUBLIC or len(people) > overlay.MAX_ENTRIES:
        return {}, set(people), as_written
    return people, set(), as_written


def _as_written(path: Path, people: dict[str, tuple[str, ...]]) -> set[str]:
    """The articles among `people` whose documents hold those very people, in that order: an
    unalias after an alias, or an unmerge, puts back the people they were written with, and
    their overlay entries would only count toward its bound (read through the segments'
    arrays of ids, then each such document's stored people)."""
    if not people:
        return set()
    ids = list(people)
    c = _caches(path)
    found = set()
    with whoosh_index.open_dir(path).searcher() as searcher:
        for leaf, _ in segments.leaves_with_offsets(searcher):
            reader = leaf.reader()
            which, docs = overlay.id_postings(c, reader, ids)
            for i, doc in zip(which.tolist(), docs.tolist(), strict=True):
                if reader.is_deleted(doc):
                    continue
                written = reader.stored_fields(doc).get(overlay.FIELD)
                if isinstance(written, list) and tuple(written) == tuple(people[ids[i]]):
                    found.add(ids[i])
    return found


def _write(store: Store, path: Path, put: list[str], deleted: list[str], known: set[str],
           synced: int) -> None:
    """Delete and (re)write whole documents in one Whoosh commit. Articles in `known` may be
    in the index already and replace their entry; the others are added without looking
    (a lookup in every segment: half a millisecond an article at 100,000 articles)."""
    ix = whoosh_index.open_dir(path)
    writer = ix.writer(timeout=30.0, compound=False, codec=internals.codec())
    upgrade(writer.schema)
    vocabulary = Vocabulary(path)
    try:
        for article_id in deleted:
            writer.delete_by_term("id", article_id)
        for i in range(0, len(put), BATCH):
            articles = store.get_many(put[i : i + BATCH]).values()
            for article in articles:
                if article.id in known:
                    writer.update_document(**to_document(article))
                else:
                    writer.add_document(**to_document(article))
            vocabulary.add(a.title + "\n" + a.body for a in articles)
    except BaseException:
        writer.cancel()
        raise
    finally:
        vocabulary.close()
    _write_synced(path, synced, committing=True)
    writer.commit(mergetype=merge_small)
    facets.prepare(_caches(path), ix)


def merge_small(writer, segments: list) -> list:
    """Merge the small segments that incremental syncs leave, a tier at a time; keep the big ones.

    Small segments fall into tiers by size (1-3 articles, 4-15, 16-63, ... in powers of
    MERGE_FACTOR). A tier is merged into the new segment only once it holds MERGE_FACTOR
    segments, so most syncs write only their own articles, and each article is rewritten
    about once a tier. (Merging every small segment at each sync rewrote up to 400 earlier
    articles to add 100; Whoosh's default Fibonacci rule, with 50 segments of 2,000
    articles, rewrote 40,000 of them: 97 s at 100,000 articles.)
    """
    from whoosh.reading import SegmentReader

    tiers: dict[int, list] = {}
    for seg in segments:
        if seg.doc_count() < SMALL_SEGMENT:
            tiers.setdefault(_tier(seg.doc_count()), []).append(seg)
    merging = [seg for tier in tiers.values() if len(tier) >= MERGE_FACTOR for seg in tier]
    for seg in merging:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in merging]


def _tier(docs: int) -> int:
    tier = 0
    while docs >= MERGE_FACTOR:
        docs //= MERGE_FACTOR
        tier += 1
    return tier


def _rebuild(store: Store, data_dir: Path) -> SyncReport:
    """Build a new generation from the whole store, then swap it in atomically."""
    gens = layout.generations(data_dir)
    gens.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=gens))
    report = SyncReport(full=True)
    try:
        # What the store holds up to this seq is read; anything stored or changed after it
        # (an ingest running while the rebuild does) is caught up below, by replacing.
        seq = store.last_seq()
        ix = whoosh_index.create_in(path, build_schema())
        vocabulary = Vocabulary(path)
        articles = store.iter_articles(upto=seq)
        procs = min(2, os.cpu_count() or 1)
        while True:
            # One segment per SEGMENT_DOCS articles: its postings fit in memory, so
            # Whoosh never spills them to sorted runs on disk (a quarter of the time).
            # With two cores, two writer processes each make one (1.4x as fast).
            chunk = list(itertools.islice(articles, SEGMENT_DOCS * procs))
            if not chunk:
                break
            if procs > 1:
                writer = ix.writer(procs=procs, multisegment=True, limitmb=LIMIT_MB,
                                   compound=False, codec=internals.codec())
            else:
                writer = ix.writer(limitmb=LIMIT_MB, compound=False, codec=internals.codec())
            for article in chunk:
                writer.add_document(**to_document(article))
            writer.commit(merge=False)
            vocabulary.add(a.title + "\n" + a.body for a in chunk)
            report.added += len(chunk)
        vocabulary.close()
        facets.prepare(_caches(path), ix)
        _write_synced(path, seq)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    old = live_dir(data_dir)
    tmp_link = data_dir / f"index.{os.getpid()}.tmp"
    if tmp_link.is_symlink():
        tmp_link.unlink()
    tmp_link.symlink_to(path.relative_to(data_dir))
    os.replace(tmp_link, layout.index_link(data_dir))
    # New searchers see the new generation. The one it replaced stays until the next
    # rebuild, for searchers that opened it before the swap (Whoosh opens some of a
    # segment's files lazily); older ones, and leftovers of killed rebuilds, go.
    for gen in gens.iterdir():
        if gen not in (path, old):
            shutil.rmtree(gen, ignore_errors=True)
    # Catch up with anything stored while the rebuild ran.
    caught = _catch_up(store, path, replace_all=True)
    report.added += caught.added
    return report


def doc_count(data_dir: Path) -> int:
    """Count the live index's articles; raise IndexDamaged if it cannot be read."""
    path = live_dir(data_dir)
    with damage.reading(str(path or data_dir)):
        ix = open_index(data_dir)
        if ix is None:
            damage.check_present(data_dir)
            return 0
        with ix.searcher() as s:
            count = s.doc_count()
            damage.check_in_step(data_dir, count, synced_seq(path))
            return count


def _caches(path: Path):
    """The caches of the index generation at `path` (the facet tables a commit prepares)."""
    from index.whoosh_backend.held import OWNER  # it imports this module

    return OWNER.caches(str(path))
