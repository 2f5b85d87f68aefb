"""Whoosh's side of a search's budget (index/budget.py holds the limits and the deadline):
wildcards, fuzzy terms and word ranges expanded into their words within the limits, and
Whoosh's collectors made to look at the deadline.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from whoosh import query
from whoosh.query import ranges, terms

from index import budget
from index.errors import OverBudget
from index.whoosh_backend import internals

# Ranges of words, not of dates or numbers: those are indexed as a few terms each.
_WORD_FIELDS = {"title", "body", "source"}


def watch(collector):
    """Make a Whoosh collector look at the deadline every budget.CHECK_EVERY matches; return it.

    The innermost collector reads the matcher (wrappers for filters and collapsing ask it
    for its matches), so its `matches` is the one wrapped.
    """
    inner = collector
    while getattr(inner, "child", None) is not None:
        inner = inner.child
    matches = inner.matches

    def watched():
        for n, sub_docnum in enumerate(matches()):
            if not n % budget.CHECK_EVERY:
                budget.check()
            yield sub_docnum

    inner.matches = watched
    return collector


def bound(q: query.Query, reader) -> query.Query:
    """Return the query with each wildcard, fuzzy term and word range replaced by the words
    it stands for; raise OverBudget past a limit. Such a search is heavy: it waits for a
    slot (take_heavy_slot).

    The facets and the ranking then read the words' postings as arrays.
    """
    # Each word is looked for in the title and the body: count it once.
    parts = {repr(getattr(leaf, "text", None) or getattr(leaf, "words", None) or leaf)
             for leaf in (q.leaves() if q.children() else [q])}
    if len(parts) > budget.MAX_TERMS:
        raise OverBudget(
            f"the query has {len(parts)} words and patterns: at most {budget.MAX_TERMS}"
        )
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
    budget.take_heavy_slot()
    budget.check()
    field = q.field()
    if field is None or field not in reader.schema:
        return query.NullQuery
    words = list(islice(_words(q, reader), budget.MAX_EXPANSION - spent[0] + 1))
    spent[0] += len(words)
    if spent[0] > budget.MAX_EXPANSION:
        if isinstance(q, ranges.TermRange):
            hint = "narrow the range"
        elif isinstance(q, query.FuzzyTerm):
            hint = "allow fewer edits"
        else:
            hint = "add letters before the * or ?"
        raise OverBudget(
            f"{_shown(q)} stands for more than {budget.MAX_EXPANSION:,} words (with the "
            f"query's other wildcards, fuzzy terms and ranges): {hint}, or search for the "
            "words themselves"
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
        if q.maxdist > budget.MAX_FUZZY_DISTANCE:
            raise OverBudget(
                f"{_shown(q)}: a fuzzy term allows at most {budget.MAX_FUZZY_DISTANCE} edits; "
                f"write {q.text}~{budget.MAX_FUZZY_DISTANCE} or {q.text}~"
            )
        if len(q.text) > budget.MAX_FUZZY_WORD:
            raise OverBudget(f"a fuzzy term is at most {budget.MAX_FUZZY_WORD} letters long")
        prefix = min(max(q.prefixlength, budget.FUZZY_PREFIX), len(q.text))
        return iter(reader.terms_within(q.fieldname, q.text, q.maxdist, prefix=prefix))
    if isinstance(q, ranges.TermRange):
        if q.start is None or q.end is None or q.start == "" or q.end == "":
            raise OverBudget(
                f"{_shown(q)}: a range of words needs both ends, e.g. [apple TO apricot]"
            )
        return internals.query_words(q, reader)
    if isinstance(q, terms.PatternQuery):
        prefix = q.text if isinstance(q, query.Prefix) else internals.wildcard_prefix(q)
        if len(prefix) < budget.WILDCARD_PREFIX:
            raise OverBudget(
                f"{_shown(q)}: a wildcard needs at least {budget.WILDCARD_PREFIX} letter"
                f"{'s' * (budget.WILDCARD_PREFIX != 1)} before its first * or ?"
            )
        if isinstance(q, query.Prefix) or internals.wildcard_pattern(q) is None:
            return internals.query_words(q, reader)
        return _scanned(q, reader, prefix)
    return internals.query_words(q, reader)


def _scanned(q, reader, prefix: str) -> Iterator[bytes]:
    """A wildcard's words, found among at most budget.MAX_SCAN words starting with its prefix."""
    import re

    pattern = re.compile(internals.wildcard_pattern(q))
    from_bytes = reader.schema[q.fieldname].from_bytes
    for n, btext in enumerate(reader.expand_prefix(q.fieldname, prefix)):
        if n >= budget.MAX_SCAN:
            raise OverBudget(
                f"{_shown(q)} would look through more than {budget.MAX_SCAN:,} words: "
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
