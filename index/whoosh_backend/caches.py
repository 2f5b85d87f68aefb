"""What searches of one index generation read once and keep, owned in one place.

Segments never change once written, so what is read from them is kept for the next query:
each facet field's (document, value) table, the tables joined over all segments, the
publication days, the field lengths, terms' postings (up to 32 MB, least recently used
first out), the matches Whoosh found for queries it matched, the open arrays files, the
folded-name lookup tables, and the people overlay (overlay.py) as last read with what is
derived from its version. An IndexCaches holds all of that for one generation folder; the
backend (index/whoosh_backend/__init__.py) keeps one per open index, and `forget` drops
what belongs to segments a merge or a rebuild has removed.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from index.whoosh_backend import postings as arrays_file

EMPTY = np.zeros(0, np.int32)
NO_WEIGHTS = np.zeros(0, np.float32)
POSTINGS_CACHE_BYTES = 32 * 2**20


def segment_id(reader) -> str:
    """A segment reader's segment id, kept on the segment: Whoosh's segment_id() looks for an
    attribute it does not have first (70,000 calls in 60 term searches at 100,000 articles)."""
    segment = reader.segment()
    found = segment.__dict__.get("_news_archive_id")
    if found is None:
        found = segment.__dict__["_news_archive_id"] = segment.segment_id()
    return found


class Interner:
    """Give every facet value a small integer id, the same in every segment."""

    def __init__(self) -> None:
        self.values: list = []
        self._ids: dict | None = {}

    @property
    def ids(self) -> dict:
        """Each value's id (made when first asked for, after `adopt`)."""
        if self._ids is None:
            self._ids = {v: i for i, v in enumerate(self.values)}
        return self._ids

    def id(self, value) -> int:
        found = self.ids.get(value)
        if found is None:
            found = self._ids[value] = len(self.values)
            self.values.append(value)
        return found

    def adopt(self, values: list) -> None:
        """Take a numbering of distinct values as it is (the interner must be empty): a
        search that filters on no value never needs the lookup by value."""
        assert not self.values
        self.values, self._ids = values, None


class IndexCaches:
    def __init__(self, key: str):
        self.key = key  # the index generation's folder
        self.lock = threading.Lock()
        self.interner = Interner()
        self.tables: dict[tuple, object] = {}  # (segment id, field) -> facets._Table
        self.whole: dict[tuple, object] = {}  # (segment ids, field) -> facets._Whole
        self.days: dict[str, np.ndarray] = {}  # segment id -> day numbers
        self.lengths: dict[tuple, np.ndarray] = {}  # (segment id, field) -> field lengths
        self.deleted: dict[tuple, np.ndarray] = {}  # (segment id, number deleted) -> mask
        self.slow: dict[tuple, np.ndarray] = {}  # (segment, live docs, query) -> matches
        # (segment, field, term) -> (document numbers, weights), the most recently used last.
        self.postings: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self.postings_bytes = 0
        self.arrays: dict[str, object] = {}  # arrays file path -> Arrays (None: no file)
        self.names: dict[str, dict[str, str]] = {}  # field -> folded name -> indexed name
        # The people overlay (overlay.py) as last read, the stat of its file, and what is
        # derived from its version: (version, segment) -> overlaid documents, and
        # (version, segment, term) -> patched postings (term None: the segment's change of
        # people lengths, "lengths": its patched lengths; (version, segment ids, "whole"):
        # the joined people table).
        from index.whoosh_backend.overlay import NONE  # it imports this module

        self.overlay = NONE
        self.overlay_stamp: tuple | None = None
        self.placed: dict[tuple, object] = {}
        self.patched: dict[tuple, object] = {}

    def arrays_of(self, reader):
        """The postings arrays of a segment reader's segment, or None if it has none."""
        path = arrays_file.arrays_path(reader)
        if path is None:
            return None
        found = self.arrays.get(path, False)
        if found is False:
            found = arrays_file.open_arrays(path)
            with self.lock:
                self.arrays[path] = found
        return found

    def remember_postings(self, key: tuple, found: tuple[np.ndarray, np.ndarray]) -> None:
        with self.lock:
            if key in self.postings:
                return
            self.postings[key] = found
            self.postings_bytes += found[0].nbytes + found[1].nbytes
            while self.postings_bytes > POSTINGS_CACHE_BYTES and len(self.postings) > 1:
                _, (i, w) = self.postings.popitem(last=False)
                self.postings_bytes -= i.nbytes + w.nbytes

    def forget(self, searcher) -> None:
        """Drop what belongs to segments the searcher no longer has (merged away), and the
        name tables (the lexicon may have grown); delete their saved facet tables."""
        from index.whoosh_backend.facets import whole_file
        from index.whoosh_backend.segments import leaves, mask_key

        readers = [leaf.reader() for leaf in leaves(searcher)]
        keep = {segment_id(r) for r in readers}
        masks = {mask_key(r) for r in readers}
        with self.lock:
            for segid in [k for k in self.days if k not in keep]:
                del self.days[segid]
            for key in [k for k in self.deleted if k not in masks]:
                del self.deleted[key]  # gone, or more documents deleted since
            for cache in (self.lengths, self.tables):
                for key in [k for k in cache if k[0] not in keep]:
                    del cache[key]
            for cache in (self.placed, self.patched):
                for key in [k for k in cache if k[1] not in keep]:
                    del cache[key]
            files = {f"{segid}{arrays_file.EXT}" for segid in keep}
            for path in [p for p in self.arrays if os.path.basename(p) not in files]:
                del self.arrays[path]
            self.names.clear()
        whole = whole_file(self.key, [segment_id(r) for r in readers]).name
        for path in Path(self.key).glob("facets-*"):
            part = path.name.split("-")[1]
            if (part == "whole" and path.name != whole) or (part != "whole" and part not in keep) \
                    or path.suffix == ".json":
                path.unlink(missing_ok=True)  # (.json: the format before 2026-11-23's)

    def clear(self) -> None:
        """Forget the postings and matches read so far (for measurements)."""
        with self.lock:
            self.postings.clear()
            self.slow.clear()
            self.postings_bytes = 0
