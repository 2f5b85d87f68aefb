"""The article model: what every part of the archive passes around."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

ENTITY_TYPES = ("person", "outlet", "date")


@dataclass(frozen=True)
class Entity:
    """One extracted value and the evidence for it: where in the body it was found.

    `start` and `end` are character offsets into the article body; -1 when the
    value came from elsewhere (the title, or the input's metadata).
    """

    type: str
    value: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "value": self.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Entity:
        return cls(d["type"], d["value"], d["text"], int(d["start"]), int(d["end"]))


@dataclass(frozen=True)
class Document:
    """What a reader hands on: one article as found in a file, before extraction.

    `source` is what users see (the file name); `origin` says exactly where it came
    from (the absolute path, plus "#N" for the Nth record of a multi-record file), so
    that re-reading an edited file updates its article instead of adding another.
    """

    title: str
    body: str
    source: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class Article:
    """A stored article with the facets extracted from it.

    `mentioned` holds the dates the text mentions, as ISO strings at the
    precision the text gives: "2021", "2021-02" or "2021-02-14".
    """

    id: str
    title: str
    body: str
    source: str
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    origin: str = ""
    people: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = field(default=(), compare=False)
    # The id of the first article of its near-duplicate group (its own id if none).
    group: str = field(default="", compare=False)

    @property
    def publisher(self) -> str | None:
        """The outlet that published the article: the input's metadata (or its URL's site),
        else a dateline at the top of the body ("(CNN)", "MOSCOW, February 7. /TASS/.")."""
        named = [e for e in self.entities if e.type == "outlet" and e.start < 0]
        if named:
            return named[0].value
        if self.outlet:
            return self.outlet
        dateline = next((e for e in self.entities if _is_dateline(self.body, e)), None)
        return dateline.value if dateline else None

    @property
    def cites(self) -> tuple[str, ...]:
        """The outlets the article's text names (a dateline is the publisher, not a source)."""
        return tuple(dict.fromkeys(
            e.value for e in self.entities
            if e.type == "outlet" and e.start >= 0 and not _is_dateline(self.body, e)))

    @property
    def mentioned_years(self) -> tuple[int, ...]:
        return tuple(sorted({int(d[:4]) for d in self.mentioned}))

    def to_dict(self, body: bool = True) -> dict:
        d = {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "author": self.author,
            "people": list(self.people),
            "outlets": list(self.outlets),
            "publisher": self.publisher,
            "cites": list(self.cites),
            "mentioned": list(self.mentioned),
            "group": self.group or self.id,
        }
        if body:
            d["body"] = self.body
            d["entities"] = [e.to_dict() for e in self.entities]
        return d


_SPACE = re.compile(r"\s+")
# "(CNN)Iran's ...", "MOSCOW, February 7. /TASS/. In ...", "LONDON (Reuters) - ..."
# A place in brackets may follow the city: "KUMERTAU (Bashkiria), March 30. /TASS/."
_DATELINE_BEFORE = re.compile(r"^[A-Z][A-Za-z ,.\d'()-]{0,80}?[(/]$|^[(/]$")
_DATELINE_AFTER = re.compile(r"^[)/]")
# A dateline further in, where an export put the lead paragraph before it:
# "... Putin said MOSCOW, February 23. /TASS/. Russia will ...", "... BEIJING (Reuters) - ..."
_CITY = r"[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}"
_DATELINE_INSIDE = re.compile(rf"(?:^|[\s.\"'])(?:{_CITY}, [A-Z][a-z]+ \d{{1,2}}\. /|{_CITY} \()$")


def _is_dateline(body: str, e: Entity) -> bool:
    if e.type != "outlet" or e.start < 0 or not _DATELINE_AFTER.match(body[e.end:e.end + 1]):
        return False
    if e.start < 90 and _DATELINE_BEFORE.match(body[:e.start].lstrip()):
        return True
    return bool(_DATELINE_INSIDE.search(body[max(0, e.start - 60):e.start]))


def normalise_text(text: str) -> str:
    """Fold the differences that do not make a different article: Unicode form and spacing."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(title: str, body: str) -> str:
    """Return a stable id from the normalised content, so the same article always gets it."""
    content = normalise_text(title) + "\n" + normalise_text(body)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
