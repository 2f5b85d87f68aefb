"""Find the indexed spelling of a person or outlet name, whatever its case.

Filters and `person:` terms match names case-insensitively. Looking an unknown name up by
reading the field's whole lexicon cost a scan of every name for each value (200 unknown
`person=` values: 48 s). The index's cache (caches.py) gets one table per field from folded
name to indexed name, built on the first lookup that needs it (and dropped when the index
changes); then a lookup is a dictionary's. The people's table also holds the names only the
people overlay has (overlay.py: a correction's new name is in no segment's lexicon), and is
made again when the overlay changes.
"""

from __future__ import annotations

from index.whoosh_backend import overlay
from index.whoosh_backend.caches import IndexCaches


def canonical(c: IndexCaches, searcher, field: str, value: str) -> str:
    """Return the indexed spelling of `value` in `field` (people, outlets), or `value`.

    Kept on the searcher, by the overlay's version: a search with a filter asks for each of
    its names once for each facet counted apart (Whoosh looks a name up in every segment)."""
    if searcher is None:
        return value
    known = searcher.__dict__.setdefault("_news_archive_names", {})
    key = (field, value, c.overlay.version)
    found = known.get(key)
    if found is None:
        if len(known) >= 10_000:  # a server's searcher lives long: bound what it keeps
            known.clear()
        found = known[key] = _canonical(c, searcher, field, value)
    return found


def _canonical(c: IndexCaches, searcher, field: str, value: str) -> str:
    if searcher.doc_frequency(field, value):
        return value
    if field == overlay.FIELD and value in c.overlay.names:
        return value
    return _table(c, searcher, field).get(value.casefold(), value)


def _table(c: IndexCaches, searcher, field: str) -> dict[str, str]:
    table = c.names.get(field)
    if table is None:
        table = {}
        for term in searcher.lexicon(field):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            table.setdefault(text.casefold(), text)  # the first in the lexicon's order wins
        if field == overlay.FIELD:
            for name in sorted(c.overlay.names):
                table.setdefault(name.casefold(), name)
        with c.lock:
            c.names[field] = table
    return table
