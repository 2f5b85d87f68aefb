"""Find the indexed spelling of a person or outlet name, whatever its case.

Filters and `person:` terms match names case-insensitively. Looking an unknown name up by
reading the field's whole lexicon cost a scan of every name for each value (200 unknown
`person=` values: 48 s). Each open searcher gets one table from folded name to indexed
name, built on the first lookup that needs it; then a lookup is a dictionary's.
"""

from __future__ import annotations

import threading
import weakref

_tables: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # searcher -> field -> table
_lock = threading.Lock()


def canonical(searcher, field: str, value: str) -> str:
    """Return the indexed spelling of `value` in `field` (people, outlets), or `value`."""
    if searcher is None or searcher.doc_frequency(field, value):
        return value
    return _table(searcher, field).get(value.casefold(), value)


def _table(searcher, field: str) -> dict[str, str]:
    by_field = _tables.get(searcher)
    if by_field is None:
        with _lock:
            by_field = _tables.setdefault(searcher, {})
    table = by_field.get(field)
    if table is None:
        table = {}
        for term in searcher.lexicon(field):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            table.setdefault(text.casefold(), text)  # the first in the lexicon's order wins
        by_field[field] = table
    return table
