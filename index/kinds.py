"""The facets, defined once: each knows its URL parameter, index field, label and filter.

The search engine counts them, the web app and the CLI show them and build their filters by
looping over `FACETS`; nothing else spells the list out. Engine-neutral: no Whoosh here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass


@dataclass(frozen=True)
class FacetKind:
    name: str  # the facet's key in a result, and the index field counted for it
    label: str  # as the search page heads it
    filter: str  # the filter its own selection lives in (left out when counting it)
    param: str = ""  # the URL argument and CLI option naming chosen values ("" for none)
    attr: str = ""  # the SearchRequest attribute holding the chosen values
    chip: str = ""  # how a chosen value is named in the filters in force: "Person: …"
    names: bool = False  # values are names (people, outlets), not years or months
    listed: bool = False  # shown as a list of values on the search page and its own page
    help: str = ""  # what filtering on it does, as the CLI's option says
    summary: bool = False  # counted in the CLI's facet summary under a search

    def chosen(self, request) -> tuple:
        """The values the request chose for this facet's filter."""
        if self.filter == "published":
            return tuple(d for d in (request.date_from, request.date_to) if d)
        return getattr(request, self.attr)

    def selected(self, request) -> bool:
        """Tell whether the request filters on this facet (its counts are then taken apart)."""
        return bool(self.chosen(request))

    def show(self, value) -> str:
        """The value as a person reads it ("Mar 2017" for the month 201703)."""
        if self.name == "published_month":
            year, month = month_of(value)
            return f"{calendar.month_abbr[month]} {year}"
        return str(value)


# Names: OR within one facet, AND across facets. "outlets" (publisher and cited together)
# stays a filter (`outlet=`) for links made before the two were split, but is not listed.
PEOPLE = FacetKind("people", "People", "people", "person", "people", "Person", True, True,
                   "Only articles mentioning this person.", True)
OUTLETS = FacetKind("outlets", "Outlets", "outlets", "outlet", "outlets", "Outlet", True,
                    help="Only articles published by or citing this outlet.")
PUBLISHER = FacetKind("publisher", "Published by", "publisher", "publisher", "publishers",
                      "Published by", True, True,
                      "Only articles published by this outlet (metadata, URL or dateline).", True)
CITES = FacetKind("cites", "Cites", "cites", "cites", "cites", "Cites", True, True,
                  "Only articles whose text names this outlet.", True)
PUBLISHED_YEAR = FacetKind("published_year", "Published", "published", summary=True)
PUBLISHED_MONTH = FacetKind("published_month", "Published by month", "published")
MENTIONED_YEAR = FacetKind("mentioned_year", "Mentions", "mentioned_year", "mentioned",
                           "mentioned", "Mentions", summary=True)

FACETS = (PEOPLE, OUTLETS, PUBLISHER, CITES, PUBLISHED_YEAR, PUBLISHED_MONTH, MENTIONED_YEAR)
BY_NAME = {kind.name: kind for kind in FACETS}
NAMES = tuple(kind for kind in FACETS if kind.names)
LISTED = tuple(kind for kind in FACETS if kind.listed)
# What a query may write before a name, `person:"Kim Kardashian"`, and the facet it means.
QUERY_PREFIXES = {"person": "people", "people": "people", "outlet": "outlets",
                  "outlets": "outlets", "publisher": "publisher", "cites": "cites"}


def month_value(year: int, month: int) -> int:
    """The month facet's value for a month: 201703 for March 2017."""
    return year * 100 + month


def month_of(value: int) -> tuple[int, int]:
    """The (year, month) of a month facet's value."""
    return divmod(int(value), 100)


def name_filters(request) -> list[tuple[str, tuple[str, ...]]]:
    """Each name facet with the request's chosen values for it."""
    return [(kind.name, kind.chosen(request)) for kind in NAMES]


def counting_plan(request, present) -> list[tuple[str | None, list[FacetKind]]]:
    """How to count a request's facets: (the filter to leave out, the facets counted so).

    Facets with no selection of their own are counted under every filter (None). A facet
    with one is counted again without its own filter, so the values of one facet combine
    with OR and each count says what choosing that value would add. `present`: the facet
    kinds the index has (older indexes lack some)."""
    plain = [k for k in present if not k.selected(request)]
    plan: list[tuple[str | None, list[FacetKind]]] = [(None, plain)]
    plan += [(k.filter, [k]) for k in present if k.selected(request)]
    return plan
