"""What searches read from each segment, once: postings, publication days, field lengths.

A term's postings (document numbers and weights) come from the segment's arrays file
(postings.py) when it has one, else from Whoosh's blocks (internals.py); each is kept in the
index's cache (caches.py) for the next query, as a search asks for each term several times
(matching, facets, ranking). Segments never change once written.
"""

from __future__ import annotations

import numpy as np

from index.whoosh_backend import internals, overlay
from index.whoosh_backend.caches import EMPTY, NO_WEIGHTS, IndexCaches, segment_id
from index.whoosh_backend.internals import BYTE_LENGTHS
from index.whoosh_backend.schema import NO_DATE_OLDEST as NO_DATE

_BYTE_LENGTHS = np.array(BYTE_LENGTHS, dtype=np.float64)


def leaves(searcher) -> list:
    """Return the searcher of each segment; none for an index with no segments yet."""
    return [leaf for leaf, _ in leaves_with_offsets(searcher)]


def leaves_with_offsets(searcher) -> list:
    if searcher.subsearchers:
        return searcher.subsearchers
    # An empty index (every input failed, or all removed) reads with no segment at all.
    return [(searcher, 0)] if searcher.reader().segment() is not None else []


def days(c: IndexCaches, leaf) -> np.ndarray:
    """Each document's publication day number (NO_DATE if it has none), read once a segment."""
    reader = leaf.reader()
    key = segment_id(reader)
    found = c.days.get(key)
    if found is None:
        n = reader.doc_count_all()
        if reader.has_column("sort_oldest"):
            found = np.fromiter(iter(reader.column_reader("sort_oldest")), np.int64, count=n)
        else:
            found = np.full(n, NO_DATE, dtype=np.int64)
        with c.lock:
            c.days[key] = found
    return found


def field_lengths(c: IndexCaches, leaf, field: str) -> np.ndarray:
    """Each document's length in a field, as Whoosh stores it (one byte, rounded), read once a
    segment, for ranking."""
    reader = leaf.reader()
    key = (segment_id(reader), field)
    found = c.lengths.get(key)
    if found is None:
        n = reader.doc_count_all()
        # The per-document lengths column, read whole (Whoosh's codec has no public way).
        raw = internals.length_bytes(reader, field, n)
        if raw is not None:
            found = _BYTE_LENGTHS[raw]
        else:
            found = np.fromiter((reader.doc_field_length(d, field, 1) or 1 for d in range(n)),
                                np.float64, count=n)
        with c.lock:
            c.lengths[key] = found
    if field == overlay.FIELD and overlay.active(c):
        return overlay.patch_lengths(c, leaf, found)
    return found


def term_docs(c: IndexCaches, leaf, fieldname: str, text) -> np.ndarray | None:
    found = postings(c, leaf, fieldname, text)
    return None if found is None else live(c, leaf.reader(), found[0])


def postings(c: IndexCaches, leaf, fieldname: str, text) -> tuple[np.ndarray, np.ndarray] | None:
    """A term's document numbers and weights in one segment (deleted ones included), with
    the people overlay's corrections (overlay.py) in the people field.

    From the segment's arrays file (index/postings.py) when it has one, else through
    Whoosh a block at a time (whoosh3 unpickles every block); kept for the next query in
    a cache of 32 MB, as a search asks for each term several times (matching, facets,
    ranking). None if the postings are not in blocks.
    """
    found = _written(c, leaf, fieldname, text)
    if fieldname != overlay.FIELD or found is None or not overlay.active(c):
        return found
    btext = text if isinstance(text, bytes) else leaf.schema[fieldname].to_bytes(text)
    return overlay.patch_postings(c, leaf, btext, found)


def _written(c: IndexCaches, leaf, fieldname: str, text) -> tuple[np.ndarray, np.ndarray] | None:
    """A term's postings in one segment as Whoosh wrote them."""
    field = leaf.schema._fields.get(fieldname)  # (`in` and [] try the dynamic fields too)
    if field is None:
        return EMPTY, NO_WEIGHTS
    reader = leaf.reader()
    btext = field.to_bytes(text) if not isinstance(text, bytes) else text
    key = (segment_id(reader), fieldname, btext)
    found = c.postings.get(key)
    if found is not None:
        c.postings.move_to_end(key)
        return found
    arrays = c.arrays_of(reader)
    if arrays is not None:  # written beside the segment
        found = arrays.get(fieldname, btext) or (EMPTY, NO_WEIGHTS)
        c.remember_postings(key, found)
        return found
    if (fieldname, btext) not in reader:
        return EMPTY, NO_WEIGHTS
    read = internals.block_postings(reader, fieldname, btext)
    if read is None:
        return None
    ids, weights = read
    found = (np.concatenate(ids), np.concatenate(weights)) if ids else (EMPTY, NO_WEIGHTS)
    c.remember_postings(key, found)
    return found


def doc_frequency(c: IndexCaches, searcher, fieldname: str, text) -> int | None:
    """How many articles hold a term (deleted ones included, as Whoosh counts), from the
    segments' arrays files; None if a segment has none. Kept on the searcher (its segments
    never change, and deleted documents count), by the people overlay's version."""
    known = searcher.__dict__.setdefault("_news_archive_df", {})
    key = (fieldname, text, c.overlay.version)
    if key not in known:
        if len(known) >= 10_000:  # a server's searcher lives long: bound what it keeps
            known.clear()
        known[key] = _doc_frequency(c, searcher, fieldname, text)
    return known[key]


def _doc_frequency(c: IndexCaches, searcher, fieldname: str, text) -> int | None:
    total = 0
    for leaf, _ in leaves_with_offsets(searcher):
        if c.arrays_of(leaf.reader()) is None:
            return None
        found = postings(c, leaf, fieldname, text)
        total += len(found[0]) if found is not None else 0
    return total


def cached(c: IndexCaches, leaf, fieldname: str, btext: bytes) -> bool:
    """Whether a term's postings can be had without reading its positions too."""
    reader = leaf.reader()
    return c.arrays_of(reader) is not None \
        or (segment_id(reader), fieldname, btext) in c.postings


def _deleted(reader) -> set:
    return getattr(reader, "deleted_docs_set", None) or set()


def mask_key(reader) -> tuple[str, int]:
    """The key of a segment's deleted-documents mask: its id and how many are deleted."""
    return segment_id(reader), len(_deleted(reader))


def live(c: IndexCaches, reader, ids: np.ndarray) -> np.ndarray:
    """Leave out deleted documents.

    A segment's deletions only grow until a merge replaces it, so their number names the set:
    each (segment, number deleted) gets one mask of its documents, read once, and a term's
    live documents are then one lookup (np.isin sorted the deletions again for every term of
    every segment: at 100,000 articles, re-resolved ones leave 10% deleted, and that was 40% of
    a search)."""
    deleted = _deleted(reader)
    if not deleted:
        return ids
    key = mask_key(reader)
    mask = c.deleted.get(key)
    if mask is None:
        mask = np.zeros(reader.doc_count_all(), dtype=bool)
        mask[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = True
        with c.lock:
            c.deleted[key] = mask
    return ids[~mask[ids]] if len(ids) else ids
