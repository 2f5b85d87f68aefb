"""What one search may cost: limits on the query kinds whose work grows with the archive.

A word, a phrase or a filter costs what its postings hold. A wildcard, a fuzzy term or a
range of words stands for every word of the lexicon it matches, and Whoosh matched each
of them one document at a time: `trump~9` ran for minutes, `*e*` (16,000 words) for 24 s,
`[a TO]` (every word) for 44 s. Here each such part is checked and expanded once, up to a
limit, into the words it stands for (`bound`); the result is an OR of plain terms, which
the index reads as arrays (and ranks with BM25F). A part over a limit raises OverBudget,
whose message says what to change. Each search also has a deadline (`deadline`), checked
between and inside its steps, and heavy searches (those with expansions) run a few at a
time (`take_heavy_slot`), so a burst of them cannot take every thread of the web server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

from whoosh import query
from whoosh.query import ranges, terms

from archive.errors import OverBudget, TooSlow

MAX_QUERY_CHARS = 1000
MAX_TERMS = 100  # distinct words, phrases and patterns in one query
MAX_FUZZY_DISTANCE = 2
FUZZY_PREFIX = 1  # letters a fuzzy term keeps as written (0: the whole lexicon is searched)
MAX_FUZZY_WORD = 40  # longer words are not looked up fuzzily (the automaton grows with them)
WILDCARD_PREFIX = 1  # letters before a wildcard's first * or ?
MAX_EXPANSION = 500  # words that all the wildcards, fuzzy terms and ranges of a query stand for
MAX_SCAN = 20_000  # words of the lexicon a pattern may look at to find them
MAX_SUGGESTED_WORDS = 5  # misspelt words of one query looked up for "did you mean"
MAX_FILTER_VALUES = 50  # values of one facet in one request
DEADLINE = 5.0  # seconds a search may run
HEAVY_AT_ONCE = 1  # searches with expansions running at once in one process
CHECK_EVERY = 4096  # matches between two looks at the clock in long loops
YIELD_EVERY = 0.0005  # seconds a heavy search runs before it lets the other threads run

# Ranges of words, not of dates or numbers: those are indexed as a few terms each.
_WORD_FIELDS = {"title", "body", "source"}


# -- the deadline ------------------------------------------------------------------

_local = threading.local()


@contextmanager
def deadline(seconds: float | None = None) -> Iterator[None]:
    """Give the search run in this block (in this thread) `seconds` to finish.

    A heavy slot taken inside the block (see `take_heavy_slot`) is given back at its end.
    """
    outer, held = getattr(_local, "until", None), getattr(_local, "heavy", False)
    until = time.monotonic() + (DEADLINE if seconds is None else seconds)
    _local.until = until if outer is None else min(outer, until)
    _local.heavy = held
    try:
        yield
    finally:
        if _local.heavy and not held:
            _heavy.release()
        _local.until, _local.heavy = outer, held


def check() -> None:
    """Raise TooSlow if this thread's search has run past its deadline.

    A heavy search also lets the other threads run here: its many small array operations
    would otherwise hold the interpreter for most of each switch interval, and a plain search
    beside it waited for each.
    """
    now = time.monotonic()
    if getattr(_local, "heavy", False) and now - getattr(_local, "yielded", 0.0) > YIELD_EVERY:
        time.sleep(0)
        _local.yielded = now
    until = getattr(_local, "until", None)
    if until is not None and now > until:
        raise TooSlow(
            "the search took too long and was stopped: make it narrower (more words, fewer "
            "wildcards or fuzzy terms, a filter) and try again"
        )


def remaining() -> float:
    until = getattr(_local, "until", None)
    return DEADLINE if until is None else max(0.0, until - time.monotonic())


def watch(collector):
    """Make a Whoosh collector look at the deadline every CHECK_EVERY matches; return it.

    The innermost collector reads the matcher (wrappers for filters and collapsing ask it
    for its matches), so its `matches` is the one wrapped.
    """
    inner = collector
    while getattr(inner, "child", None) is not None:
        inner = inner.child
    matches = inner.matches

    def watched():
        for n, sub_docnum in enumerate(matches()):
            if not n % CHECK_EVERY:
                check()
            yield sub_docnum

    inner.matches = watched
    return collector


_heavy = threading.BoundedSemaphore(HEAVY_AT_ONCE)


def take_heavy_slot() -> None:
    """Wait (within the deadline) until fewer than HEAVY_AT_ONCE heavy searches run, and
    count this one among them until its deadline block ends. Outside one, do nothing."""
    if getattr(_local, "until", None) is None or _local.heavy:
        return
    if not _heavy.acquire(timeout=remaining()):
        raise TooSlow(
            "the archive is busy with other wildcard and fuzzy searches: try again in a "
            "moment, or search for whole words"
        )
    _local.heavy = True


# -- the request and the query -------------------------------------------------------


def check_request(request) -> None:
    """Raise OverBudget if a request's text or filters are larger than a search allows."""
    if len(request.q) > MAX_QUERY_CHARS:
        raise OverBudget(
            f"the query is {len(request.q):,} characters long: at most {MAX_QUERY_CHARS:,}"
        )
    for name, values in (("person", request.people), ("outlet", request.outlets),
                         ("mentioned", request.mentioned)):
        if len(values) > MAX_FILTER_VALUES:
            raise OverBudget(
                f"{len(values)} {name} filters: choose at most {MAX_FILTER_VALUES}"
            )


def bound(q: query.Query, reader) -> query.Query:
    """Return the query with each wildcard, fuzzy term and word range replaced by the words
    it stands for; raise OverBudget past a limit. Such a search is heavy: it waits for a
    slot (take_heavy_slot).

    The facets and the ranking then read the words' postings as arrays.
    """
    # Each word is looked for in the title and the body: count it once.
    parts = {repr(getattr(leaf, "text", None) or getattr(leaf, "words", None) or leaf)
             for leaf in (q.leaves() if q.children() else [q])}
    if len(parts) > MAX_TERMS:
        raise OverBudget(f"the query has {len(parts)} words and patterns: at most {MAX_TERMS}")
    spent = [0]
    out = _bound(q, reader, spent)
    return out if out is q else out.normalize()


def _bound(q: query.Query, reader, spent: list[int]) -> query.Query:
    if isinstance(q, (terms.MultiTerm, ranges.TermRange)) and not isinstance(
        q, query.NumericRange
    ):
        return _expanded(q, reader, spent)
    children = list(q.children())
    if not children:
        return q
    new = [_bound(c, reader, spent) for c in children]
    if all(a is b for a, b in zip(new, children, strict=True)):
        return q
    return q.apply(_replacer(dict(zip(map(id, children), new, strict=True))))


def _replacer(by_id: dict):
    def replace(child: query.Query) -> query.Query:
        return by_id.get(id(child), child)

    return replace


def _expanded(q, reader, spent: list[int]) -> query.Query:
    take_heavy_slot()
    check()
    field = q.field()
    if field is None or field not in reader.schema:
        return query.NullQuery
    words = list(islice(_words(q, reader), MAX_EXPANSION - spent[0] + 1))
    spent[0] += len(words)
    if spent[0] > MAX_EXPANSION:
        if isinstance(q, ranges.TermRange):
            hint = "narrow the range"
        elif isinstance(q, query.FuzzyTerm):
            hint = "allow fewer edits"
        else:
            hint = "add letters before the * or ?"
        raise OverBudget(
            f"{_shown(q)} stands for more than {MAX_EXPANSION:,} words (with the query's other "
            f"wildcards, fuzzy terms and ranges): {hint}, or search for the words themselves"
        )
    if not words:
        return query.NullQuery
    from_bytes = reader.schema[field].from_bytes
    parts = [query.Term(field, w if isinstance(w, str) else from_bytes(w), boost=q.boost)
             for w in words]
    # Scored as the OR of its words (BM25F over each), as Whoosh scores a fuzzy term. Whoosh
    # scored a wildcard as a constant on archives of more than 5,000 articles and as such an
    # OR on smaller ones; the OR ranks the articles with the most of its words first.
    return parts[0] if len(parts) == 1 else query.Or(parts)


def _words(q, reader) -> Iterator[bytes]:
    """The indexed words a pattern, fuzzy term or range stands for, checked against the limits."""
    if isinstance(q, query.FuzzyTerm):
        if q.maxdist > MAX_FUZZY_DISTANCE:
            raise OverBudget(
                f"{_shown(q)}: a fuzzy term allows at most {MAX_FUZZY_DISTANCE} edits; "
                f"write {q.text}~{MAX_FUZZY_DISTANCE} or {q.text}~"
            )
        if len(q.text) > MAX_FUZZY_WORD:
            raise OverBudget(f"a fuzzy term is at most {MAX_FUZZY_WORD} letters long")
        prefix = min(max(q.prefixlength, FUZZY_PREFIX), len(q.text))
        return iter(reader.terms_within(q.fieldname, q.text, q.maxdist, prefix=prefix))
    if isinstance(q, ranges.TermRange):
        if q.start is None or q.end is None or q.start == "" or q.end == "":
            raise OverBudget(
                f"{_shown(q)}: a range of words needs both ends, e.g. [apple TO apricot]"
            )
        return q._btexts(reader)
    if isinstance(q, terms.PatternQuery):
        prefix = q.text if isinstance(q, query.Prefix) else q._find_prefix(q.text)
        if len(prefix) < WILDCARD_PREFIX:
            raise OverBudget(
                f"{_shown(q)}: a wildcard needs at least {WILDCARD_PREFIX} letter"
                f"{'s' * (WILDCARD_PREFIX != 1)} before its first * or ?"
            )
        if isinstance(q, query.Prefix):
            return q._btexts(reader)
        return _scanned(q, reader, prefix)
    return q._btexts(reader)


def _scanned(q, reader, prefix: str) -> Iterator[bytes]:
    """A wildcard's words, found among at most MAX_SCAN words starting with its prefix."""
    import re

    pattern = re.compile(q._get_pattern())
    from_bytes = reader.schema[q.fieldname].from_bytes
    for n, btext in enumerate(reader.expand_prefix(q.fieldname, prefix)):
        if n >= MAX_SCAN:
            raise OverBudget(
                f"{_shown(q)} would look through more than {MAX_SCAN:,} words: "
                "add letters before the * or ?"
            )
        if pattern.match(from_bytes(btext)):
            yield btext


def _shown(q) -> str:
    """The part of the query as the user wrote it, near enough."""
    if isinstance(q, ranges.TermRange):
        return f"[{q.start or ''} TO {q.end or ''}]"
    if isinstance(q, query.FuzzyTerm):
        return f"{q.text}~{q.maxdist}"
    if isinstance(q, query.Prefix):
        return f"{q.text}*"
    return str(getattr(q, "text", q))
