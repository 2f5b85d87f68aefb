"""Each segment's postings also as plain arrays, written beside it, read without unpickling.

whoosh3 stores a term's postings in blocks, each a zlib-compressed pickle of the
block's document numbers, weights and positions together: reading which articles
hold a common word meant decompressing and unpickling its positions too, once per
segment (a quarter of a millisecond each; a two-word query at 100,000 articles
reads about a hundred). While Whoosh writes a segment, `ArrayCodec` keeps each
block's document numbers and weights as they go to disk, and at the end writes them
to one more segment file (`<segment>.arr`): every term of every field in order, its
documents (int32) and weights (float32). Whoosh deletes the file with its segment.

A search maps the file and finds a term by binary search over the sorted terms:
its postings are a slice of the mapped arrays, with no copy. A segment without the
file (an index written before it existed) is read through Whoosh as before.

File layout: b"NAP1", the header's length (4 bytes, little-endian), a JSON header
naming each field's arrays (offset, dtype, count), then the arrays, 8-byte aligned.
For a field: `ends` (int64, the end of each term in `text`), `text` (the terms'
bytes one after another), `starts` (int64, where each term's postings start; one
more entry at the end), `ids` (int32) and `weights` (float32).
"""

from __future__ import annotations

import json
import mmap
import os
import threading

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter, W3Segment

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
    """Keeps each block's document numbers and weights (as bytes) as it writes the block."""

    def __init__(self, *args, sink: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sink = sink

    def _write_block(self, last=False):
        if self.sink is not None:
            self.sink.append((self._ids.tobytes(), self._weights.tobytes(), len(self._ids)))
        super()._write_block(last)

    def finish_postings(self):
        if self.sink is not None and not self.written() and len(self) < self._inlinelimit:
            # Inlined into the term info: no block is written, keep them here.
            self.sink.append((self._ids.tobytes(), self._weights.tobytes(), len(self._ids)))
        return super().finish_postings()


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
        self._current = self._fields.setdefault(
            fieldname, {"terms": [], "counts": [], "ids": [], "weights": []})

    def finish_term(self):
        super().finish_term()
        f = self._current
        f["terms"].append(self._btext)
        f["counts"].append(sum(n for _, _, n in self._blocks))
        f["ids"] += [i for i, _, _ in self._blocks]
        f["weights"] += [w for _, w, _ in self._blocks]
        self._blocks.clear()

    def close(self):
        super().close()
        _write(self._storage, self._segment, self._fields)


def _write(storage, segment, fields: dict[str, dict]) -> None:
    arrays: list[tuple[str, str, np.ndarray]] = []
    for name, f in sorted(fields.items()):
        lengths = np.fromiter((len(t) for t in f["terms"]), np.int64, count=len(f["terms"]))
        counts = np.asarray(f["counts"], np.int64)
        arrays += [
            (name, "ends", np.cumsum(lengths)),
            (name, "text", np.frombuffer(b"".join(f["terms"]), np.uint8)),
            (name, "starts", np.concatenate(([0], np.cumsum(counts))).astype(np.int64)),
            (name, "ids", np.frombuffer(b"".join(f["ids"]), np.uint32).view(np.int32)),
            (name, "weights", np.frombuffer(b"".join(f["weights"]), np.float32)),
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


class Arrays:
    """One segment's postings file, mapped: `get(field, term)` returns (ids, weights)."""

    def __init__(self, path: str):
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if self._map[:4] != MAGIC:
            raise ValueError(f"{path}: not a postings arrays file")
        size = int.from_bytes(self._map[4:8], "little")
        header = json.loads(self._map[8:8 + size])
        base = 8 + size + (-(8 + size) % 8)
        self._fields = {
            name: {part: np.frombuffer(self._map, np.dtype(dt), count=n, offset=base + off)
                   for part, (off, dt, n) in parts.items()}
            for name, parts in header.items()
        }
        self._text_at = {name: base + parts["text"][0] for name, parts in header.items()}

    def get(self, field: str, term: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """The term's document numbers and weights; None if the field has no such term."""
        f = self._fields.get(field)
        if f is None:
            return None
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
        a, b = int(f["starts"][lo]), int(f["starts"][lo + 1])
        return f["ids"][a:b], f["weights"][a:b]


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
    """Unmap the files of a folder's segments that are gone (`keep`: the live file names)."""
    with _lock:
        for path in [p for p in _open if os.path.dirname(p) == folder
                     and os.path.basename(p) not in keep]:
            del _open[path]
