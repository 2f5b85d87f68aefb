"""Extract the facets (people, outlets, dates) from an article's own text.

`extract()` is the one entry point the rest of the archive calls. Every value
comes with its evidence: an Entity with offsets into the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from archive.model import Entity


@dataclass(frozen=True)
class Extraction:
    people: tuple[str, ...]
    outlets: tuple[str, ...]
    mentioned: tuple[str, ...]
    entities: tuple[Entity, ...]


# Minimal first version: capitalised name pairs, a few outlets, explicit years.
_NAME = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)+)\b")
_OUTLETS = ("E! News", "TMZ", "People", "In Touch", "Us Weekly", "Complex")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def extract(
    title: str,
    body: str,
    published: date | None = None,
    publisher: str | None = None,
    corrections: object | None = None,
) -> Extraction:
    """Return the people, outlets and dates the article mentions, with evidence."""
    entities: list[Entity] = []
    for m in _NAME.finditer(body):
        entities.append(Entity("person", m.group(1), m.group(1), m.start(1), m.end(1)))
    for name in _OUTLETS:
        for m in re.finditer(re.escape(name), body):
            entities.append(Entity("outlet", name, m.group(0), m.start(), m.end()))
    if publisher:
        entities.append(Entity("outlet", publisher, publisher, -1, -1))
    for m in _YEAR.finditer(body):
        entities.append(Entity("date", m.group(1), m.group(1), m.start(1), m.end(1)))
    entities.sort(key=lambda e: (e.start, e.type))

    def values(kind: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.value for e in entities if e.type == kind))

    return Extraction(values("person"), values("outlet"), values("date"), tuple(entities))
