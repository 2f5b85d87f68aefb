"""How a search request becomes Whoosh queries: the parser, and the facet filters."""

from __future__ import annotations

import re
from datetime import datetime

from whoosh import qparser, query
from whoosh.qparser.dateparse import DateParserPlugin

from index import kinds
from index.errors import QueryError
from index.request import SearchRequest, date_bounds
from index.whoosh_backend.schema import split_words, stops_field

# "person:" and "outlet:" take whole names, which Whoosh's parser would split at
# spaces (people:Anna Smith -> people:Anna AND smith): they are lifted out first.
_ENTITY_FIELD = re.compile(
    r'(?<![\w:])(' + '|'.join(kinds.QUERY_PREFIXES) + r'):(?:"([^"]*)"|(\S+))',
    re.IGNORECASE,
)
# "NOT outlet:TMZ" (or "-outlet:TMZ", read as that): the entity term excluded.
_NEGATED_ENTITY = re.compile(r"(?:\bNOT\s+)?" + _ENTITY_FIELD.pattern, re.IGNORECASE)
_ENTITY_FIELDS = kinds.QUERY_PREFIXES
_FIELD_PREFIX = re.compile(r'(?<![\w"])([A-Za-z_]+):(?=[^\s/])')
QUERY_FIELDS = {"title", "body", "published", "source", "outlet", "person", "people", "outlets",
                "publisher", "cites"}


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
        rest, only_stops = _stop_phrases(rest, parser.schema)
        try:
            # Not normalized yet: a phrase of one word and stop words ("said that") would
            # become a plain term, its stop words lost.
            main = parser.parse(rest, normalize=False)
        except Exception as exc:  # Whoosh raises many kinds; all mean "cannot parse".
            raise QueryError(f"cannot understand the query: {exc}") from None
        error = _first_error(main)
        if error:
            raise QueryError(f"cannot understand part of the query: {error}")
        _clamp_fuzzy(main)
        main = _gap_phrases(main, rest, parser.schema)
        if only_stops:
            main = _with_stop_phrases(main, only_stops)
        main = main.normalize()
    if entity_terms:
        parts = [] if isinstance(main, query.Every) else [main]
        if all(isinstance(t, query.Not) for t in entity_terms) and not parts:
            parts = [query.Every()]
        return query.And(parts + entity_terms) if len(parts + entity_terms) > 1 else entity_terms[0]
    return main


class GappedPhrase(query.Phrase):
    """A phrase whose words stand `offsets` apart, and whose left-out words (stop words,
    one-letter words) must stand at theirs: "department of agriculture" is department, "of"
    one on, agriculture two on; "said that" is said, then "that"."""

    def __init__(self, *args, offsets: tuple[int, ...] = (),
                 stops: tuple[tuple[str, int], ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.offsets = offsets
        self.stops = stops  # (word, place from the first indexed word)

    def normalize(self):
        if self.stops and len(self.words) == 1:
            return self  # one word, but the phrase is more than it
        q = super().normalize()
        if isinstance(q, GappedPhrase) and len(q.words) == len(self.words):
            q.offsets, q.stops = self.offsets, self.stops
        return q

    def __repr__(self) -> str:  # matches are cached by repr: never the plain phrase's
        return f"{super().__repr__()[:-1]}, offsets={self.offsets!r}, stops={self.stops!r})"

    def __eq__(self, other) -> bool:
        return super().__eq__(other) and getattr(other, "offsets", ()) == self.offsets \
            and getattr(other, "stops", ()) == self.stops

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.offsets, self.stops))


def _gap_phrases(q: query.Query, text: str, schema) -> query.Query:
    """Give each phrase of the parsed query the places of its words in the text typed, and
    the words its field leaves out, with theirs, so the phrase matches as typed."""
    if type(q) is query.Phrase and q.char_ranges and q.fieldname in schema:
        typed = _phrase_text(q, text)
        kept, left = split_words(typed) if typed is not None else ([], [])
        # (Whoosh reuses one Token object: copy what is needed as it goes.)
        tokens = [(t.text, t.pos) for t in schema[q.fieldname].analyzer(
            typed or "", positions=True, mode="query")]
        if kept and [w for w, _ in tokens] == list(q.words) \
                and [pos for _, pos in tokens] == [pos for pos, _ in kept]:
            first = kept[0][0]
            offsets = tuple(pos - first for pos, _ in kept)
            stops = tuple((w, pos - first) for pos, w in left) \
                if stops_field(q.fieldname) in schema and q.slop == 1 else ()
            if stops or offsets != tuple(range(len(offsets))):
                return GappedPhrase(q.fieldname, q.words, slop=q.slop, boost=q.boost,
                                    char_ranges=q.char_ranges, offsets=offsets, stops=stops)
        return q
    if q.is_leaf():
        return q
    return q.apply(lambda child: _gap_phrases(child, text, schema))


_PHRASE = re.compile(r'"([^"]*)"(?!~)')
_STAND_IN = "qzxstopphrase{}qzx"  # stands for a phrase of stop words while Whoosh parses


def _stop_phrases(text: str, schema) -> tuple[str, dict[str, tuple[str, ...]]]:
    """Put a stand-in word for each phrase of stop words only ("to be or not to be"), which
    the text fields leave out whole (Whoosh would drop the phrase): the stand-in's term
    becomes a phrase of the stop-word field (_with_stop_phrases). Return the text and
    {the stand-in as indexed: the phrase's words}. Left alone where the index has no
    stop-word fields (written before them), and for phrases with slop ("to be"~2)."""
    if stops_field("body") not in schema:
        return text, {}
    found: dict[str, tuple[str, ...]] = {}

    def stand_in(m: re.Match) -> str:
        kept, left = split_words(m[1])
        if kept or not left:
            return m[0]
        word = _STAND_IN.format(len(found))
        found[next(iter(schema["body"].process_text(word, mode="query")))] = \
            tuple(w for _, w in left)
        return word

    return _PHRASE.sub(stand_in, text), found


def _with_stop_phrases(q: query.Query, phrases: dict[str, tuple[str, ...]]) -> query.Query:
    """Each stand-in's term as the phrase of its field's stop words, at a constant score
    (stop words are not scored: they are in nearly every article)."""
    if type(q) is query.Term and q.text in phrases and stops_field(q.fieldname) in QUERY_STOPS:
        words = list(phrases[q.text])
        constant = query.ConstantScoreQuery(query.Phrase(stops_field(q.fieldname), words),
                                            score=q.boost)
        # Whoosh's ConstantScoreQuery has no boost of its own, which an OR's normalize() reads
        # when it flattens a nested OR ('0 OR "0"'); its score is what counts.
        constant.boost = 1.0
        return constant
    if q.is_leaf():
        return q
    return q.apply(lambda child: _with_stop_phrases(child, phrases))


QUERY_STOPS = {stops_field("title"), stops_field("body")}


def _phrase_text(q: query.Phrase, text: str) -> str | None:
    """The text between the quotes around a parsed phrase's words, or None."""
    start, end = q.char_ranges[0][0], q.char_ranges[-1][1]
    if start is None or end is None:
        return None
    opening, closing = text.rfind('"', 0, start), text.find('"', end)
    if opening < 0 or closing < 0 or '"' in text[start:end]:
        return None
    return text[opening + 1:closing]


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
    for kind in kinds.NAMES:
        chosen = kind.chosen(request)
        if chosen and without != kind.filter:
            out.append(query.Or([query.Term(kind.name, canonical(kind.name, v)) for v in chosen]))
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
