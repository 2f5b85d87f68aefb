"""What a user asks for: the search request, and how it becomes Whoosh queries."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from whoosh import qparser, query
from whoosh.qparser.dateparse import DateParserPlugin

from archive.errors import QueryError

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE = 100_000
MAX_PER_PAGE = 100

# "person:" and "outlet:" take whole names, which Whoosh's parser would split at
# spaces (people:Anna Smith -> people:Anna AND smith): they are lifted out first.
_ENTITY_FIELD = re.compile(
    r'(?<![\w:])(person|people|outlet|outlets|publisher|cites):(?:"([^"]*)"|(\S+))',
    re.IGNORECASE,
)
# "NOT outlet:TMZ" (or "-outlet:TMZ", read as that): the entity term excluded.
_NEGATED_ENTITY = re.compile(r"(?:\bNOT\s+)?" + _ENTITY_FIELD.pattern, re.IGNORECASE)
_ENTITY_FIELDS = {"person": "people", "people": "people", "outlet": "outlets", "outlets": "outlets",
                  "publisher": "publisher", "cites": "cites"}
_FIELD_PREFIX = re.compile(r'(?<![\w"])([A-Za-z_]+):(?=[^\s/])')
QUERY_FIELDS = {"title", "body", "published", "source", "outlet", "person", "people", "outlets",
                "publisher", "cites"}
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


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
            mentioned = tuple(int(y) for y in many("mentioned"))
        except ValueError:
            raise QueryError("mentioned must be a year such as 2021") from None
        kwargs = dict(
            q=(args.get("q") or "").strip(),
            people=many("person"),
            outlets=many("outlet"),
            publishers=many("publisher"),
            cites=many("cites"),
            mentioned=mentioned,
            date_from=(args.get("from") or "").strip() or None,
            date_to=(args.get("to") or "").strip() or None,
            sort=args.get("sort") or "relevance",
            page=number("page", 1),
            collapse=(args.get("collapse") or "") not in ("", "0", "false", "no"),
            exact=(args.get("exact") or "") not in ("", "0", "false", "no"),
        )
        kwargs.update(defaults)
        return cls(**kwargs)

    def filter_args(self) -> dict[str, list[str] | str]:
        """Return the request as URL arguments (the inverse of from_args), for links."""
        out: dict[str, list[str] | str] = {}
        if self.q:
            out["q"] = self.q
        if self.people:
            out["person"] = list(self.people)
        if self.outlets:
            out["outlet"] = list(self.outlets)
        if self.publishers:
            out["publisher"] = list(self.publishers)
        if self.cites:
            out["cites"] = list(self.cites)
        if self.mentioned:
            out["mentioned"] = [str(y) for y in self.mentioned]
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


def make_parser(schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(["title", "body"], schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(DateParserPlugin(basedate=datetime(2100, 1, 1)))
    return parser


def parse(parser: qparser.QueryParser, text: str, lexicon=None) -> query.Query:
    """Parse the user's query text; raise QueryError with a reason if it makes no sense."""
    text = text.strip()
    entity_terms: list[query.Query] = []

    def lift(m: re.Match) -> str:
        field = _ENTITY_FIELDS[m[1].lower()]
        value = (m[2] if m[2] is not None else m[3]).strip()
        if value:
            term = query.Term(field, lexicon(field, value) if lexicon else value)
            negated = m[0].startswith("NOT ")
            entity_terms.append(query.Not(term) if negated else term)
        return " "

    rest = _NEGATED_ENTITY.sub(lift, text).strip()
    for m in _FIELD_PREFIX.finditer(rest):
        if m[1].lower() not in QUERY_FIELDS:
            raise QueryError(
                f"unknown field {m[1]!r}: search in {', '.join(sorted(QUERY_FIELDS))}"
            )
    if _unbalanced(rest):
        raise QueryError('unbalanced quotes or brackets: close every ", ( and [')
    if rest in ("", "*"):
        main: query.Query = query.Every()
    else:
        try:
            main = parser.parse(rest)
        except Exception as exc:  # Whoosh raises many kinds; all mean "cannot parse".
            raise QueryError(f"cannot understand the query: {exc}") from None
        error = _first_error(main)
        if error:
            raise QueryError(f"cannot understand part of the query: {error}")
        _clamp_fuzzy(main)
        main = _gap_phrases(main, rest, parser.schema)
    if entity_terms:
        parts = [] if isinstance(main, query.Every) else [main]
        if all(isinstance(t, query.Not) for t in entity_terms) and not parts:
            parts = [query.Every()]
        return query.And(parts + entity_terms) if len(parts + entity_terms) > 1 else entity_terms[0]
    return main


class GappedPhrase(query.Phrase):
    """A phrase whose words stand `offsets` apart (a stop word left out between two keeps
    its place: "department of agriculture" is department, then agriculture two on)."""

    def __init__(self, *args, offsets: tuple[int, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.offsets = offsets

    def normalize(self):
        q = super().normalize()
        if isinstance(q, GappedPhrase) and len(q.words) == len(self.words):
            q.offsets = self.offsets
        return q

    def __repr__(self) -> str:  # matches are cached by repr: never the plain phrase's
        return f"{super().__repr__()[:-1]}, offsets={self.offsets!r})"

    def __eq__(self, other) -> bool:
        return super().__eq__(other) and getattr(other, "offsets", ()) == self.offsets

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.offsets))


def _gap_phrases(q: query.Query, text: str, schema) -> query.Query:
    """Give each phrase of the parsed query the places of its words in the text typed, so a
    stop word inside it keeps its gap."""
    if type(q) is query.Phrase and q.char_ranges and q.fieldname in schema:
        start, end = q.char_ranges[0][0], q.char_ranges[-1][1]
        # (Whoosh reuses one Token object: copy what is needed as it goes.)
        tokens = [(t.text, t.pos) for t in schema[q.fieldname].analyzer(
            text[start:end], positions=True, mode="query")]
        if [w for w, _ in tokens] == list(q.words):
            offsets = tuple(pos - tokens[0][1] for _, pos in tokens)
            if offsets != tuple(range(len(offsets))):
                return GappedPhrase(q.fieldname, q.words, slop=q.slop, boost=q.boost,
                                    char_ranges=q.char_ranges, offsets=offsets)
        return q
    if q.is_leaf():
        return q
    return q.apply(lambda child: _gap_phrases(child, text, schema))


def _clamp_fuzzy(q: query.Query) -> None:
    """ "0~/2": a fuzzy term's fixed prefix no longer than the term (Whoosh's automaton reads
    past the end of the word otherwise, and crashes)."""
    if isinstance(q, query.FuzzyTerm):
        q.prefixlength = min(q.prefixlength, len(q.text))
    for child in q.children():
        _clamp_fuzzy(child)


def _first_error(q: query.Query) -> str | None:
    """Return the message of the first part Whoosh's parser could not make sense of."""
    if getattr(q, "error", None):
        return str(q.error)
    for child in q.children():
        error = _first_error(child)
        if error:
            return error
    return None


def _unbalanced(text: str) -> bool:
    if text.count('"') % 2:
        return True
    depth = {"(": 0, "[": 0}
    closing = {")": "(", "]": "["}
    for ch in text:
        if ch in depth:
            depth[ch] += 1
        elif ch in closing:
            depth[closing[ch]] -= 1
            if depth[closing[ch]] < 0:
                return True
    return any(depth.values())


def filters(request: SearchRequest, lexicon=None, without: str | None = None) -> list[query.Query]:
    """Return the facet filters of a request, leaving out the facet named by `without`."""

    def canonical(field: str, value: str) -> str:
        return lexicon(field, value) if lexicon else value

    out: list[query.Query] = []
    if request.people and without != "people":
        out.append(query.Or([query.Term("people", canonical("people", p)) for p in request.people]))
    if request.outlets and without != "outlets":
        out.append(
            query.Or([query.Term("outlets", canonical("outlets", o)) for o in request.outlets])
        )
    for field, chosen in (("publisher", request.publishers), ("cites", request.cites)):
        if chosen and without != field:
            out.append(query.Or([query.Term(field, canonical(field, v)) for v in chosen]))
    if request.mentioned and without != "mentioned_year":
        out.append(query.Or([query.Term("mentioned_year", str(y)) for y in request.mentioned]))
    if (request.date_from or request.date_to) and without != "published":
        start = date_bounds(request.date_from)[0] if request.date_from else None
        end = date_bounds(request.date_to)[1] if request.date_to else None
        if start and end and start > end:
            raise QueryError("the 'from' date is after the 'to' date")
        out.append(
            query.DateRange(
                "published",
                datetime(start.year, start.month, start.day) if start else None,
                datetime(end.year, end.month, end.day, 23, 59, 59) if end else None,
            )
        )
    return out
