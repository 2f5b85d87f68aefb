"""Extract the facets (people, outlets, dates) from an article's own text.

`extract()` is the one entry point the rest of the archive calls. Every value
comes with its evidence: an Entity with offsets into the body (-1 when it came
from the title or the metadata).
"""

from __future__ import annotations

import signal
import threading
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
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


TIME_LIMIT = 60.0  # seconds one document's extraction may take (linear: 5 MB takes about 13)


@dataclass(frozen=True)
class Extraction:
    people: tuple[str, ...]
    outlets: tuple[str, ...]
    mentioned: tuple[str, ...]
    entities: tuple[Entity, ...]
    stopped: bool = False  # the time limit stopped it: nothing was taken from the text


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise _TooSlow in the block after `seconds` (a timer signal, which also stops a regular
    expression midway). Only in a process's main thread, and only where nothing else uses
    SIGALRM; elsewhere (the web server's threads) there is no limit."""
    if not seconds or threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None):
        yield
        return

    def stop(signum, frame):
        raise _TooSlow

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def extract(
    title: str,
    body: str,
    published: date | None = None,
    publisher: str | None = None,
    corrections: object | None = None,
    time_limit: float | None = None,
) -> Extraction:
    """Return the people, outlets and dates the article mentions, with evidence.

    With `time_limit`, a text that takes longer gives only its publisher (from the metadata)
    and `stopped`: the article is still stored, and the caller says so."""
    try:
        with _time_limit(time_limit):
            return _extract(title, body, published, publisher, corrections)
    except _TooSlow:
        outlets = (publisher,) if publisher else ()
        return Extraction((), outlets, (), tuple(Entity("outlet", o, o, -1, -1) for o in outlets),
                          stopped=True)


def _extract(title: str, body: str, published: date | None, publisher: str | None,
             corrections: object | None) -> Extraction:
    people = extract_people(title, body)
    spans = [(e.start, e.end) for e in people if e.start >= 0]
    outlets = extract_outlets(body, publisher, spans)
    # "newspaper El Espectador ... El Espectador's office": an outlet's name is no person's.
    named = {e.text for e in outlets}
    starts = [o.start for o in outlets]  # sorted
    people = [e for e in people if e.value not in named and not _inside(e, outlets, starts)]
    # A date in the headline ("Beyonce performs at Grammy Awards 2017") counts, evidence -1.
    headline = [Entity("date", e.value, e.text, -1, -1) for e in extract_dates(title, published)]
    entities = people + outlets + headline + extract_dates(body, published)
    if isinstance(corrections, Corrections):
        entities = corrections.apply(title, body, entities)
    entities.sort(key=lambda e: (e.start, e.type))

    def values(kind: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.value for e in entities if e.type == kind))

    return Extraction(values("person"), values("outlet"), values("date"), tuple(entities))


def _inside(person: Entity, outlets: list[Entity], starts: list[int]) -> bool:
    """Whether a person's mention lies within an outlet's name ("Today with Sean O'Rourke"):
    the programme is named, not the man. `outlets` are sorted by start (`starts`) and do not
    overlap."""
    if person.start < 0:
        return False
    i = bisect_right(starts, person.start) - 1
    return i >= 0 and outlets[i].start >= 0 and outlets[i].end >= person.end
