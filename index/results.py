"""What a search gives back, and what a sync did: engine-neutral types (no Whoosh here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from index import kinds
from index.request import SearchRequest

SUGGEST_BELOW = 5  # "did you mean" is looked for when a search finds fewer articles than this

@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    title_html: str
    published: date | None
    source: str
    outlet: str | None
    people: tuple[str, ...]
    outlets: tuple[str, ...]
    snippet: str
    score: float | None
    group: str = ""
    publisher: str | None = None
    cites: tuple[str, ...] = ()
    # With collapse: how many near-duplicates of this hit the archive holds.
    duplicates: int = 0

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "outlet": self.outlet,
            "people": list(self.people),
            "outlets": list(self.outlets),
            "publisher": self.publisher,
            "cites": list(self.cites),
            "snippet": self.snippet,
            "score": round(self.score, 4) if self.score is not None else None,
            "group": self.group,
            "duplicates": self.duplicates,
        }


@dataclass(frozen=True)
class FacetValue:
    value: str | int
    count: int
    selected: bool = False

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count, "selected": self.selected}


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    understood: str = ""  # the query as it ran, operators spelled out (index.reading)
    operators: str | None = None  # the query with its lowercase and/or/not as operators
    corrected_from: str | None = None  # what was typed, when these are a suggestion's results

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def to_dict(self) -> dict:
        return {
            "query": self.request.q,
            "total": self.total,
            "page": self.request.page,
            "pages": self.pages,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {
                name: [v.to_dict() for v in values] for name, values in self.facets.items()
            },
            "suggestion": self.suggestion,
            "understood": self.understood,
            "operators": self.operators,
            "corrected_from": self.corrected_from,
        }


@dataclass
class SyncReport:
    """What one sync of the index with the store did."""

    added: int = 0
    deleted: int = 0
    full: bool = False
    seconds: float = 0.0
    upgraded: bool = False  # rebuilt because the index lacked a field this version writes
    reason: str = ""  # why a rebuild was needed, when it was not asked for


def facet_values(kind: kinds.FacetKind, counts: dict, request: SearchRequest
                 ) -> list[FacetValue]:
    """One facet's values from its counts (value -> articles), as a result lists them.

    Names: the most frequent first (ties by name), `request.facet_limit` of them, and every
    value the request chose even when it is not among those. Years and months: in order.
    """
    if kind.names:
        chosen = set(kind.chosen(request))
        items = sorted(((v, c) for v, c in counts.items() if v),
                       key=lambda vc: (-vc[1], vc[0].lower()))
        top = items[: request.facet_limit]
        shown = {v for v, _ in top}
        top += [(v, counts.get(v, 0)) for v in sorted(chosen - shown)]
        return [FacetValue(v, c, v in chosen) for v, c in top]
    chosen_years = set(request.mentioned) if kind is kinds.MENTIONED_YEAR else set()
    return [FacetValue(v, c, v in chosen_years) for v, c in sorted(counts.items())]
