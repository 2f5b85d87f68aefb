"""Each segment's postings also as plain arrays, written beside it, read without unpickling.

The codec that writes them (`ArrayCodec`) subclasses whoosh3's own, so it lives in
`internals`; this module reads and writes the file.

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

import numpy as np

from index.whoosh_backend import internals

EXT = ".arr"
MAGIC = b"NAP1"


def write(storage, segment, fields: dict[str, dict]) -> None:
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
        """The term's number in the field, or None: remembered, as a phrase search asks for a
        word's postings and then its positions (the search is in Python, 20 microseconds)."""
        known = self.__dict__.setdefault("_found", {})
        key = (field, term)
        found = known.get(key, -1)
        if found == -1:
            if len(known) >= 50_000:
                known.clear()
            found = known[key] = self._search(f, field, term)
        return found

    def _search(self, f: dict, field: str, term: bytes) -> int | None:
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

    def lookup(self, field: str, terms: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """Every posting of many terms at once: (each posting's term, as its place in `terms`;
        its document). For finding the documents of a thousand article ids (one term each),
        a search over the field's terms as one array rather than a binary search in Python
        for each."""
        f = self._fields.get(field)
        if f is None or not len(f["ends"]) or not terms:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        ends = f["ends"]
        n = len(ends)
        size = int(ends[0])
        if size and int(ends[-1]) == size * n:  # every term the same length (article ids)
            known = np.frombuffer(self._map, np.dtype(f"S{size}"), count=n,
                                  offset=self._text_at[field])
            asked = np.array([t if len(t) == size else b"" for t in terms], np.dtype(f"S{size}"))
            at = np.minimum(np.searchsorted(known, asked), n - 1)
            hit = (known[at] == asked) & (asked != b"")
            which, at = np.flatnonzero(hit), at[hit]
        else:
            places = [self._find(f, field, t) for t in terms]
            which = np.asarray([i for i, t in enumerate(places) if t is not None], np.int64)
            at = np.asarray([t for t in places if t is not None], np.int64)
        starts = self._read(f["starts"], 0, n + 1)
        counts = starts[at + 1] - starts[at]
        ids = self._read(f["ids"], 0, int(starts[-1]))
        first = np.repeat(starts[at] - (np.cumsum(counts) - counts), counts)
        return np.repeat(which, counts), ids[np.arange(int(counts.sum())) + first]

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


def arrays_path(reader) -> str | None:
    """Where a segment reader's arrays file would be, or None if it cannot be told.

    Kept on the reader: a phrase search asks for it for each word of each segment (20,000
    path joins in 45 phrase searches at 100,000 articles)."""
    known = reader.__dict__.get("_news_archive_arrays", False)
    if known is not False:
        return known
    segment = reader.segment()
    folder = internals.segment_folder(reader)
    path = None if segment is None or folder is None \
        else os.path.join(folder, segment.make_filename(EXT))
    reader.__dict__["_news_archive_arrays"] = path
    return path


def open_arrays(path: str) -> Arrays | None:
    """The arrays file at `path`, mapped; None if there is none (or it is not one)."""
    try:
        return Arrays(path)
    except (OSError, ValueError):
        return None


def arrays(reader) -> Arrays | None:
    """A segment reader's arrays file, opened anew (searches use their index's cached copy)."""
    path = arrays_path(reader)
    return None if path is None else open_arrays(path)
