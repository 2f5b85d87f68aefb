"""Facet counts over every matching article, from per-segment tables held in memory.

Whoosh's own grouping reads each segment's column offsets again for every query
and decodes every matching document's values in Python: at 20,000 articles that
was most of a query's time. Segments never change once written, so each one's
(document, value) pairs are read once into NumPy arrays and kept (in the index's
cache, caches.py, and saved beside the segment for the next process); a query then
only lists its matching document numbers (matching.py) and counts them with `bincount`.
The people overlay's corrections (overlay.py) are applied to the people table joined over
all segments, in memory, once per overlay version: the tables saved to files are always as
Whoosh wrote the segments, so no saved file holds people that a later correction changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import query

from index import budget
from index.whoosh_backend import matching, overlay, segments
from index.whoosh_backend.caches import EMPTY, IndexCaches

# Facet fields: multi-valued list columns, and single numeric columns.
LIST_FIELDS = ("people", "outlets", "publisher", "cites", "mentioned_year")
NUMERIC_FIELDS = ("published_year", "published_month")


@dataclass(frozen=True)
class _Table:
    owner: np.ndarray  # the segment's document number of each entry
    values: np.ndarray  # the interned value of each entry


@dataclass(frozen=True)
class _Whole:
    start: np.ndarray  # where each document's entries start in `values` (one more at the end)
    values: np.ndarray  # the interned value of each entry, documents in order


def _table(c: IndexCaches, leaf, field: str) -> _Table:
    reader = leaf.reader()
    key = (segments.segment_id(reader), field)
    table = c.tables.get(key)
    if table is not None:
        return table
    with c.lock:
        table = c.tables.get(key)
        if table is None:
            table = c.tables[key] = _load_or_read(c, reader, field, key[0])
    return table


def _whole_table(c: IndexCaches, parts: list, field: str, ndocs: int,
                 segids: tuple | None = None) -> _Whole:
    """A field's values over all segments, by document: one gather and one bincount a query
    instead of one a segment (at 100,000 articles there are 50 segments).

    Every field's is made at once, and saved beside the index for the next process: a
    command-line search loaded 350 segment tables (7 fields, 50 segments) for its first
    query, 0.35 s of its 0.6 s at 100,000 articles.
    """
    if segids is None:
        segids = tuple(segments.segment_id(leaf.reader()) for leaf, _ in parts)
    table = c.whole.get((segids, field))
    if table is None:
        wholes = _load_wholes(c, segids, ndocs)
        if wholes is None:
            wholes = {f: _join(c, parts, f, ndocs) for f in (*LIST_FIELDS, *NUMERIC_FIELDS)}
            _save_wholes(c, segids, wholes)
        with c.lock:
            for old in [k for k in c.whole if k[0] != segids]:
                del c.whole[old]  # the index changed: the tables of its old segments go
            for f, t in wholes.items():
                c.whole[(segids, f)] = t
        table = wholes[field]
    if field == overlay.FIELD and overlay.active(c):
        return _overlaid(c, parts, segids, table, ndocs)
    return table


def _overlaid(c: IndexCaches, parts: list, segids: tuple, table: _Whole, ndocs: int) -> _Whole:
    """The people table joined over all segments, with the overlaid documents' entries their
    people now (kept per overlay version and set of segments)."""
    key = (c.overlay.version, segids, "whole")
    found = c.patched.get(key)
    if found is not None:
        return found
    docs, people = [], []
    for leaf, offset in parts:
        p = overlay.placed(c, leaf)
        if p is not None and len(p.docs):
            docs.append(p.docs.astype(np.int64) + offset)
            people += p.people
    found = table if not docs else _replaced(c, table, np.concatenate(docs), people, ndocs)
    with c.lock:
        c.patched[key] = found
    return found


def _replaced(c: IndexCaches, table: _Whole, docs: np.ndarray, people: list, ndocs: int
              ) -> _Whole:
    """A joined table whose documents `docs` (sorted) hold `people` instead (CSR rewritten
    in one pass: the others' entries move by what the replaced ones before them changed)."""
    lens = np.diff(table.start)
    new_lens = lens.copy()
    new_lens[docs] = [len(names) for names in people]
    start = np.concatenate(([0], np.cumsum(new_lens))).astype(np.int64)
    values = np.zeros(int(start[-1]), np.int32)
    owner = np.repeat(np.arange(ndocs), lens)
    replaced = np.zeros(ndocs, bool)
    replaced[docs] = True
    keep = ~replaced[owner]
    moved = np.flatnonzero(keep)
    values[moved + (start[:-1] - table.start[:-1])[owner[keep]]] = table.values[keep]
    counts = new_lens[docs]
    at = np.repeat(start[docs] - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    with c.lock:
        ids = [c.interner.id(name) for names in people for name in names]
    values[at] = np.asarray(ids, np.int32)
    return _Whole(start, values)


def _join(c: IndexCaches, parts: list, field: str, ndocs: int) -> _Whole:
    tables = [(_table(c, leaf, field), offset) for leaf, offset in parts]
    owner = np.concatenate([t.owner.astype(np.int64) + off for t, off in tables] or [EMPTY])
    per_doc = np.bincount(owner, minlength=ndocs)[:ndocs]
    return _Whole(
        np.concatenate(([0], np.cumsum(per_doc))).astype(np.int64),
        np.concatenate([t.values for t, _ in tables] or [EMPTY]).astype(np.int32),
    )


def whole_file(index_key: str, segids: Iterable[str]) -> Path:
    """The saved joined tables of an index made of these segments (in this order)."""
    digest = hashlib.sha1("\n".join(segids).encode()).hexdigest()[:16]
    return Path(index_key) / f"facets-whole-{digest}.npz"


def _load_wholes(c: IndexCaches, segids: tuple, ndocs: int) -> dict[str, _Whole] | None:
    """The joined tables an earlier process saved for these segments, or None.

    A new process's interner is empty: it takes the file's numbering as it is (no dict
    lookup for each of the tens of thousands of values); a running one maps the file's
    numbers to its own.
    """
    try:
        with np.load(whole_file(c.key, segids)) as saved:
            names = json.loads(saved["names"].tobytes())
            arrays = {f: (saved[f"{f}.start"], saved[f"{f}.values"])
                      for f in (*LIST_FIELDS, *NUMERIC_FIELDS)}
    except (OSError, ValueError, KeyError, EOFError):
        return None
    if any(len(start) != ndocs + 1 for start, _ in arrays.values()):
        return None
    with c.lock:
        if not c.interner.values:
            c.interner.adopt(names)
            ids = None
        else:
            ids = np.asarray([c.interner.id(v) for v in names], np.int32)
    out = {}
    for f, (start, values) in arrays.items():
        if len(values) and (values.min() < 0 or values.max() >= len(names)):
            return None
        out[f] = _Whole(start.astype(np.int64), values if ids is None else ids[values])
    return out


def _save_wholes(c: IndexCaches, segids: tuple, wholes: dict[str, _Whole]) -> None:
    """Save the joined tables with their own numbering of the values they hold."""
    numbered, names = _own_numbers(c, [t.values for t in wholes.values()])
    arrays = {"names": names}
    for (f, t), values in zip(wholes.items(), numbered, strict=True):
        arrays[f"{f}.start"] = t.start
        arrays[f"{f}.values"] = values
    _save(whole_file(c.key, segids), arrays)


def _own_numbers(c: IndexCaches, arrays: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """Interned value numbers renumbered from 0 over the values these arrays hold (another
    process interns in another order), and those values as JSON bytes, in that order."""
    used = np.unique(np.concatenate([*arrays, EMPTY]))
    renumber = np.zeros(int(used.max()) + 1 if len(used) else 0, np.int32)
    renumber[used] = np.arange(len(used), dtype=np.int32)
    names = json.dumps([c.interner.values[v] for v in used.tolist()]).encode("utf-8")
    return [renumber[a] if len(a) else a.astype(np.int32) for a in arrays], \
        np.frombuffer(names, np.uint8)


def _save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write arrays to an .npz file atomically, for the next process; on a read-only index,
    nothing (they stay in memory only)."""
    try:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except OSError:
        pass


def _cache_file(index_key: str, segid: str, field: str) -> Path:
    return Path(index_key) / f"facets-{segid}-{field}.npz"


def _load_or_read(c: IndexCaches, reader, field: str, segid: str) -> _Table:
    """Load a segment's table saved by an earlier process, or read it and save it.

    Reading a column costs a few microseconds an article: without the saved copy,
    every command-line search paid it again on its first query. The copy holds the
    documents and value numbers as arrays and the distinct values as JSON.
    """
    path = _cache_file(c.key, segid, field)
    try:
        with np.load(path) as saved:
            values = json.loads(saved["values"].tobytes())
            ids = np.asarray([c.interner.id(v) for v in values], np.int32)
            at = saved["value_index"].astype(np.int64)
            return _Table(saved["owner"].astype(np.int32), ids[at] if len(at) else EMPTY)
    except (OSError, ValueError, KeyError, IndexError, EOFError):
        pass
    table = _read_table(c, reader, field)
    (where,), names = _own_numbers(c, [table.values])
    _save(path, {"owner": table.owner, "value_index": where, "values": names})
    return table


def _read_table(c: IndexCaches, reader, field: str) -> _Table:
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
                values.append(c.interner.id(raw.decode("utf-8")))
    else:
        column = reader.column_reader(field)
        for doc in range(n):
            v = column[doc]
            if v and 0 < v < 1_000_000:  # articles with no date read as 0 or the maximum
                owner.append(doc)
                values.append(c.interner.id(int(v)))
    return _Table(np.asarray(owner, np.int32), np.asarray(values, np.int32))


def prepare(c: IndexCaches, ix) -> None:
    """Read and save the facet tables of an index's new segments (after a commit), for searchers.

    Segments whose tables are saved already are left alone: loading them all cost an
    incremental sync 0.3 s at 100,000 articles, for a process that will not search.
    """
    with ix.searcher() as searcher:
        for leaf in segments.leaves(searcher):
            segid = segments.segment_id(leaf.reader())
            for f in (*LIST_FIELDS, *NUMERIC_FIELDS):
                if (segid, f) not in c.tables and not _cache_file(c.key, segid, f).exists():
                    _table(c, leaf, f)
        c.forget(searcher)


def count(
    c: IndexCaches,
    searcher,
    q: query.Query,
    fields: Iterable[str],
    limit: int | None = None,
    keep: Iterable = (),
) -> tuple[int, dict[str, dict]]:
    """Return how many articles match `q`, and for each field its values' counts among them.

    With `limit`, a multi-valued field returns only its most frequent values (at
    least `limit` of them, ties included) plus the values in `keep`.
    """
    budget.check()
    fields = list(fields)
    parts = segments.leaves_with_offsets(searcher)
    found = [matching.docs_of(c, q, leaf).astype(np.int64) + offset for leaf, offset in parts]
    docs = np.concatenate(found) if found else np.zeros(0, np.int64)  # sorted: offsets grow
    total = len(docs)
    sums = {}
    segids = tuple(segments.segment_id(leaf.reader()) for leaf, _ in parts)
    for f in fields:
        t = _whole_table(c, parts, f, searcher.doc_count_all(), segids)
        # The entries of the matching documents, gathered by their ranges (CSR): the cost
        # follows the matches, not the archive.
        starts, lens = t.start[docs], t.start[docs + 1] - t.start[docs]
        n = int(lens.sum())
        at = np.arange(n) - np.repeat(np.cumsum(lens) - lens - starts, lens)
        sums[f] = np.bincount(t.values[at]) if n else np.zeros(0, np.int64)
    values = c.interner.values
    kept = {c.interner.ids[v] for v in keep if v in c.interner.ids}
    out = {}
    for f, s in sums.items():
        idx = np.flatnonzero(s)
        if limit and f in LIST_FIELDS and len(idx) > 4 * limit:
            kth = np.partition(s[idx], len(idx) - limit)[len(idx) - limit]
            shown = s >= max(kth, 1)
            shown[[i for i in kept if i < len(s)]] = True
            idx = np.flatnonzero(shown & (s > 0))  # (np.union1d: NumPy loads numpy.ma, 30 ms)
        out[f] = {values[i]: int(s[i]) for i in idx}
    return total, out
