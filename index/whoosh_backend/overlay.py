"""People corrected since their documents were written: an overlay on the `people` field.

Whoosh cannot change one field of a document. A correction of one person over 1,000 articles
rewrote 1,000 whole documents (their bodies analysed and their postings written again: about
6 s). The store marks the puts that changed only an article's people
(`Store.people_only_since`); a sync records those articles' new people here, in a file of the
index generation (`people-overlay.json`, replaced atomically, its version one more at each
write), and rewrites no document. Every read of the people field goes through it:

- a term's postings in a segment (`segments.postings`): the segment's overlaid documents out,
  those whose new people hold the term in, with weight 1; so filters, `person:` terms, NOT,
  ANDs, ORs, document frequencies and ranking see them;
- the field's lengths and average length (ranking), the facet table joined over all segments
  (`facets.py`), the people shown on each hit (`stored`), the folded-name lookup (`names.py`).

A searcher's view finds each overlaid article by its id's postings, in whatever segments hold
it now (segments merge and renumber documents), once per (overlay version, segment); a deleted
copy found there too is harmless, as every read leaves deleted documents out. A whole put or a
delete of an article drops its entry; past MAX_ENTRIES a sync rewrites the overlaid documents
for real and empties the overlay; a full rebuild starts without one.

Whoosh's public path (internals.PUBLIC) matches with Whoosh's own matchers over the raw
postings, so it never writes an overlay: its syncs rewrite the documents of any overlay they
find, and its searches refuse an index that holds one (IndexNeedsSync: `archive reindex`
applies it).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from whoosh.util.numeric import length_to_byte

from index.errors import IndexDamaged
from index.whoosh_backend.caches import EMPTY, IndexCaches, segment_id
from index.whoosh_backend.internals import BYTE_LENGTHS

FILE = "people-overlay.json"
FIELD = "people"
# Past this many overlaid articles a sync rewrites their documents and empties the overlay:
# each search's view places every entry once, and the file is read by each new process.
MAX_ENTRIES = 5000
PATCHED_CACHE = 512  # patched postings kept per overlay version


class IndexNeedsSync(IndexDamaged):
    """The index holds corrections this reading of it cannot apply: a sync applies them."""

    def __init__(self, detail: str = ""):
        self.detail = detail
        Exception.__init__(self, "the index holds people corrections that Whoosh's public path "
                                 "cannot read: run `archive reindex` to write them into it")


@dataclass(frozen=True)
class Overlay:
    """The people of the overlaid articles, by article id, as one version of the file."""

    version: int = 0
    people: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def names(self) -> frozenset[str]:
        """Every name some overlaid article now has."""
        return frozenset(n for names in self.people.values() for n in names)


NONE = Overlay()


@dataclass(frozen=True)
class Placed:
    """The overlaid documents of one segment, in a searcher's view."""

    docs: np.ndarray  # their document numbers in the segment, sorted
    people: tuple[tuple[str, ...], ...]  # each one's people now, in the same order
    by_term: dict[bytes, np.ndarray]  # a name as indexed -> the documents now holding it


# -- the file ---------------------------------------------------------------------------------


def read(path: Path) -> Overlay:
    """The overlay of the index generation at `path` (none if it has no file); a damaged file
    raises ValueError (which damage.reading names as a damaged index)."""
    try:
        state = json.loads((Path(path) / FILE).read_text())
    except FileNotFoundError:
        return NONE
    if not isinstance(state, dict) or not isinstance(state.get("people"), dict):
        raise ValueError(f"{FILE} is not an overlay")
    return Overlay(int(state["version"]), {str(k): tuple(map(str, v))
                                           for k, v in state["people"].items()})


def write(path: Path, people: dict[str, tuple[str, ...]], version: int) -> None:
    """Replace the overlay file atomically. The version only grows (never reset by an empty
    overlay): searchers key what they derive from it by version."""
    tmp = Path(path) / (FILE + ".tmp")
    tmp.write_text(json.dumps({"version": version, "people": {k: list(v)
                                                              for k, v in people.items()}}))
    os.replace(tmp, Path(path) / FILE)


def current(c: IndexCaches) -> Overlay:
    """The overlay of the caches' index generation, read again when its file has changed
    (a stat a search: a correction writes no Whoosh segment that would reopen the searcher)."""
    try:
        st = os.stat(Path(c.key) / FILE)
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        stamp = None
    if stamp != c.overlay_stamp:
        found = read(Path(c.key)) if stamp else NONE
        with c.lock:
            if found.version != c.overlay.version:
                c.placed.clear()
                c.patched.clear()
                c.names.clear()
            c.overlay, c.overlay_stamp = found, stamp
    return c.overlay


def active(c: IndexCaches | None) -> bool:
    return c is not None and bool(c.overlay.people)


# -- reading through it -----------------------------------------------------------------------


def placed(c: IndexCaches, leaf) -> Placed | None:
    """The overlaid documents of a segment (None when nothing is overlaid), found once per
    overlay version and segment."""
    ov = c.overlay
    if not ov.people:
        return None
    reader = leaf.reader()
    key = (ov.version, segment_id(reader))
    found = c.placed.get(key)
    if found is None:
        found = _place(c, reader, ov)
        with c.lock:
            c.placed[key] = found
    return found


def _place(c: IndexCaches, reader, ov: Overlay) -> Placed:
    ids = list(ov.people)
    which, docs = id_postings(c, reader, ids)
    order = np.argsort(docs, kind="stable")
    docs, which = docs[order].astype(np.int32), which[order]
    people = tuple(ov.people[ids[i]] for i in which.tolist())
    by_term: dict[bytes, list[int]] = defaultdict(list)
    for doc, names in zip(docs.tolist(), people, strict=True):
        for name in names:
            by_term[name.encode("utf-8")].append(doc)
    return Placed(docs, people, {t: np.asarray(d, np.int32) for t, d in by_term.items()})


def id_postings(c: IndexCaches, reader, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(place in `ids`, document) of every document of the segment holding one of the ids,
    read from the segment's arrays file at once, else one id at a time through Whoosh."""
    terms = [i.encode("utf-8") for i in ids]
    arrays = c.arrays_of(reader)
    if arrays is not None:
        return arrays.lookup("id", terms)
    which, docs = [], []
    for i, term in enumerate(terms):
        if ("id", term) in reader:
            for doc in reader.postings("id", term).all_ids():
                which.append(i)
                docs.append(doc)
    return np.asarray(which, np.int64), np.asarray(docs, np.int32)


def patch_postings(c: IndexCaches, leaf, btext: bytes, found: tuple[np.ndarray, np.ndarray]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """A people term's postings in a segment as the overlay has them: its overlaid documents
    out, those whose people now hold the term in (weight 1, as a name is indexed once)."""
    p = placed(c, leaf)
    if p is None or not len(p.docs):
        return found
    key = (c.overlay.version, segment_id(leaf.reader()), btext)
    patched = c.patched.get(key)
    if patched is None:
        ids, weights = found
        keep = ~np.isin(ids, p.docs, assume_unique=True) if len(ids) else np.ones(0, bool)
        add = p.by_term.get(btext, EMPTY)
        ids = np.concatenate((ids[keep].astype(np.int32), add))
        weights = np.concatenate((weights[keep].astype(np.float32),
                                  np.ones(len(add), np.float32)))
        order = np.argsort(ids, kind="stable")
        patched = ids[order], weights[order]
        with c.lock:
            c.patched[key] = patched
            while len(c.patched) > PATCHED_CACHE:
                del c.patched[next(iter(c.patched))]
    return patched


def patch_lengths(c: IndexCaches, leaf, lengths: np.ndarray) -> np.ndarray:
    """The people field's length of each document of a segment (as Whoosh stores it, rounded
    to a byte), the overlaid ones' from their people now (kept per version and segment)."""
    p = placed(c, leaf)
    if p is None or not len(p.docs):
        return lengths
    key = (c.overlay.version, segment_id(leaf.reader()), "lengths")
    out = c.patched.get(key)
    if out is None:
        out = lengths.copy()
        out[p.docs] = [BYTE_LENGTHS[length_to_byte(len(names))] for names in p.people]
        with c.lock:
            c.patched[key] = out
    return out


def avg_length(c: IndexCaches, searcher, fieldname: str):
    """The field's average length over the index (Whoosh's statistic, for ranking), counting
    the overlaid documents' people as they are now."""
    avg = searcher.avg_field_length(fieldname)
    if fieldname != FIELD or not active(c) or avg is None:
        return avg
    from index.whoosh_backend.segments import leaves  # it imports this module

    delta = sum(_length_change(c, leaf) for leaf in leaves(searcher))
    return avg + delta / (searcher.doc_count_all() or 1)


def _length_change(c: IndexCaches, leaf) -> int:
    """How much longer the people field of a segment's documents is with the overlay (its
    documents' written lengths read from the field's column, once per version and segment)."""
    p = placed(c, leaf)
    if p is None or not len(p.docs):
        return 0
    key = (c.overlay.version, segment_id(leaf.reader()), None)
    found = c.patched.get(key)
    if found is None:
        column = leaf.reader().column_reader(FIELD, translate=False)
        found = sum(len(names) for names in p.people) \
            - sum(len(column[d]) for d in p.docs.tolist())
        with c.lock:
            c.patched[key] = found
    return found


def stored(c: IndexCaches | None, fields: dict) -> dict:
    """A hit's stored fields with its people as the overlay has them."""
    if not active(c):
        return fields
    names = c.overlay.people.get(fields.get("id"))
    return fields if names is None else {**fields, FIELD: list(names)}


def people_leaves(q) -> bool:
    """Whether a query reads the people field anywhere (Whoosh's own matchers would read its
    raw postings, without the overlay)."""
    if q.is_leaf():
        return getattr(q, "fieldname", None) == FIELD
    return any(people_leaves(child) for child in q.children())


def without_people(q):
    """The query with every part on the people field made to match everything: for Whoosh's
    own ranking (collapsed groups), whose filter then holds the real matches."""
    from whoosh import query

    if q.is_leaf():
        return query.Every() if getattr(q, "fieldname", None) == FIELD else q
    if isinstance(q, query.Not) and people_leaves(q):
        return query.Every()
    if isinstance(q, query.AndNot) and people_leaves(q.b):
        return without_people(q.a)
    return q.apply(without_people)
