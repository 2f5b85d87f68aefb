"""Which articles of a segment match a query, as a sorted array of document numbers.

Whoosh yields matches one by one through Python generators (about a microsecond each);
terms, ORs and ANDs of terms, NOTs of them, phrases, date ranges and "everything" are read here
from the segments' postings as arrays (with the people overlay's corrections, overlay.py).
Anything else (slop...) is left to Whoosh, its matches remembered in the index's cache for the
next ask (a search with facets asks several times).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from whoosh import query

from index import budget
from index.whoosh_backend import internals, segments
from index.whoosh_backend.caches import EMPTY, NO_WEIGHTS, IndexCaches
from index.whoosh_backend.internals import decode_positions
from index.whoosh_backend.query import GappedPhrase
from index.whoosh_backend.schema import NO_DATE_OLDEST as NO_DATE
from index.whoosh_backend.schema import stops_field

SLOW_CACHE = 1024  # the matches remembered (by segment: 50 at 100,000 articles)
BIG_COMPOUND = 16  # an OR or AND of more parts than this has its matches remembered


def docs_of(c: IndexCaches, q: query.Query, leaf) -> np.ndarray:
    """Return the sorted document numbers (in one segment) of the articles matching `q`.

    A whole query's matches are remembered when it is an AND or OR: a search asks for
    them twice or more (ranking, the total and facets, each facet with a selection)."""
    if type(q) in (query.Or, query.And):
        return _remembered(c, q, leaf, _compound_docs)
    fast = _fast_docs(c, q, leaf)
    return fast if fast is not None else _slow_docs(c, q, leaf)


def docset(c: IndexCaches, searcher, q: query.Query) -> set[int]:
    """Return the matching articles' document numbers across all segments, as a set."""
    out: set[int] = set()
    for leaf, offset in segments.leaves_with_offsets(searcher):
        out.update((docs_of(c, q, leaf) + offset).tolist())
    return out


def _slow_docs(c: IndexCaches, q: query.Query, leaf) -> np.ndarray:
    """Let Whoosh find the matches (phrases, wildcards, NOT...), remembering the last few.

    A search with facets asks for the same query's matches several times (the total, each
    facet with a selection of its own, the next page): checking a phrase's positions again
    each time was half of a phrase search. Segments never change; their deletions do, so
    the number of deleted documents is part of the key.
    """
    reader = leaf.reader()
    key = (segments.segment_id(reader), reader.doc_count(), c.overlay.version, repr(q))
    found = c.slow.get(key)
    if found is None:
        found = _phrase_docs(c, leaf, q) if type(q) in (query.Phrase, GappedPhrase) else None
        if found is None and type(q) is GappedPhrase and q.slop == 1:
            # Whoosh's phrases know neither gaps nor stop words: its matches of the words,
            # then each checked for its words' places.
            found = _placed(leaf, q, np.fromiter(_watched(words_only(q).docs(leaf)), np.int32))
        elif found is None:
            found = np.fromiter(_watched(q.docs(leaf)), dtype=np.int32)
        with c.lock:
            c.slow[key] = found
            while len(c.slow) > SLOW_CACHE:
                del c.slow[next(iter(c.slow))]
    return found


def _watched(docs: Iterable[int]) -> Iterable[int]:
    """Whoosh's matches one by one, stopping at the search's deadline."""
    for n, doc in enumerate(docs):
        if not n % budget.CHECK_EVERY:
            budget.check()
        yield doc


def _fast_docs(c: IndexCaches, q: query.Query, leaf) -> np.ndarray | None:
    """Read the matching documents a block of postings at a time, for the common query shapes.

    Whoosh yields matches one by one through Python generators (about a microsecond
    each); terms, ORs and ANDs of terms, NOTs, and "everything" are read here as arrays.
    Anything else (phrases, wildcards...) returns None: Whoosh does it.
    """
    if type(q) is query.Term:
        return segments.term_docs(c, leaf, q.fieldname, q.text)
    if type(q) in (query.Not, query.AndNot):
        return _without(c, q, leaf)
    if type(q) in (query.Or, query.And) and len(q.subqueries) > BIG_COMPOUND:
        return _remembered(c, q, leaf, _compound_docs)  # an expanded wildcard: asked for again
    if type(q) in (query.Or, query.And):
        return _compound_docs(c, q, leaf)
    return _other_docs(c, q, leaf)


def _remembered(c: IndexCaches, q: query.Query, leaf, find) -> np.ndarray | None:
    reader = leaf.reader()
    key = (segments.segment_id(reader), reader.doc_count(), c.overlay.version, "fast",
           repr(q))
    found = c.slow.get(key)
    if found is None:
        found = find(c, q, leaf)
        if found is None:
            return None
        with c.lock:
            c.slow[key] = found
            while len(c.slow) > SLOW_CACHE:
                del c.slow[next(iter(c.slow))]
    return found


def _compound_docs(c: IndexCaches, q: query.Query, leaf) -> np.ndarray | None:
    """Terms, ORs and ANDs of them: their matches as arrays."""
    if len(q.subqueries) > BIG_COMPOUND:
        budget.check()
    parts = [_fast_docs(c, sub, leaf) for sub in q.subqueries]
    if any(p is None for p in parts):
        # A phrase in the title OR the body, AND filters: each phrase's matches (found by
        # Whoosh, remembered: ranking asks for each field's again) meet the rest.
        parts = [_slow_docs(c, sub, leaf) if p is None else p
                 for p, sub in zip(parts, q.subqueries, strict=True)]
    if not parts:
        return EMPTY
    if type(q) is query.Or:
        return _union(parts)
    result = parts[0]
    for p in parts[1:]:
        result = np.intersect1d(result, p, assume_unique=True)
    return result


def _without(c: IndexCaches, q: query.Query, leaf) -> np.ndarray:
    """NOT b (every live document but b's) and a ANDNOT b, as arrays: Whoosh's matchers
    would read b's raw postings, without the people overlay's corrections (and one by one)."""
    if type(q) is query.Not:
        kept, left_out = _every(c, leaf), docs_of(c, q.query, leaf)
    else:
        kept, left_out = docs_of(c, q.a, leaf), docs_of(c, q.b, leaf)
    return np.setdiff1d(kept, left_out, assume_unique=True).astype(np.int32)


def _other_docs(c: IndexCaches, q: query.Query, leaf) -> np.ndarray | None:
    """Date ranges, numeric ranges and "everything" as arrays; None for the rest."""
    if isinstance(q, query.DateRange) and q.fieldname == "published":
        return _published_between(c, leaf, q)
    if isinstance(q, query.NumericRange):  # an OR of indexed terms
        simple = q.simplify(leaf.reader())
        return None if simple is q else _fast_docs(c, simple, leaf)
    if type(q) is query.ConstantScoreQuery:
        # A wildcard or range, expanded (index/budget.py), or a phrase of stop words (query.py)
        return docs_of(c, q.child, leaf)
    if q is query.NullQuery:
        return EMPTY
    if type(q) is query.Every:
        return _every(c, leaf)
    return None


def _every(c: IndexCaches, leaf) -> np.ndarray:
    """Every live document of the segment."""
    reader = leaf.reader()
    return segments.live(c, reader, np.arange(reader.doc_count_all(), dtype=np.int32))


def _phrase_docs(c: IndexCaches, leaf, q: query.Phrase) -> np.ndarray | None:
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
    if c.arrays_of(reader) is not None:  # the postings are read anyway: count them
        def frequency(w: bytes) -> int:
            return len(segments.postings(c, leaf, q.fieldname, w)[0])
    else:
        def frequency(w: bytes) -> int:
            return reader.doc_frequency(q.fieldname, w)
    order = sorted(range(len(words)), key=lambda i: frequency(words[i]))
    candidates = segments.term_docs(c, leaf, q.fieldname, words[order[0]])
    found: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for i in order[1:]:
        if candidates is None or not len(candidates):
            break
        if segments.cached(c, leaf, q.fieldname, words[i]):
            docs = segments.term_docs(c, leaf, q.fieldname, words[i])
        else:
            scan = _positions(c, leaf, q.fieldname, words[i], candidates, whole=True)
            if scan is None:
                return None
            found[i] = scan
            docs = _distinct(scan[0])  # (a document once for each place)
        candidates = None if docs is None \
            else np.intersect1d(candidates, docs, assume_unique=True)  # (no hashing)
    if candidates is None:
        return None
    stops = _stops_of(leaf, q)
    if (len(words) == 1 and not stops) or not len(candidates):
        return candidates
    # Where the phrase starts in each candidate, as (document << 32 | place): the rarest word
    # first, then each other word and each left-out word ("that" of "said that") at its own.
    keys = None
    for i in order:
        where = found.get(i) or _positions(c, leaf, q.fieldname, words[i], candidates)
        if where is None:
            return None
        keys = _meet(keys, where, offsets[i])
        if not len(keys):
            return EMPTY
    for field, word, offset in stops:
        where = _positions(c, leaf, field, word, _docs_of_keys(keys))
        if where is None:
            return None
        keys = _meet(keys, where, offset)
        if not len(keys):
            return EMPTY
    return _docs_of_keys(keys)


def _meet(keys: np.ndarray | None, where: tuple[np.ndarray, np.ndarray], offset: int
          ) -> np.ndarray:
    """The phrase starts among `keys` (all, if None) where a word stands `offset` on.

    Both sides are sorted and distinct (documents in order, a word's places in order), so
    the smaller is looked up in the larger: np.intersect1d hashes both first, 60% of
    '"said that"' at 100,000 articles (a million places of "that")."""
    docs, positions = where
    starts = positions - offset
    inside = starts >= 0  # (a phrase starting before the text: none, and a negative start
    k = (docs[inside].astype(np.int64) << 32) | starts[inside]  # would break the order)
    if keys is None:
        return k
    small, large = (keys, k) if len(keys) <= len(k) else (k, keys)
    if not len(small) or not len(large):
        return small[:0]
    at = np.searchsorted(large, small)
    at[at == len(large)] = 0
    return small[large[at] == small]


def _docs_of_keys(keys: np.ndarray) -> np.ndarray:
    """The distinct documents of sorted phrase starts (document << 32 | place)."""
    return _distinct((keys >> 32).astype(np.int32))


def _distinct(docs: np.ndarray) -> np.ndarray:
    """The distinct numbers of a sorted array (np.unique hashes them)."""
    if len(docs) > 1:
        docs = docs[np.concatenate(([True], docs[1:] != docs[:-1]))]
    return docs


def _stops_of(leaf, q: query.Phrase) -> list[tuple[str, bytes, int]]:
    """A phrase's left-out words to check: (their field, the word, its place), where the
    segment has the field (an index written before it must be rebuilt to have it)."""
    field = stops_field(q.fieldname)
    if not getattr(q, "stops", ()) or field not in leaf.schema:
        return []
    return [(field, leaf.schema[field].to_bytes(w), at) for w, at in q.stops]


def words_only(q: query.Query) -> query.Query:
    """The query with each gapped phrase as the AND of its words, and each NOT as everything:
    what Whoosh can match and score by itself among articles that really match (their
    phrases' places and their exclusions are checked apart, by docs_of)."""
    if type(q) is GappedPhrase:
        terms = [query.Term(q.fieldname, w, boost=q.boost) for w in q.words]
        return terms[0] if len(terms) == 1 else query.And(terms)
    if type(q) is query.Not:
        return query.Every()
    if q.is_leaf():
        return q
    return q.apply(words_only)


def _placed(leaf, q: GappedPhrase, docs: np.ndarray) -> np.ndarray:
    """The documents among `docs` (each holding the phrase's words) where its words and
    left-out words stand at their places, read through Whoosh's public postings (the path
    taken when the arrays of a segment cannot be read)."""
    field = leaf.schema[q.fieldname]
    parts = [(q.fieldname, field.to_bytes(w), at)
             for w, at in zip(q.words, q.offsets or range(len(q.words)), strict=True)]
    parts += _stops_of(leaf, q)
    where = [_public_positions(leaf.reader(), name, word, docs) for name, word, _ in parts]
    keep = []
    for d in docs.tolist():
        starts = None
        for (_, _, at), places in zip(parts, where, strict=True):
            here = {p - at for p in places.get(d, ())}
            starts = here if starts is None else starts & here
            if not starts:
                break
        if starts:
            keep.append(d)
    return np.asarray(keep, dtype=np.int32)


def _public_positions(reader, fieldname: str, btext: bytes, docs: np.ndarray
                      ) -> dict[int, list[int]]:
    """A word's places in each of these documents, through Whoosh's public matcher."""
    if (fieldname, btext) not in reader:
        return {}
    m = reader.postings(fieldname, btext)
    out: dict[int, list[int]] = {}
    for d in docs.tolist():
        if m.is_active() and m.id() < d:
            m.skip_to(d)
        if not m.is_active():
            break
        if m.id() == d:
            out[d] = list(m.value_as("positions"))
    return out


def _positions(c: IndexCaches, leaf, fieldname: str, btext: bytes, candidates: np.ndarray,
               whole: bool = False) -> tuple[np.ndarray, np.ndarray] | None:
    """The positions of a word in the candidate documents (sorted): (documents, positions),
    one entry per occurrence. Blocks of postings without a candidate are skipped unread;
    or, `whole`, every block is read and the word's postings are remembered too."""
    reader = leaf.reader()
    arrays = c.arrays_of(reader)
    if arrays is not None and (found := arrays.positions(fieldname, btext, candidates)):
        return found
    read = internals.block_positions(reader, fieldname, btext, candidates, whole)
    if read is None:
        return None
    docs, raw, all_ids, all_weights = read
    if whole:
        c.remember_postings((segments.segment_id(reader), fieldname, btext),
                  (np.concatenate(all_ids), np.concatenate(all_weights)) if all_ids
                  else (EMPTY, NO_WEIGHTS))
    if not docs:
        return EMPTY, EMPTY.astype(np.int64)
    positions, counts = decode_positions(raw)
    return np.repeat(np.asarray(docs, np.int32), counts), positions


def _union(parts: list[np.ndarray]) -> np.ndarray:
    """The sorted distinct numbers of several sorted arrays (np.unique hashes: 12x slower)."""
    merged = np.concatenate(parts)
    merged.sort()
    return _distinct(merged)


def _published_between(c: IndexCaches, leaf, q: query.DateRange) -> np.ndarray:
    """The documents published in a date range, from the segment's column of day numbers.

    Whoosh would expand a year into hundreds of indexed terms and read each one's postings.
    """
    day = segments.days(c, leaf)
    lo = q.startdate.toordinal() if q.startdate else 1
    hi = q.enddate.toordinal() if q.enddate else NO_DATE
    if q.startexcl:
        lo += 1
    if q.endexcl:
        hi -= 1
    hits = np.flatnonzero((day >= lo) & (day <= hi) & (day < NO_DATE)).astype(np.int32)
    return segments.live(c, leaf.reader(), hits)
