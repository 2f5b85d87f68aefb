"""What a user asks for: the search request, engine-neutral (no Whoosh here)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from index import kinds
from index.errors import QueryError

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE = 100_000
MAX_PER_PAGE = 100
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_YES = ("", "0", "false", "no")


@dataclass(frozen=True)
class SearchRequest:
    """A search: the query text, facet filters, sort order and page.

    Filters on one facet combine with OR, different facets with AND. Dates are
    "YYYY", "YYYY-MM" or "YYYY-MM-DD"; `date_to` includes its whole period.
    """

    q: str = ""
    people: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    mentioned: tuple[int, ...] = ()
    publishers: tuple[str, ...] = ()  # published by (metadata, URL or dateline)
    cites: tuple[str, ...] = ()  # outlets the text names
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facets: bool = True
    facet_limit: int = 15
    collapse: bool = False
    exact: bool = False  # search for what was typed even when it finds nothing

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise QueryError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise QueryError(f"the page size must be between 1 and {MAX_PER_PAGE}")
        for d in (self.date_from, self.date_to):
            if d:
                date_bounds(d)  # raises QueryError if malformed

    @property
    def start(self) -> int:
        """The index of the page's first hit among all the hits."""
        return (self.page - 1) * self.per_page

    @classmethod
    def from_args(cls, args: Mapping, **defaults) -> SearchRequest:
        """Build a request from URL-style arguments (`getlist` used where the mapping has it)."""

        def many(name: str) -> tuple[str, ...]:
            values = args.getlist(name) if hasattr(args, "getlist") else args.get(name) or []
            if isinstance(values, str):
                values = [values]
            return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))

        def number(name: str, default: int) -> int:
            raw = args.get(name)
            if raw in (None, ""):
                return default
            try:
                return int(raw)
            except (TypeError, ValueError):
                raise QueryError(f"{name} must be a whole number, not {raw!r}") from None

        try:
            mentioned = tuple(int(y) for y in many(kinds.MENTIONED_YEAR.param))
        except ValueError:
            raise QueryError("mentioned must be a year such as 2021") from None
        kwargs = dict(
            q=(args.get("q") or "").strip(),
            mentioned=mentioned,
            date_from=(args.get("from") or "").strip() or None,
            date_to=(args.get("to") or "").strip() or None,
            sort=args.get("sort") or "relevance",
            page=number("page", 1),
            collapse=(args.get("collapse") or "") not in _YES,
            exact=(args.get("exact") or "") not in _YES,
        )
        kwargs.update({kind.attr: many(kind.param) for kind in kinds.NAMES})
        kwargs.update(defaults)
        return cls(**kwargs)

    def filter_args(self) -> dict[str, list[str] | str]:
        """Return the request as URL arguments (the inverse of from_args), for links."""
        out: dict[str, list[str] | str] = {}
        if self.q:
            out["q"] = self.q
        for kind in kinds.NAMES:
            if kind.chosen(self):
                out[kind.param] = list(kind.chosen(self))
        if self.mentioned:
            out[kinds.MENTIONED_YEAR.param] = [str(y) for y in self.mentioned]
        if self.date_from:
            out["from"] = self.date_from
        if self.date_to:
            out["to"] = self.date_to
        if self.sort != "relevance":
            out["sort"] = self.sort
        if self.collapse:
            out["collapse"] = "1"
        if self.exact:
            out["exact"] = "1"
        return out


def date_bounds(text: str) -> tuple[date, date]:
    """Return the first and last day of a partial date such as 2021, 2021-02 or 2021-02-14."""
    m = _PARTIAL_DATE.match(text.strip())
    if not m:
        raise QueryError(f"{text!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    try:
        if day:
            d = date(year, month, day)
            return d, d
        if month:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError as exc:
        raise QueryError(f"{text!r} is not a date: {exc}") from None
