"""Facet counts over every matching article, from per-segment tables held in memory.

Whoosh's own grouping reads each segment's column offsets again for every query
and decodes every matching document's values in Python: at 20,000 articles that
was most of a query's time. Segments never change once written, so each one's
(document, value) pairs are read once into NumPy arrays and kept; a query then
only lists its matching document numbers and counts them with `bincount`.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import query

from index import budget
from index.whoosh_backend import internals
from index.whoosh_backend.internals import BYTE_LENGTHS, decode_positions
from index.whoosh_backend.postings import EXT as ARRAYS
from index.whoosh_backend.postings import arrays as postings_arrays
from index.whoosh_backend.postings import forget as forget_arrays
from index.whoosh_backend.query import GappedPhrase
from index.whoosh_backend.schema import NO_DATE_OLDEST as NO_DATE

# Facet fields: multi-valued list columns, and single numeric columns.
LIST_FIELDS = ("people", "outlets", "publisher", "cites", "mentioned_year")
NUMERIC_FIELDS = ("published_year", "published_month")


class _Interner:
    """Give every facet value a small integer id, the same in every segment."""

    def __init__(self) -> None:
        self.values: list = []
        self.ids: dict = {}

    def id(self, value) -> int:
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.values)
            self.values.append(value)
        return found


@dataclass(frozen=True)
class _Table:
    owner: np.ndarray  # the segment's document number of each entry
    values: np.ndarray  # the interned value of each entry


_lock = threading.Lock()
_whole: dict[tuple, object] = {}  # (index, segment ids, field) -> _Whole
_days_cache: dict[str, np.ndarray] = {}  # segment id -> day numbers
_lengths_cache: dict[tuple[str, str], np.ndarray] = {}  # (segment id, field) -> field lengths
_BYTE_LENGTHS = np.array(BYTE_LENGTHS, dtype=np.float64)
_slow_cache: dict[tuple, np.ndarray] = {}  # (segment, live docs, query) -> matches
SLOW_CACHE = 256
BIG_COMPOUND = 16  # an OR or AND of more parts than this has its matches remembered
# (segment, field, term) -> (document numbers, weights), the most recently used last.
_postings_cache: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
_postings_bytes = 0
POSTINGS_CACHE_BYTES = 32 * 2**20
_NO_WEIGHTS = np.zeros(0, np.float32)
_interner = _Interner()
_tables: dict[tuple, _Table] = {}


def leaves(searcher) -> list:
    """Return the searcher of each segment; none for an index with no segments yet."""
    return [leaf for leaf, _ in leaves_with_offsets(searcher)]


def _table(leaf, field: str, index_key: str) -> _Table:
    reader = leaf.reader()
    key = (index_key, reader.segment().segment_id(), field)
    table = _tables.get(key)
    if table is not None:
        return table
    with _lock:
        table = _tables.get(key)
        if table is None:
            table = _tables[key] = _load_or_read(reader, field, index_key, key[1])
    return table


@dataclass(frozen=True)
class _Whole:
    start: np.ndarray  # where each document's entries start in `values` (one more at the end)
    values: np.ndarray  # the interned value of each entry, documents in order


def _whole_table(parts: list, field: str, index_key: str, ndocs: int) -> _Whole:
    """A field's values over all segments, by document: one gather and one bincount a query
    instead of one a segment (at 100,000 articles there are 50 segments)."""
    key = (index_key, tuple(leaf.reader().segment().segment_id() for leaf, _ in parts), field)
    table = _whole.get(key)
    if table is None:
        tables = [(_table(leaf, field, index_key), offset) for leaf, offset in parts]
        owner = np.concatenate([t.owner.astype(np.int64) + off for t, off in tables] or [EMPTY])
        per_doc = np.bincount(owner, minlength=ndocs)[:ndocs]
        table = _Whole(
            np.concatenate(([0], np.cumsum(per_doc))).astype(np.int64),
            np.concatenate([t.values for t, _ in tables] or [EMPTY]),
        )
        with _lock:
            for old in [k for k in _whole if k[0] == index_key and k[1] != key[1]]:
                del _whole[old]  # the index changed: the tables of its old segments go
            _whole[key] = table
    return table


def _cache_file(index_key: str, segid: str, field: str) -> Path:
    return Path(index_key) / f"facets-{segid}-{field}.npz"


def _load_or_read(reader, field: str, index_key: str, segid: str) -> _Table:
    """Load a segment's table saved by an earlier process, or read it and save it.

    Reading a column costs a few microseconds an article: without the saved copy,
    every command-line search paid it again on its first query. The copy holds the
    documents and value numbers as arrays and the distinct values as JSON.
    """
    path = _cache_file(index_key, segid, field)
    try:
        with np.load(path) as saved:
            values = json.loads(saved["values"].tobytes())
            ids = np.asarray([_interner.id(v) for v in values], np.int32)
            at = saved["value_index"].astype(np.int64)
            return _Table(saved["owner"].astype(np.int32), ids[at] if len(at) else EMPTY)
    except (OSError, ValueError, KeyError, IndexError, EOFError):
        pass
    table = _read_table(reader, field)
    distinct, where = np.unique(table.values, return_inverse=True)
    names = json.dumps([_interner.values[v] for v in distinct.tolist()])
    try:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            np.savez(f, owner=table.owner, value_index=where.astype(np.int32),
                     values=np.frombuffer(names.encode("utf-8"), np.uint8))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only index: keep it in memory only
    return table


def _read_table(reader, field: str) -> _Table:
    n = reader.doc_count_all()
    owner: list[int] = []
    values: list[int] = []
    if not reader.has_column(field):
        return _Table(np.zeros(0, np.int32), np.zeros(0, np.int32))
    if field in LIST_FIELDS:
        column = reader.column_reader(field, translate=False)
        for doc in range(n):
            for raw in column[doc]:
                owner.append(doc)
                values.append(_interner.id(raw.decode("utf-8")))
    else:
        column = reader.column_reader(field)
        for doc in range(n):
            v = column[doc]
            if v and 0 < v < 1_000_000:  # articles with no date read as 0 or the maximum
                owner.append(doc)
                values.append(_interner.id(int(v)))
    return _Table(np.asarray(owner, np.int32), np.asarray(values, np.int32))


def prepare(ix, index_key: str) -> None:
    """Read and save the facet tables of an index's new segments (after a commit), for searchers.

    Segments whose tables are saved already are left alone: loading them all cost an
    incremental sync 0.3 s at 100,000 articles, for a process that will not search.
    """
    with ix.searcher() as searcher:
        for leaf in leaves(searcher):
            segid = leaf.reader().segment().segment_id()
            for f in (*LIST_FIELDS, *NUMERIC_FIELDS):
                if (index_key, segid, f) not in _tables \
                        and not _cache_file(index_key, segid, f).exists():
                    _table(leaf, f, index_key)
        forget(searcher, index_key)


def forget(searcher, index_key: str) -> None:
    """Drop the tables of segments that are gone: merged away, or in a replaced index."""
    keep = {leaf.reader().segment().segment_id() for leaf in leaves(searcher)}
    with _lock:
        # (Another archive's segments go too: read again if it is searched.)
        for segid in [k for k in _days_cache if k not in keep]:
            del _days_cache[segid]
        for key in [k for k in _lengths_cache if k[0] not in keep]:
            del _lengths_cache[key]
        for key in list(_tables):
            if (key[0] == index_key and key[1] not in keep) or not os.path.isdir(key[0]):
                del _tables[key]
    for path in Path(index_key).glob("facets-*"):
        if path.name.split("-")[1] not in keep or path.suffix == ".json":
            path.unlink(missing_ok=True)  # (.json: the format before 2026-11-23's)
    forget_arrays(index_key, {f"{segid}{ARRAYS}" for segid in keep})


def count(
    searcher,
    q: query.Query,
    fields: Iterable[str],
    index_key: str,
    limit: int | None = None,
    keep: Iterable = (),
) -> tuple[int, dict[str, dict]]:
    """Return how many articles match `q`, and for each field its values' counts among them.

    With `limit`, a multi-valued field returns only its most frequent values (at
    least `limit` of them, ties included) plus the values in `keep`.
    """
    budget.check()
    fields = list(fields)
    parts = leaves_with_offsets(searcher)
    found = [docs_of(q, leaf).astype(np.int64) + offset for leaf, offset in parts]
    docs = np.concatenate(found) if found else np.zeros(0, np.int64)  # sorted: offsets grow
    total = len(docs)
    sums = {}
    for f in fields:
        t = _whole_table(parts, f, index_key, searcher.doc_count_all())
        # The entries of the matching documents, gathered by their ranges (CSR): the cost
        # follows the matches, not the archive.
        starts, lens = t.start[docs], t.start[docs + 1] - t.start[docs]
        n = int(lens.sum())
        at = np.arange(n) - np.repeat(np.cumsum(lens) - lens - starts, lens)
        sums[f] = np.bincount(t.values[at]) if n else np.zeros(0, np.int64)
    values = _interner.values
    kept = {_interner.ids[v] for v in keep if v in _interner.ids}
    out = {}
    for f, s in sums.items():
        idx = np.flatnonzero(s)
        if limit and f in LIST_FIELDS and len(idx) > 4 * limit:
            kth = np.partition(s[idx], len(idx) - limit)[len(idx) - limit]
            chosen = np.asarray([i for i in kept if i < len(s) and s[i]], dtype=np.int64)
            idx = np.union1d(idx[s[idx] >= kth], chosen)
        out[f] = {values[i]: int(s[i]) for i in idx}
    return total, out


EMPTY = np.zeros(0, np.int32)


def docset(searcher, q: query.Query) -> set[int]:
    """Return the matching articles' document numbers across all segments, as a set."""
    out: set[int] = set()
    for leaf, offset in leaves_with_offsets(searcher):
        out.update((docs_of(q, leaf) + offset).tolist())
    return out


def leaves_with_offsets(searcher) -> list:
    if searcher.subsearchers:
        return searcher.subsearchers
    # An empty index (every input failed, or all removed) reads with no segment at all.
    return [(searcher, 0)] if searcher.reader().segment() is not None else []


def docs_of(q: query.Query, leaf) -> np.ndarray:
    """Return the sorted document numbers (in one segment) of the articles matching `q`."""
    fast = _fast_docs(q, leaf)
    return fast if fast is not None else _slow_docs(q, leaf)


def _slow_docs(q: query.Query, leaf) -> np.ndarray:
    """Let Whoosh find the matches (phrases, wildcards, NOT...), remembering the last few.

    A search with facets asks for the same query's matches several times (the total, each
    facet with a selection of its own, the next page): checking a phrase's positions again
    each time was half of a phrase search. Segments never change; their deletions do, so
    the number of deleted documents is part of the key.
    """
    reader = leaf.reader()
    key = (reader.segment().segment_id(), reader.doc_count(), repr(q))
    found = _slow_cache.get(key)
    if found is None:
        found = _phrase_docs(leaf, q) if type(q) in (query.Phrase, GappedPhrase) else None
        if found is None:
            found = np.fromiter(_watched(q.docs(leaf)), dtype=np.int32)
        with _lock:
            _slow_cache[key] = found
            while len(_slow_cache) > SLOW_CACHE:
                del _slow_cache[next(iter(_slow_cache))]
    return found


def _watched(docs: Iterable[int]) -> Iterable[int]:
    """Whoosh's matches one by one, stopping at the search's deadline."""
    for n, doc in enumerate(docs):
        if not n % budget.CHECK_EVERY:
            budget.check()
        yield doc


def _fast_docs(q: query.Query, leaf) -> np.ndarray | None:
    """Read the matching documents a block of postings at a time, for the common query shapes.

    Whoosh yields matches one by one through Python generators (about a microsecond
    each); terms, ORs and ANDs of terms, and "everything" are read here as arrays.
    Anything else (phrases, wildcards, NOT...) returns None: Whoosh does it.
    """
    if type(q) is query.Term:
        return _term_docs(leaf, q.fieldname, q.text)
    if type(q) in (query.Or, query.And) and len(q.subqueries) > BIG_COMPOUND:
        return _remembered(q, leaf, _compound_docs)  # an expanded wildcard: asked for again
    if type(q) in (query.Or, query.And):
        return _compound_docs(q, leaf)
    return _other_docs(q, leaf)


def _remembered(q: query.Query, leaf, find) -> np.ndarray | None:
    reader = leaf.reader()
    key = (reader.segment().segment_id(), reader.doc_count(), "fast", repr(q))
    found = _slow_cache.get(key)
    if found is None:
        found = find(q, leaf)
        if found is None:
            return None
        with _lock:
            _slow_cache[key] = found
            while len(_slow_cache) > SLOW_CACHE:
                del _slow_cache[next(iter(_slow_cache))]
    return found


def _compound_docs(q: query.Query, leaf) -> np.ndarray | None:
    """Terms, ORs and ANDs of them: their matches as arrays."""
    if len(q.subqueries) > BIG_COMPOUND:
        budget.check()
    parts = [_fast_docs(sub, leaf) for sub in q.subqueries]
    if any(p is None for p in parts):
        # A phrase in the title OR the body, AND filters: each phrase's matches (found by
        # Whoosh, remembered: ranking asks for each field's again) meet the rest.
        parts = [_slow_docs(sub, leaf) if p is None else p
                 for p, sub in zip(parts, q.subqueries, strict=True)]
    if not parts:
        return EMPTY
    if type(q) is query.Or:
        return _union(parts)
    result = parts[0]
    for p in parts[1:]:
        result = np.intersect1d(result, p, assume_unique=True)
    return result


def _other_docs(q: query.Query, leaf) -> np.ndarray | None:
    """Date ranges, numeric ranges and "everything" as arrays; None for the rest."""
    if isinstance(q, query.DateRange) and q.fieldname == "published":
        return _published_between(leaf, q)
    if isinstance(q, query.NumericRange):  # an OR of indexed terms
        simple = q.simplify(leaf.reader())
        return None if simple is q else _fast_docs(simple, leaf)
    if type(q) is query.ConstantScoreQuery:  # a wildcard or range, expanded (index/budget.py)
        return _fast_docs(q.child, leaf)
    if q is query.NullQuery:
        return EMPTY
    if type(q) is query.Every:
        reader = leaf.reader()
        return _live(reader, np.arange(reader.doc_count_all(), dtype=np.int32))
    return None


def _phrase_docs(leaf, q: query.Phrase) -> np.ndarray | None:
    """The documents holding a phrase's words one after another, from arrays.

    The documents with every word come from the cached postings; then only their
    postings' positions are decoded, and a document matches where word i sits at
    position p + i for some p. Whoosh walks nested span matchers a posting at a time
    for this: at 100,000 articles that was three quarters of a phrase search.
    None (Whoosh does it) for a phrase with slop or a field without positions.
    """
    field = leaf.schema[q.fieldname] if q.fieldname in leaf.schema else None
    if q.slop != 1 or field is None or not field.format \
            or not field.format.supports("positions"):
        return None
    words = [field.to_bytes(w) for w in q.words]
    offsets = getattr(q, "offsets", ()) or range(len(words))  # GappedPhrase: stop words' gaps
    reader = leaf.reader()
    # The rarest word first; a word whose postings are not cached yet is read once, for its
    # documents and the candidates' positions together.
    if postings_arrays(reader) is not None:  # the postings are read anyway: count them
        def frequency(w: bytes) -> int:
            return len(postings(leaf, q.fieldname, w)[0])
    else:
        def frequency(w: bytes) -> int:
            return reader.doc_frequency(q.fieldname, w)
    order = sorted(range(len(words)), key=lambda i: frequency(words[i]))
    candidates = _term_docs(leaf, q.fieldname, words[order[0]])
    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for i in order[1:]:
        if candidates is None or not len(candidates):
            break
        if _cached(leaf, q.fieldname, words[i]):
            docs = _term_docs(leaf, q.fieldname, words[i])
        else:
            scan = _positions(leaf, q.fieldname, words[i], candidates, whole=True)
            if scan is None:
                return None
            found[i] = scan
            docs = scan[0]
        candidates = None if docs is None else np.intersect1d(candidates, docs)
    if candidates is None:
        return None
    if len(words) == 1 or not len(candidates):
        return candidates
    keys = None
    for i in range(len(words)):
        where = found.get(i) or _positions(leaf, q.fieldname, words[i], candidates)
        if where is None:
            return None
        docs, positions = where
        k = (docs.astype(np.int64) << 32) | (positions - offsets[i])
        keys = k if keys is None else np.intersect1d(keys, k)  # positions are distinct
        if not len(keys):
            return EMPTY
    return np.unique((keys >> 32).astype(np.int32))




def _positions(leaf, fieldname: str, btext: bytes, candidates: np.ndarray, whole: bool = False
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """The positions of a word in the candidate documents (sorted): (documents, positions),
    one entry per occurrence. Blocks of postings without a candidate are skipped unread;
    or, `whole`, every block is read and the word's postings are remembered too."""
    reader = leaf.reader()
    arrays = postings_arrays(reader)
    if arrays is not None and (found := arrays.positions(fieldname, btext, candidates)):
        return found
    read = internals.block_positions(reader, fieldname, btext, candidates, whole)
    if read is None:
        return None
    docs, raw, all_ids, all_weights = read
    if whole:
        _remember((reader.segment().segment_id(), fieldname, btext),
                  (np.concatenate(all_ids), np.concatenate(all_weights)) if all_ids
                  else (EMPTY, _NO_WEIGHTS))
    if not docs:
        return EMPTY, EMPTY.astype(np.int64)
    positions, counts = decode_positions(raw)
    return np.repeat(np.asarray(docs, np.int32), counts), positions


def _union(parts: list[np.ndarray]) -> np.ndarray:
    """The sorted distinct numbers of several sorted arrays (np.unique hashes: 12x slower)."""
    merged = np.concatenate(parts)
    merged.sort()
    if len(merged) > 1:
        merged = merged[np.concatenate(([True], merged[1:] != merged[:-1]))]
    return merged


def _published_between(leaf, q: query.DateRange) -> np.ndarray:
    """The documents published in a date range, from the segment's column of day numbers.

    Whoosh would expand a year into hundreds of indexed terms and read each one's postings.
    """
    day = days(leaf)
    lo = q.startdate.toordinal() if q.startdate else 1
    hi = q.enddate.toordinal() if q.enddate else NO_DATE
    if q.startexcl:
        lo += 1
    if q.endexcl:
        hi -= 1
    hits = np.flatnonzero((day >= lo) & (day <= hi) & (day < NO_DATE)).astype(np.int32)
    return _live(leaf.reader(), hits)


def days(leaf) -> np.ndarray:
    """Each document's publication day number (NO_DATE if it has none), read once a segment."""
    reader = leaf.reader()
    key = reader.segment().segment_id()
    found = _days_cache.get(key)
    if found is None:
        n = reader.doc_count_all()
        if reader.has_column("sort_oldest"):
            found = np.fromiter(iter(reader.column_reader("sort_oldest")), np.int64, count=n)
        else:
            found = np.full(n, NO_DATE, dtype=np.int64)
        with _lock:
            _days_cache[key] = found
    return found


def field_lengths(leaf, field: str) -> np.ndarray:
    """Each document's length in a field, as Whoosh stores it (one byte, rounded), read once a
    segment, for ranking."""
    reader = leaf.reader()
    key = (reader.segment().segment_id(), field)
    found = _lengths_cache.get(key)
    if found is None:
        n = reader.doc_count_all()
        # The per-document lengths column, read whole (Whoosh's codec has no public way).
        raw = internals.length_bytes(reader, field, n)
        if raw is not None:
            found = _BYTE_LENGTHS[raw]
        else:
            found = np.fromiter((reader.doc_field_length(d, field, 1) or 1 for d in range(n)),
                                np.float64, count=n)
        with _lock:
            _lengths_cache[key] = found
    return found


def clear_caches() -> None:
    """Forget the postings and phrase matches read so far (for measurements)."""
    global _postings_bytes
    with _lock:
        _postings_cache.clear()
        _slow_cache.clear()
        _postings_bytes = 0


def _term_docs(leaf, fieldname: str, text) -> np.ndarray | None:
    found = postings(leaf, fieldname, text)
    return None if found is None else _live(leaf.reader(), found[0])


def postings(leaf, fieldname: str, text) -> tuple[np.ndarray, np.ndarray] | None:
    """A term's document numbers and weights in one segment (deleted ones included).

    From the segment's arrays file (index/postings.py) when it has one, else through
    Whoosh a block at a time (whoosh3 unpickles every block); kept for the next query in
    a cache of 32 MB, as a search asks for each term several times (matching, facets,
    ranking). None if the postings are not in blocks.
    """
    if fieldname not in leaf.schema:
        return EMPTY, _NO_WEIGHTS
    reader = leaf.reader()
    btext = leaf.schema[fieldname].to_bytes(text) if not isinstance(text, bytes) else text
    key = (reader.segment().segment_id(), fieldname, btext)
    found = _postings_cache.get(key)
    if found is not None:
        _postings_cache.move_to_end(key)
        return found
    arrays = postings_arrays(reader)
    if arrays is not None:  # written beside the segment
        found = arrays.get(fieldname, btext) or (EMPTY, _NO_WEIGHTS)
        _remember(key, found)
        return found
    if (fieldname, btext) not in reader:
        return EMPTY, _NO_WEIGHTS
    read = internals.block_postings(reader, fieldname, btext)
    if read is None:
        return None
    ids, weights = read
    found = (np.concatenate(ids), np.concatenate(weights)) if ids else (EMPTY, _NO_WEIGHTS)
    _remember(key, found)
    return found


def _remember(key: tuple, found: tuple[np.ndarray, np.ndarray]) -> None:
    global _postings_bytes
    with _lock:
        if key in _postings_cache:
            return
        _postings_cache[key] = found
        _postings_bytes += found[0].nbytes + found[1].nbytes
        while _postings_bytes > POSTINGS_CACHE_BYTES and len(_postings_cache) > 1:
            _, (i, w) = _postings_cache.popitem(last=False)
            _postings_bytes -= i.nbytes + w.nbytes


def doc_frequency(searcher, fieldname: str, text) -> int | None:
    """How many articles hold a term (deleted ones included, as Whoosh counts), from the
    segments' arrays files; None if a segment has none."""
    total = 0
    for leaf, _ in leaves_with_offsets(searcher):
        if postings_arrays(leaf.reader()) is None:
            return None
        found = postings(leaf, fieldname, text)
        total += len(found[0]) if found is not None else 0
    return total


def _cached(leaf, fieldname: str, btext: bytes) -> bool:
    """Whether a term's postings can be had without reading its positions too."""
    reader = leaf.reader()
    return postings_arrays(reader) is not None \
        or (reader.segment().segment_id(), fieldname, btext) in _postings_cache


def _live(reader, ids: np.ndarray) -> np.ndarray:
    """Leave out deleted documents."""
    deleted = reader.deleted_docs_set if hasattr(reader, "deleted_docs_set") else None
    if deleted:
        ids = ids[~np.isin(ids, np.fromiter(deleted, dtype=np.int32))]
    return ids
