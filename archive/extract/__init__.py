"""Extract the facets (people, outlets, dates) from an article's own text.

`extract()` is the one entry point the rest of the archive calls. Every value
comes with its evidence: an Entity with offsets into the body (-1 when it came
from the title or the metadata).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from archive.extract.corrections import Corrections
from archive.extract.dates import extract_dates
from archive.extract.outlets import extract_outlets, outlet_from_url
from archive.extract.people import extract_people
from archive.model import Entity

__all__ = ["Corrections", "Extraction", "extract", "outlet_from_url", "warm"]


def warm() -> None:
    """Load the word lists and build the patterns now (before forking extraction workers)."""
    extract("Warm Up", "Kim Kardashian told People on May 1, 2020 that TMZ was wrong.",
            date(2021, 1, 1))


@dataclass(frozen=True)
class Extraction:
    people: tuple[str, ...]
    outlets: tuple[str, ...]
    mentioned: tuple[str, ...]
    entities: tuple[Entity, ...]


def extract(
    title: str,
    body: str,
    published: date | None = None,
    publisher: str | None = None,
    corrections: object | None = None,
) -> Extraction:
    """Return the people, outlets and dates the article mentions, with evidence."""
    people = extract_people(title, body)
    spans = [(e.start, e.end) for e in people if e.start >= 0]
    outlets = extract_outlets(body, publisher, spans)
    # "newspaper El Espectador ... El Espectador's office": an outlet's name is no person's.
    named = {e.text for e in outlets}
    people = [e for e in people if e.value not in named]
    # A date in the headline ("Beyonce performs at Grammy Awards 2017") counts, evidence -1.
    headline = [Entity("date", e.value, e.text, -1, -1) for e in extract_dates(title, published)]
    entities = people + outlets + headline + extract_dates(body, published)
    if isinstance(corrections, Corrections):
        entities = corrections.apply(title, body, entities)
    entities.sort(key=lambda e: (e.start, e.type))

    def values(kind: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.value for e in entities if e.type == kind))

    return Extraction(values("person"), values("outlet"), values("date"), tuple(entities))
