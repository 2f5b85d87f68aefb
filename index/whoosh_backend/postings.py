"""Each segment's postings also as plain arrays, written beside it, read without unpickling.

whoosh3 stores a term's postings in blocks, each a zlib-compressed pickle of the
block's document numbers, weights and positions together: reading which articles
hold a common word meant decompressing and unpickling its positions too, once per
segment (a quarter of a millisecond each; a two-word query at 100,000 articles
reads about a hundred). While Whoosh writes a segment, `ArrayCodec` keeps each
block's document numbers, weights and (in fields with positions) positions as they
go to disk, and at the end writes them to one more segment file (`<segment>.arr`):
every term of every field in order, its documents, weights and positions. Whoosh
deletes the file with its segment.

A search maps the file's terms and finds a term by binary search over them, then
reads its postings with one `pread` per array, with no unpickling; a phrase keeps the
positions of its candidate documents only. A segment without the file (an index
written before it existed) is read through Whoosh as before.

File layout: b"NAP1", the header's length (4 bytes, little-endian), a JSON header
naming each field's arrays (offset, dtype, count), then the arrays, 8-byte aligned.
For a field: `ends` (int64, the end of each term in `text`), `text` (the terms'
bytes one after another), `starts` (int64, where each term's postings start; one
more entry at the end), `ids` (int32) and `weights` (float32); with positions,
`npos` (each posting's number of positions), `pstarts` (int64, where each term's
positions start) and `positions` (each posting's, in order; uint16 when they fit).
"""

from __future__ import annotations

import json
import mmap
import os
import threading
from itertools import chain, groupby
from operator import itemgetter
from pickle import loads

import numpy as np
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

EXT = ".arr"
MAGIC = b"NAP1"


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
        _write(self._storage, self._segment, self._fields)


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


def _write(storage, segment, fields: dict[str, dict]) -> None:
    arrays: list[tuple[str, str, np.ndarray]] = []
    for name, f in sorted(fields.items()):
        lengths = np.fromiter((len(t) for t in f["terms"]), np.int64, count=len(f["terms"]))
        counts = np.asarray(f["counts"], np.int64)
        starts = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        arrays += [
            (name, "ends", np.cumsum(lengths)),
            (name, "text", np.frombuffer(b"".join(f["terms"]), np.uint8)),
            (name, "starts", starts),
            (name, "ids", np.frombuffer(b"".join(f["ids"]), np.uint32).view(np.int32)),
            (name, "weights", np.frombuffer(b"".join(f["weights"]), np.float32)),
        ]
        if f["positions"] and f["decoded"]:
            positions = np.concatenate([p for p, _ in f["decoded"]])
            per_posting = np.concatenate([c for _, c in f["decoded"]])
            # Where each term's positions start: the positions of the postings before it.
            before = np.concatenate(([0], np.cumsum(per_posting)))[starts].astype(np.int64)
            arrays += [
                (name, "npos", per_posting.astype(_small(per_posting))),
                (name, "pstarts", before),
                (name, "positions", positions.astype(_small(positions))),
            ]
    header: dict[str, dict] = {}
    offset = 0
    for name, part, a in arrays:
        header.setdefault(name, {})[part] = [offset, a.dtype.str, len(a)]
        offset += -(-a.nbytes // 8) * 8
    head = json.dumps(header).encode()
    out = segment.create_file(storage, EXT)
    try:
        pad = -(len(MAGIC) + 4 + len(head)) % 8
        out.write(MAGIC + len(head).to_bytes(4, "little") + head + b" " * pad)
        for _, _, a in arrays:
            data = a.tobytes()
            out.write(data + b"\0" * (-len(data) % 8))
    finally:
        out.close()


def _small(a: np.ndarray) -> type:
    return np.uint16 if not len(a) or int(a.max()) < 2**16 else np.int32


# The arrays a term lookup searches (mapped); the others are read a slice at a time.
_MAPPED = ("ends", "text")


class Arrays:
    """One segment's postings file: `get(field, term)` returns (ids, weights).

    The terms are mapped (a lookup touches a few pages of them); the rest is read with
    `pread` into new arrays, so a long-running server holds only what it is using, not
    every page it ever mapped.
    """

    def __init__(self, path: str):
        self._fd = os.open(path, os.O_RDONLY)
        try:
            self._map = mmap.mmap(self._fd, 0, access=mmap.ACCESS_READ)
            if self._map[:4] != MAGIC:
                raise ValueError(f"{path}: not a postings arrays file")
        except (OSError, ValueError):
            os.close(self._fd)
            self._fd = None
            raise
        size = int.from_bytes(self._map[4:8], "little")
        header = json.loads(self._map[8:8 + size])
        base = 8 + size + (-(8 + size) % 8)
        self._fields = {
            name: {part: np.frombuffer(self._map, np.dtype(dt), count=n, offset=base + off)
                   if part in _MAPPED else (base + off, np.dtype(dt))
                   for part, (off, dt, n) in parts.items()}
            for name, parts in header.items()
        }
        self._text_at = {name: base + parts["text"][0] for name, parts in header.items()}

    def __del__(self):
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def _read(self, where: tuple[int, np.dtype], a: int, b: int) -> np.ndarray:
        offset, dtype = where
        data = os.pread(self._fd, (b - a) * dtype.itemsize, offset + a * dtype.itemsize)
        return np.frombuffer(data, dtype)

    def get(self, field: str, term: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """The term's document numbers and weights; None if the field has no such term."""
        f = self._fields.get(field)
        t = None if f is None else self._find(f, field, term)
        if t is None:
            return None
        a, b = self._read(f["starts"], t, t + 2).tolist()
        return self._read(f["ids"], a, b), self._read(f["weights"], a, b)

    def _find(self, f: dict, field: str, term: bytes) -> int | None:
        """The term's number in the field (binary search over the sorted terms), or None."""
        ends, text_at, m = f["ends"], self._text_at[field], self._map
        lo, hi = 0, len(ends)
        while lo < hi:  # the first term >= `term`
            mid = (lo + hi) // 2
            start = int(ends[mid - 1]) if mid else 0
            if m[text_at + start:text_at + int(ends[mid])] < term:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(ends):
            return None
        start = int(ends[lo - 1]) if lo else 0
        if m[text_at + start:text_at + int(ends[lo])] != term:
            return None
        return lo

    def positions(self, field: str, term: bytes, candidates: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray] | None:
        """The term's positions in the candidate documents (sorted): (documents, positions),
        one entry per occurrence; None if the field's positions are not in the file."""
        f = self._fields.get(field)
        if f is None or "positions" not in f:
            return None
        t = self._find(f, field, term)
        if t is None:
            return np.zeros(0, np.int32), np.zeros(0, np.int64)
        a, b = self._read(f["starts"], t, t + 2).tolist()
        ids = self._read(f["ids"], a, b)
        where = np.searchsorted(candidates, ids)
        inside = where < len(candidates)
        inside[inside] = candidates[where[inside]] == ids[inside]
        hits = np.flatnonzero(inside)
        counts = self._read(f["npos"], a, b).astype(np.int64)
        first = np.concatenate(([0], np.cumsum(counts)[:-1]))
        n = counts[hits]
        at = np.arange(int(n.sum())) + np.repeat(first[hits] - (np.cumsum(n) - n), n)
        positions = self._read(f["positions"], *self._read(f["pstarts"], t, t + 2).tolist())
        return np.repeat(ids[hits], n), positions[at].astype(np.int64)


_lock = threading.Lock()
_open: dict[str, Arrays | None] = {}  # file path -> its arrays (None: no such file)


def arrays(reader) -> Arrays | None:
    """The postings arrays of a segment reader's segment, or None if it has none."""
    segment = reader.segment()
    folder = getattr(getattr(reader, "_storage", None), "folder", None)
    if segment is None or folder is None:
        return None
    path = os.path.join(folder, segment.make_filename(EXT))
    found = _open.get(path, False)
    if found is False:
        try:
            found = Arrays(path)
        except (OSError, ValueError):
            found = None
        with _lock:
            _open[path] = found
    return found


def forget(folder: str, keep: set[str]) -> None:
    """Close the files of a folder's segments that are gone (`keep`: the live file names), and
    those of index generations a rebuild has deleted."""
    with _lock:
        for path in [p for p in _open if os.path.dirname(p) == folder
                     and os.path.basename(p) not in keep
                     or not os.path.isdir(os.path.dirname(p))]:
            del _open[path]
