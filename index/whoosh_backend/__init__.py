"""The Whoosh backend: the only code in the archive that imports Whoosh.

- `writing`: syncs the index with the store's change log, rebuilds it beside the live one.
- `searching`: parses (`query`, `bounds`), ranks (`ranking`), counts facets (`facets`), cuts
  snippets (`highlight`), suggests spellings (`spelling`).
- `schema`, `postings`: the fields, and each segment's postings also written as arrays.
- `segments`, `matching`: what is read from each segment once, and which articles match.
- `overlay`: people corrected since their documents were written, which every read of the
  people field applies (a correction rewrites no document).
- `caches`, `held`: what searches keep between queries, per open index, and each thread's
  searchers, owned in one place.
- `damage`: a damaged index named as such.
- `internals`: every use of a private Whoosh name, checked against the whoosh3 version it
  was written for.
"""

from __future__ import annotations

from pathlib import Path

from index.results import SyncReport


class WhooshBackend:
    name = "whoosh"

    def sync(self, store, data_dir: Path, full: bool = False) -> SyncReport:
        from index.whoosh_backend import writing

        return writing.sync(store, data_dir, full)

    def doc_count(self, data_dir: Path) -> int:
        from index.whoosh_backend import writing

        return writing.doc_count(data_dir)

    def searcher(self, data_dir: Path, bodies, spans=None):
        from index.whoosh_backend.searching import Searcher

        return Searcher(data_dir, bodies, spans)


BACKEND = WhooshBackend()
