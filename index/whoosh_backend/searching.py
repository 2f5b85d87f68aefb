"""The Whoosh backend's searches: ranked hits with highlighted snippets, facet counts,
"did you mean"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path

from whoosh import query, sorting
from whoosh.analysis import STOP_WORDS
from whoosh.highlight import HtmlFormatter

from index import budget, kinds
from index.errors import QueryError
from index.reading import read
from index.request import SearchRequest
from index.results import SUGGEST_BELOW, FacetValue, Hit, SearchResult, facet_values
from index.whoosh_backend import (
    bounds,
    damage,
    facets,
    highlight,
    internals,
    matching,
    names,
    overlay,
    ranking,
)
from index.whoosh_backend.held import OWNER
from index.whoosh_backend.query import GappedPhrase, filters, make_parser, parse

SNIPPET_CHARS = 240
MAX_SUGGESTIONS = 8  # spellings weighed for one misspelt word

Bodies = Callable[[list[str]], dict[str, str]]
# (article ids, {facet field: names}) -> each article's (start, end) of mentions of those names
Spans = Callable[[list[str], dict[str, set[str]]], dict[str, list[tuple[int, int]]]]
# The name-valued facet fields: filters of chosen names, entity terms, marked mentions.
ENTITY_FIELDS = tuple(kind.name for kind in kinds.NAMES)


class Searcher:
    """A view of the index for one request (or one CLI call): use it, then close it.

    Opening Whoosh's searcher costs more than a typical query, so each thread keeps
    one and reuses it until the index changes (a commit or a rebuild), when it is
    reopened. Whoosh searchers are not shared between threads.
    """

    def __init__(self, data_dir: Path, bodies: Bodies, spans: Spans | None = None):
        self.bodies = bodies
        self.spans = spans
        self._data_dir = Path(data_dir)
        self._s, self._vocabulary, self._c = OWNER.searcher(self._data_dir)
        self._parser = make_parser(self._s.schema) if self._s is not None else None
        if self._c is not None:
            with damage.reading(str(self._c.key), on_damage=self._forget):
                overlay.current(self._c)  # people corrected since their documents were written

    def close(self) -> None:
        """Release the view (the thread's cached Whoosh searcher stays open for reuse)."""
        self._s = None

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def doc_count(self) -> int:
        return self._s.doc_count() if self._s is not None else 0

    # -- searching -------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        """Run a search (the front, index/searching.py, checks its budget and sets its
        deadline); a damaged index raises IndexDamaged."""
        with damage.reading(on_damage=self._forget):
            return self._search(request)

    def _forget(self) -> None:
        """Close this thread's cached searcher (it read a damaged index)."""
        self._s = None
        OWNER.drop(self._data_dir)

    def _readable(self) -> None:
        """Refuse to read an index through Whoosh's public path while it holds people
        corrections (overlay.py): Whoosh's matchers would not see them."""
        if internals.PUBLIC and overlay.active(self._c):
            raise overlay.IndexNeedsSync()

    def _fields(self, docnum: int) -> dict:
        """A hit's stored fields, its people as corrected."""
        return overlay.stored(self._c, self._s.stored_fields(docnum))

    def _whooshs(self, q: query.Query, fs: list[query.Query]
                 ) -> tuple[query.Query, set[int] | None]:
        """The query and filter to hand Whoosh's own search.

        The filter is the articles passing the facet filters, read fast (Whoosh would ignore
        an empty one). Where Whoosh would match differently, it holds the real matches, read
        here, and the query is one Whoosh can score among them: its phrases know neither
        gaps nor stop words (they become their words), and with people corrected in an
        overlay it would match the people field's raw postings (people parts match all)."""
        gapped = _has_gapped(q)
        people = overlay.active(self._c) and overlay.people_leaves(q)
        if gapped or people:
            flt = matching.docset(self._c, self._s, _matching(q, fs))
            if gapped:
                q = matching.words_only(q)
            return (overlay.without_people(q) if people else q), flt
        if fs:
            return q, matching.docset(self._c, self._s, query.And(fs) if len(fs) > 1 else fs[0])
        return q, None

    def _search(self, request: SearchRequest) -> SearchResult:
        reading = read(request.q)
        if self._s is None:
            return SearchResult(request, 0, [], {}, None, reading.understood, reading.operators)
        self._readable()
        q = bounds.bound(parse(self._parser, reading.text, self._canonical), self._s.reader())
        fs = filters(request, self._canonical)
        ranked = self._run(q, fs, request)
        if request.facets:
            total, facet_values = self._facets(q, request)
        else:
            matching = _matching(q, filters(request, self._canonical))
            total = facets.count(self._c, self._s, matching, [])[0] if ranked else 0
            facet_values = {}
        hits = self._hits(ranked[request.start : request.start + request.per_page], q, request)
        suggestion = self.suggest(request.q) if request.q and total < SUGGEST_BELOW else None
        return SearchResult(request, total, hits, facet_values, suggestion, reading.understood,
                            reading.operators)

    def stories(self, request: SearchRequest) -> int:
        """How many near-duplicate groups ("stories") the request's matches fall in."""
        if self._s is None:
            return 0
        self._readable()
        q = parse(self._parser, request.q, self._canonical)
        fs = filters(request, self._canonical)
        q, flt = self._whooshs(q, fs)
        if flt is not None and not flt:
            return 0
        results = self._s.search(q, filter=flt, limit=None, collapse=sorting.FieldFacet("group"),
                                 collapse_limit=1)
        return results.scored_length()  # the matches left once each group is collapsed

    def _run(self, q: query.Query, fs: list[query.Query], request: SearchRequest
             ) -> list[tuple[dict, float | None]]:
        """Return the (stored fields, score) of the hits up to the requested page."""
        ranked = self._ranked(q, fs, request, request.page * request.per_page)
        return [(self._fields(n), score) for n, score in ranked]

    def export(self, request: SearchRequest, limit: int | None = None,
               batch: int = 200) -> Iterator[Hit]:
        """Yield every hit of the request in its order (up to `limit`), ranked once and read
        `batch` at a time, so memory stays flat in the number of rows."""
        if self._s is None:
            return
        self._readable()
        q = bounds.bound(parse(self._parser, read(request.q).text, self._canonical),
                         self._s.reader())
        fs = filters(request, self._canonical)
        total = facets.count(self._c, self._s, _matching(q, fs), [])[0]
        ranked = self._ranked(q, fs, request, min(total, limit) if limit else total)
        for i in range(0, len(ranked), batch):
            chunk = [(self._fields(n), score) for n, score in ranked[i:i + batch]]
            yield from self._hits(chunk, q, request)

    def _ranked(self, q: query.Query, fs: list[query.Query], request: SearchRequest,
                limit: int) -> list[tuple[int, float | None]]:
        """The (document number, score) of the first `limit` hits in the request's order."""
        if limit <= 0:
            return []
        sort = request.sort
        if sort == "relevance" and isinstance(q, query.Every):
            sort = "newest"  # nothing to rank by: show the latest first
        if not request.collapse:
            ranked = ranking.rank(self._c, self._s, q, _matching(q, fs), sort, limit)
            if ranked is not None:
                return list(ranked)
        # Wildcards, fuzzy terms, ranges and collapsed groups: Whoosh ranks them.
        kw: dict = {}
        flt = None
        q, flt = self._whooshs(q, fs)
        if flt is not None and not flt:
            return []
        if sort == "newest":
            kw.update(sortedby="sort_newest", reverse=True)
        elif sort == "oldest":
            kw.update(sortedby="sort_oldest")
        if request.collapse:
            kw.update(collapse=sorting.FieldFacet("group"), collapse_limit=1)
        collector = bounds.watch(self._s.collector(filter=flt, limit=limit, **kw))
        self._s.search_with_collector(q, collector)
        results = collector.results()
        scored = sort == "relevance"
        return [(hit.docnum, hit.score if scored else None) for hit in results]

    def _hits(self, shown: list[tuple[dict, float | None]], q: query.Query,
              request: SearchRequest) -> list[Hit]:
        if not shown:
            return []
        bodies = self.bodies([fields["id"] for fields, _ in shown])
        formatter = HtmlFormatter(tagname="mark", between=" … ")  # keeps state: one per page
        # The query's terms as indexed (wildcards expanded): a hit's words that stem
        # to one of them are marked.
        terms, phrases = self._marked(q, request.q)
        named = self._named(q)
        spans = self.spans([f["id"] for f, _ in shown], named) if named and self.spans else {}
        hits = []
        for hit, score in shown:
            body = bodies.get(hit["id"], "")
            snippet = highlight.snippet(body, terms["body"], formatter, SNIPPET_CHARS,
                                        phrases=phrases, spans=spans.get(hit["id"], ()))
            title_html = highlight.whole(hit["title"], terms["title"], formatter, phrases)
            published = hit.get("published")
            hits.append(
                Hit(
                    id=hit["id"],
                    title=hit["title"],
                    title_html=title_html or escape(hit["title"], quote=False),
                    published=published.date() if published else None,
                    source=hit.get("source", ""),
                    outlet=hit.get("outlet"),
                    people=_split(hit.get("people")),
                    outlets=_split(hit.get("outlets")),
                    publisher=next(iter(_split(hit.get("publisher"))), None),
                    cites=_split(hit.get("cites")),
                    snippet=snippet or _lead(body),
                    score=score,
                    group=hit.get("group", ""),
                    duplicates=self._duplicates(hit.get("group")) if request.collapse else 0,
                )
            )
        return hits

    def _marked(self, q: query.Query, typed: str
                ) -> tuple[dict[str, set[str]], tuple[tuple[str, ...], ...]]:
        """What a hit's title and body mark: the terms of the query's words as indexed
        (wildcards expanded), and its phrases word by word, as typed; nothing the query
        leaves out (NOT, -word)."""
        terms: dict[str, set[str]] = {"title": set(), "body": set()}
        reader = self._s.reader()
        for leaf in _positive_leaves(q):
            if isinstance(leaf, query.Phrase):
                continue
            for name, text in leaf.expanded_terms(reader, phrases=True):
                if name in terms:
                    terms[name].add(_text(text))
        return terms, _phrases(read(typed).text)

    @staticmethod
    def _named(q: query.Query) -> dict[str, set[str]]:
        """The people and outlets the query asks for (person:"...", outlet:...), by field."""
        out: dict[str, set[str]] = {}
        for leaf in _positive_leaves(q):
            if isinstance(leaf, query.Term) and leaf.fieldname in ENTITY_FIELDS:
                out.setdefault(leaf.fieldname, set()).add(_text(leaf.text))
        return out

    def _duplicates(self, group: str | None) -> int:
        """Count the other articles in a near-duplicate group (Whoosh's own count misses some)."""
        if not group:
            return 0
        return sum(1 for _ in self._s.document_numbers(group=group)) - 1

    def _facets(self, q, request: SearchRequest) -> tuple[int, dict[str, list[FacetValue]]]:
        """Count all matching articles, and each facet's values among them, as the front's
        counting plan says (index/kinds.py: a facet's own selection is left out of its
        counts)."""
        present = [k for k in kinds.FACETS if k.name in self._s.schema]  # older indexes lack some
        keep = {self._canonical(f, v) for f, vs in kinds.name_filters(request) for v in vs}
        limit = request.facet_limit
        total, groups = 0, {}
        for without, counted in kinds.counting_plan(request, present):
            fs = filters(request, self._canonical, without=without)
            n, found = facets.count(self._c, self._s, _matching(q, fs), [k.name for k in counted],
                                    limit, keep)
            if without is None:
                total = n
            groups.update(found)
        return total, {
            k.name: facet_values(k, _decoded(k, groups.get(k.name, {})), request) for k in present
        }

    def _canonical(self, field: str, value: str) -> str:
        """Return the indexed spelling of a person or outlet name, matching case-insensitively."""
        return names.canonical(self._c, self._s, field, value)

    # -- suggestions -----------------------------------------------------------

    def suggest(self, text: str) -> str | None:
        """Return the query with misspelt words corrected, or None if nothing was corrected."""
        if self._s is None:
            return None
        vocabulary = self._vocabulary
        if vocabulary is None:
            return None
        words = [m for m in _WORD.finditer(text)
                 if m.group(0) not in ("AND", "OR", "NOT", "TO") and not _in_field(text, m.start())
                 and not _pattern_word(text, m)]
        known = [m.group(0).lower() for m in words
                 if len(m.group(0)) < 3 or vocabulary.frequency(m.group(0).lower())]
        out, changed = text, False
        looked_up = 0
        for m in reversed(words):
            lower = m.group(0).lower()
            if len(lower) < 3 or vocabulary.frequency(lower):
                continue
            looked_up += 1
            if looked_up > budget.MAX_SUGGESTED_WORDS:
                break
            budget.check()
            # Of the nearest spellings still in the archive, the one found most often with the
            # query's other words: "kanye wets" -> "kanye west", not "kanye gets".
            # A stop word is no correction: "putn" -> "put" would search for nothing.
            scored = [(self._together(c, known), vocabulary.frequency(c), c)
                      for c in vocabulary.suggest(lower)[:MAX_SUGGESTIONS] if c not in _STOPS]
            scored = [s for s in scored if s[0] > 0]
            if scored:
                # A word's first and last letters are the ones typed right most often:
                # "putn" is "putin" rather than "put", though "put" is more common.
                best = max(scored, key=lambda s: (_ends_kept(lower, s[2]), s[0], s[1]))[2]
                out = out[: m.start()] + best + out[m.end() :]
                changed = True
        return out if changed else None

    def _together(self, word: str, others: list[str]) -> int:
        """How many live articles have this word and the other words (0: it is gone).

        The vocabulary only grows, and doc_frequency() still counts deleted articles until a
        merge, so the index is asked.
        """
        def either(w: str) -> query.Query:
            terms = [query.Term(name, t) for name in ("body", "title")
                     for t in self._s.schema[name].process_text(w, mode="query")]
            return query.Or(terms)

        alone = facets.count(self._c, self._s, either(word), [])[0]
        if not alone or not others:
            return alone
        both = facets.count(self._c, self._s, query.And([either(word), *map(either, others)]),
                            [])[0]
        return both or alone / 1_000_000  # never with the others: still better than nothing

    def mark(self, text: str, query_text: str) -> str:
        """Return the whole text, escaped, with the words the query searches the body for marked."""
        formatter = HtmlFormatter(tagname="mark")
        if self._s is None or not query_text.strip():
            return escape(text, quote=False)
        try:
            q = parse(self._parser, query_text, self._canonical)
        except QueryError:
            return escape(text, quote=False)
        terms, phrases = self._marked(q, query_text)
        return highlight.whole(text, terms["body"], formatter, phrases) \
            or escape(text, quote=False)

    # -- related ---------------------------------------------------------------

    def more_like(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Return the articles most like this one, by the words of their bodies."""
        if self._s is None:
            return []
        with damage.reading(on_damage=self._forget):
            self._readable()
            docnum = self._s.document_number(id=article_id)
            if docnum is None:
                return []
            body = self.bodies([article_id]).get(article_id, "")
            results = self._s.more_like(docnum, "body", text=body, top=limit, numterms=25)
        request = SearchRequest(per_page=limit, facets=False)
        return self._hits([(overlay.stored(self._c, hit.fields()), hit.score) for hit in results],
                          results.q, request)


def _decoded(kind: kinds.FacetKind, counts: dict) -> dict:
    """A facet's counts by value as the front reads them: names as text, years as numbers."""
    if kind.names:
        return {_text(v): c for v, c in counts.items() if v}
    # Articles with no date read as 0 or the column's maximum: not a year.
    years = {int(_text(v)): c for v, c in counts.items() if v not in (None, "", b"")}
    return {y: c for y, c in years.items() if 0 < y < 1_000_000}


def _matching(q: query.Query, fs: list[query.Query]) -> query.Query:
    """Return the query for the articles that match `q` and pass every filter."""
    if not fs:
        return q
    if isinstance(q, query.Every):
        return query.And(fs) if len(fs) > 1 else fs[0]
    return query.And([q, *fs])


_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


_STOPS = frozenset(STOP_WORDS)


def _ends_kept(typed: str, candidate: str) -> bool:
    return typed[:1] == candidate[:1] and typed[-1:] == candidate[-1:]


def _positive_leaves(q: query.Query):
    """The query's leaves, less those it excludes (under NOT, or after ANDNOT)."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


_QUOTED = re.compile(r'(NOT\s+)?"([^"]+)"')


def _has_gapped(q: query.Query) -> bool:
    """Whether the query holds a phrase with gaps or stop words (a GappedPhrase)."""
    return type(q) is GappedPhrase or any(_has_gapped(child) for child in q.children())


def _phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """The query's phrases not excluded, each as its lowercase words ("Kenny G": kenny, g)."""
    return tuple(tuple(w.lower() for w in highlight.WORDS.findall(m[2]))
                 for m in _QUOTED.finditer(text) if not m[1])


def _pattern_word(text: str, m: re.Match) -> bool:
    """A word that is part of a wildcard or fuzzy term ("divor*", "trump~2"): not a spelling."""
    return text[m.end():m.end() + 1] in ("*", "?", "~") or text[max(0, m.start() - 1):m.start()] \
        in ("*", "?")


def _in_field(text: str, pos: int) -> bool:
    """Tell whether the word at `pos` is a field name or a field's value (not spell-checked)."""
    before = text[:pos]
    return text[pos:].split(" ", 1)[0].find(":") > 0 or before.endswith(":")


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _split(value: str | list | None) -> tuple[str, ...]:
    """A stored list of names (indexes before 2026-12-02 stored them joined by commas)."""
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _lead(body: str) -> str:
    """Return the start of the body, escaped, cut at a word boundary."""
    if len(body) <= SNIPPET_CHARS:
        return escape(body, quote=False)
    cut = body[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return escape(cut, quote=False) + " …"


__all__ = ["Searcher"]
