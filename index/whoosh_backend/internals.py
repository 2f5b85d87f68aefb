"""Every use of a private Whoosh name, in one place, checked against the whoosh3 version it
was written for.

The archive reads and writes some of whoosh3's internals for speed: its codec is subclassed
to also write each segment's postings as arrays (`ArrayCodec`); a term's postings blocks
and position values are read straight from its matchers; the field-lengths column is read
in one piece; the stemmer's cached function is called directly; wildcards are expanded with
the query classes' own helpers. All of that is here, and only here.

whoosh3 is pinned, and its maintainer changes this very code. On any version other than
WRITTEN_FOR (or with NEWS_ARCHIVE_WHOOSH_PUBLIC=1 set) every function here takes Whoosh's
public path instead: the plain codec (no arrays), Whoosh's own matching and ranking, its
token stream, its term expansion. Slower, and the same answers: tests/test_backend.py runs
the behaviour tests both ways.
"""

from __future__ import annotations

import os
from itertools import chain, groupby
from operator import itemgetter
from pickle import loads

import numpy as np
import whoosh
from whoosh import formats
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3PostingsWriter,
    W3Segment,
    _lenfield,
)
from whoosh.util.numeric import byte_to_length

WRITTEN_FOR = "3.54.0"


def _installed() -> str:
    """whoosh3's version, from the module (importlib.metadata cost a search 20 ms to load)."""
    return getattr(whoosh, "versionstring", lambda: "unknown")()


INSTALLED = _installed()
# Whether to take Whoosh's public path everywhere (read at each call, so tests can set it).
PUBLIC = INSTALLED != WRITTEN_FOR or os.environ.get("NEWS_ARCHIVE_WHOOSH_PUBLIC") == "1"


def codec():
    """The codec new segments are written with: ArrayCodec, or Whoosh's own."""
    return W3Codec() if PUBLIC else ArrayCodec()


def segment_folder(reader) -> str | None:
    """The folder a segment reader's files are in (for the arrays file), or None."""
    if PUBLIC:
        return None
    return getattr(getattr(reader, "_storage", None), "folder", None)


def stem_function(stemmer):
    """A StemFilter's cached stemming function, or None (then FastText uses Whoosh's)."""
    if PUBLIC:
        return None
    return getattr(stemmer, "_stem", None)


def length_bytes(reader, field: str, n: int) -> np.ndarray | None:
    """Each document's length byte in a field (Whoosh's rounded lengths), read in one
    piece, or None (then the caller asks the reader document by document)."""
    if PUBLIC:
        return None
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if hasattr(
        perdoc, "_cached_reader") else None
    raw = one_byte_column(column, n)
    if raw is None and column is not None:
        raw = np.fromiter(iter(column), np.uint8, count=n)
    return raw


def _block_matcher(reader, fieldname: str, btext: bytes):
    """The term's block matcher under its wrappers, or None if it has none (or PUBLIC)."""
    if PUBLIC:
        return None
    m = reader.postings(fieldname, btext)
    while not hasattr(m, "_read_ids") and hasattr(m, "child"):
        m = m.child  # e.g. the wrapper that leaves out deleted documents: done by the caller
    return m if hasattr(m, "_read_ids") else None


def block_postings(reader, fieldname: str, btext: bytes
                   ) -> tuple[list[np.ndarray], list[np.ndarray]] | None:
    """A term's document numbers and weights, block by block, read from its matcher
    (deleted documents included); None if its postings are not in blocks, or PUBLIC."""
    m = _block_matcher(reader, fieldname, btext)
    if m is None:
        return None
    ids, weights = [], []
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        if m._weights is None:
            m._read_weights()
        ids.append(np.asarray(m._ids[m._i :], dtype=np.int32))
        weights.append(np.asarray(m._weights[m._i :], dtype=np.float32))  # Whoosh's own
        m._next_block()
    return ids, weights


def block_positions(reader, fieldname: str, btext: bytes, candidates: np.ndarray, whole: bool
                    ) -> tuple[list[int], list[bytes], list, list] | None:
    """A term's postings in the candidate documents, read block by block: (documents, their
    position values), skipping blocks with no candidate unread; with `whole`, every block
    is read and all its (ids, weights) returned too. None if not in blocks, or PUBLIC."""
    m = _block_matcher(reader, fieldname, btext)
    if m is None or not hasattr(m, "_read_values") or not hasattr(m, "_maxid"):
        return None
    docs: list[int] = []
    raw: list[bytes] = []
    all_ids, all_weights = [], []
    at = 0
    while m.is_active() and (whole or at < len(candidates)):
        target = int(candidates[min(at, len(candidates) - 1)])
        if m._maxid < target and not whole:
            m._skip_to_block(lambda t=target: t > m._maxid)
            continue
        if m._ids is None:
            m._read_ids()
        ids = np.asarray(m._ids, dtype=np.int64)
        if whole:
            if m._weights is None:
                m._read_weights()
            all_ids.append(ids.astype(np.int32))
            all_weights.append(np.asarray(m._weights, dtype=np.float32))
        where = np.searchsorted(candidates, ids)
        inside = where < len(candidates)
        inside[inside] = candidates[where[inside]] == ids[inside]
        hits = np.flatnonzero(inside)
        if len(hits):
            if m._values is None:
                m._read_values()
            values = m._values
            raw += [values[j] for j in hits.tolist()]
            docs += ids[hits].tolist()
        at = int(np.searchsorted(candidates, m._maxid, side="right"))
        m._next_block()
    return docs, raw, all_ids, all_weights


# -- expanding wildcards and ranges --------------------------------------------------------


def query_words(q, reader):
    """The indexed words a multi-term query (range, prefix, wildcard) stands for."""
    if PUBLIC:
        return (text for _, text in q.expanded_terms(reader))
    return q._btexts(reader)


def wildcard_prefix(q) -> str:
    """A wildcard's letters before its first * or ?."""
    if PUBLIC:
        text = q.text
        cut = min((i for i in (text.find("*"), text.find("?")) if i >= 0), default=len(text))
        return text[:cut]
    return q._find_prefix(q.text)


def wildcard_pattern(q) -> str | None:
    """The regular expression a wildcard's words match, or None (PUBLIC: Whoosh expands it)."""
    if PUBLIC:
        return None
    return q._get_pattern()


# -- the codec: postings also written as arrays (index/whoosh_backend/postings.py) -----------


class ArrayCodec(W3Codec):
    """whoosh3's codec, which also writes each segment's postings as arrays (see above).

    The segments it makes name plain whoosh3 as their codec, so an index stays readable
    by Whoosh alone.
    """

    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(self._blocklimit, self._compression, self._inlinelimit),
                         indexname)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)


class _PostingsWriter(W3PostingsWriter):
    """Keeps each block's document numbers and weights (as bytes), and its position values,
    as it writes the block."""

    def __init__(self, *args, sink: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sink = sink

    positions = False  # whether the values are position lists, kept too

    def _keep(self) -> None:
        if self.sink is not None:
            self.sink.append((self._ids.tobytes(), self._weights.tobytes(), len(self._ids),
                              self._values if self.positions else None))

    def _write_block(self, last=False):
        self._keep()  # (the block's lists are replaced, not emptied, after it is written)
        super()._write_block(last)

    def finish_postings(self):
        if not self.written() and len(self) < self._inlinelimit:
            self._keep()  # inlined into the term info: no block is written
        return super().finish_postings()

    def add_many(self, ids: tuple, weights: tuple, values: tuple, lengths: list | None) -> None:
        """`add_posting` for many postings of a term at once, with the same blocks and statistics.

        A block is written when a posting arrives for a full one, as add_posting does.
        `lengths` holds each document's field length as add_posting gets it (0 for none).
        """
        limit, n, i = self._blocklimit, len(ids), 0
        while i < n:
            if len(self._ids) >= limit:
                self._write_block()
            take = min(n - i, limit - len(self._ids))
            block_ids, block_weights = ids[i:i + take], weights[i:i + take]
            self._ids.extend(block_ids)
            self._weights.extend(block_weights)
            top = max(block_weights)
            if top > self._maxweight:
                self._maxweight = top
            self._values.extend(v for v in values[i:i + take] if v)
            if lengths is not None:
                found = [x for x in map(lengths.__getitem__, block_ids) if x]
                if found:
                    low, high = min(found), max(found)
                    if self._minlength is None or low < self._minlength:
                        self._minlength = low
                    if high > self._maxlength:
                        self._maxlength = high
            i += take


class _FieldWriter(W3FieldWriter):
    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._fields: dict[str, dict] = {}
        self._current: dict | None = None
        self._blocks: list = []

    def start_field(self, fieldname, fieldobj):
        super().start_field(fieldname, fieldobj)
        c = self._codec
        self._postwriter = _PostingsWriter(
            self._postfile, blocklimit=c._blocklimit, compression=c._compression,
            inlinelimit=c._inlinelimit, sink=self._blocks)
        self._postwriter.positions = type(fieldobj.format) is formats.Positions
        self._current = self._fields.setdefault(fieldname, {
            "terms": [], "counts": [], "ids": [], "weights": [],
            "positions": self._postwriter.positions, "pending": [], "decoded": []})

    def add_postings(self, schema, lengths, items):
        """Whoosh's FieldWriter.add_postings a term at a time rather than a posting at a time
        (half the cost of writing a segment was that loop): the same calls, the same files."""
        lastfn = None
        field_lengths = None
        for (fieldname, btext), group in groupby(items, _FIELD_TERM):
            if fieldname != lastfn:
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn = fieldname
                field_lengths = _field_lengths(lengths, fieldname)
            _, _, ids, weights, values = zip(*group, strict=True)
            if -1 in ids:  # Whoosh's spelling words, which have no postings
                keep = [i for i, d in enumerate(ids) if d != -1]
                if not keep:
                    continue
                ids, weights, values = ([col[i] for i in keep] for col in (ids, weights, values))
            self.start_term(btext)
            if None in values:
                values = tuple(b"" if v is None else v for v in values)
            self._postwriter.add_many(ids, weights, values, field_lengths)
            self.finish_term()
        if lastfn is not None:
            self.finish_field()

    def finish_term(self):
        super().finish_term()
        f = self._current
        f["terms"].append(self._btext)
        f["counts"].append(sum(b[2] for b in self._blocks))
        f["ids"] += [b[0] for b in self._blocks]
        f["weights"] += [b[1] for b in self._blocks]
        if f["positions"]:
            f["pending"] += [b[3] for b in self._blocks]
            if len(f["pending"]) >= 2000:  # decode in batches: one unpickling for many
                f["decoded"].append(_decode(f["pending"]))
                f["pending"] = []
        self._blocks.clear()

    def close(self):
        super().close()
        for f in self._fields.values():
            if f["pending"]:
                f["decoded"].append(_decode(f["pending"]))
                f["pending"] = []
        from index.whoosh_backend.postings import write  # it imports this module

        write(self._storage, self._segment, self._fields)


_FIELD_TERM = itemgetter(0, 1)
# Each length byte's field length, as Whoosh decodes it (0: none).
BYTE_LENGTHS = [byte_to_length(b) for b in range(256)]


def _field_lengths(perdoc, fieldname: str) -> list[int] | None:
    """Each document's length in a field, as Whoosh's add_postings reads them one by one."""
    if not perdoc:
        return None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    n = perdoc.doc_count_all()
    if column is None:
        return [0] * n
    raw = one_byte_column(column, n)
    if raw is not None:
        return [BYTE_LENGTHS[b] for b in raw.tolist()]
    get = perdoc.doc_field_length_reader(fieldname)
    return [get(d) or 0 for d in range(n)]


def one_byte_column(column, n: int) -> np.ndarray | None:
    """A one-byte numeric column's values read in one piece, or None if it is another kind
    (iterating it costs about two microseconds a document: at 100,000 articles, half of a
    new process's first query)."""
    try:
        if column._typecode != "B" or column._reverse:
            return None
        count = min(column._count, n)
        out = np.full(n, column._default, np.uint8)
        out[:count] = np.frombuffer(column._dbfile.get(column._basepos, count), np.uint8)
        return out
    except (AttributeError, TypeError, ValueError):
        return None


_BODY = 4 + 2  # a position value: its count (4 bytes), pickle's protocol header, the list


def _decode(blocks: list[list[bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the postings in some blocks: see `decode_positions`."""
    return decode_positions([v for values in blocks for v in values])


def decode_positions(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The positions of some postings' values (whoosh3's Positions format), one posting after
    another, and how many each posting has.

    Each value is a count, then a pickled list of gaps between positions. Unpickling them
    one by one cost a microsecond each: they are read as one pickled list of lists instead.
    """
    pieces = [v[_BODY:-1] if v.endswith(b".") else v[_BODY:] for v in values]
    codes = loads(b"\x80\x02(" + b"".join(pieces) + b"l.")
    counts = np.fromiter(map(len, codes), np.int64, count=len(codes))
    gaps = np.fromiter(chain.from_iterable(codes), np.int64, count=int(counts.sum()))
    return _running(gaps, counts), counts


def _running(gaps: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each posting's positions from its gaps: a running sum, restarted at every posting."""
    total = np.cumsum(gaps)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    before = np.concatenate(([0], total))[starts]
    return total - np.repeat(before, counts)
