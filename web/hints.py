"""The search box's placeholder, made from the archive at hand rather than a fixed example."""

from __future__ import annotations

GENERIC = 'words, "a phrase", title:word, person:"Name"'


def placeholder(result) -> str:
    """Examples from the facets of the page's search: its most frequent person and outlet."""
    people = [v.value for v in result.facets.get("people", []) if '"' not in v.value]
    outlets = [v.value for v in result.facets.get("outlets", []) if '"' not in v.value]
    if not people and not outlets:
        return GENERIC
    parts = ['words, "a phrase"']
    if people:
        parts.append(f'person:"{people[0]}"')
    if outlets:
        parts.append(f'outlet:"{outlets[0]}"')
    return ", ".join(parts)
