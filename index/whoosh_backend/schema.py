"""The Whoosh schema, and how an Article becomes a Whoosh document."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from itertools import pairwise
from pickle import dumps

import snowballstemmer
from whoosh import columns, fields, formats
from whoosh.analysis import (
    STOP_WORDS,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.tokenizers import default_pattern
from whoosh.system import pack_uint

from archive.model import Article
from index import kinds
from index.whoosh_backend import internals

_SNOWBALL = snowballstemmer.stemmer("english")


def english_stem(word: str) -> str:
    """Snowball's English stemmer (Porter2 with its exception lists): "educated" and
    "education", "wiretapping" and "wiretap" share a stem, and "added" is not "ad".

    A module-level function, so the pickled schema in an index names it."""
    return _SNOWBALL.stemWord(word)

# Sort keys for articles with no publication date: last when newest first, and
# last when oldest first too.
NO_DATE_NEWEST = -1
NO_DATE_OLDEST = 10**7


class ListKeyword(fields.KEYWORD):
    """A comma-separated KEYWORD field that also keeps each document's values in a list column.

    Facet counts read the column (fast, and fine for documents with no values),
    rather than term vectors, which Whoosh cannot read for an empty field.
    """

    def __init__(self, **kwargs):
        super().__init__(commas=True, **kwargs)
        self.column_type = columns.VarBytesListColumn()

    def to_column_value(self, value):
        if isinstance(value, (list, tuple)):
            return [v if isinstance(v, bytes) else v.encode("utf-8") for v in value]
        return [v.strip().encode("utf-8") for v in (value or "").split(",") if v.strip()]

    def from_column_value(self, value):
        return [v.decode("utf-8") for v in value]


class FastText(fields.TEXT):
    """A TEXT field that indexes a text without Whoosh's token stream, with the same result.

    Whoosh passes every word through a chain of generators (tokenizer, lowercase, stop
    words, stemmer), one Token object at a time: a third of the cost of indexing an
    article. For the StemmingAnalyzer with positions this does the same steps over plain
    lists, with the analyzer's own pattern, stop words and (cached) stemmer, and yields
    the same terms, frequencies, weights and position values in the same order (checked
    against Whoosh in tests/test_schema.py). Anything else goes through Whoosh. Queries
    still analyse their words with the analyzer itself.
    """

    def index(self, value, **kwargs):
        parts = getattr(self.analyzer, "items", ())
        if not isinstance(value, str) or kwargs or type(self.format) is not formats.Positions \
                or [type(p) for p in parts] != [RegexTokenizer, LowercaseFilter, StopFilter,
                                                StemFilter] or parts[0].gaps:
            yield from super().index(value, **kwargs)
            return
        tokenizer, _, stop, stemmer = parts
        stops, low, high = stop.stops, stop.min, stop.max
        if tokenizer.expression.pattern == default_pattern.pattern:
            findall = _WORDS.findall  # the same matches, as strings
        else:
            def findall(text):
                return [m.group(0) for m in tokenizer.expression.finditer(text)]
        words = _lowered_words(findall, value)
        kept = [i for i, w in enumerate(words) if len(w) >= low and w not in stops
                and (high is None or len(w) <= high)]
        if not kept:
            return
        # Whoosh renumbers the words after the first kept one to leave no gaps for stop words.
        positions = range(kept[0], kept[0] + len(kept)) if stop.renumber else kept
        stem, ignore = internals.stem_function(stemmer), stemmer.ignore
        if stem is None:
            yield from super().index(value, **kwargs)
            return
        stems = [w if w in ignore else stem(w) for w in map(words.__getitem__, kept)] \
            if ignore else list(map(stem, map(words.__getitem__, kept)))
        yield from _postings(zip(positions, stems, strict=True), self.format.field_boost)


def _postings(placed, boost: float = 1.0):
    """Each word's (bytes, frequency, weight, encoded positions), from (position, word) pairs:
    what a field with positions yields to Whoosh's writer."""
    poses: defaultdict[str, list[int]] = defaultdict(list)
    for pos, word in placed:
        poses[word].append(pos)
    for word, at in poses.items():
        n = len(at)
        gaps = [at[0], *(b - a for a, b in pairwise(at))] if n > 1 else at
        # formats.Positions.encode: the count, then the pickled gaps.
        yield word.encode("utf-8"), n, float(n) * boost, pack_uint(n) + dumps(gaps, 2)


# Whoosh's default_pattern with its group made non-capturing, so findall gives whole words.
_WORDS = re.compile(default_pattern.pattern.replace("(", "(?:"))
_LEFT_OUT = frozenset(STOP_WORDS)
_SHORTEST = 2  # StopFilter's minimum length: shorter words are left out too


def _lowered_words(findall, text: str) -> list[str]:
    """The text's words, lowercased as Whoosh's LowercaseFilter does after its tokenizer."""
    if text.isascii():  # lowercasing ASCII moves no word boundary
        return findall(text.lower())
    return [w.lower() for w in findall(text)]


def split_words(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The words of a text, lowercased, as (position, word): those the text fields index, and
    those they leave out (stop words and one-letter words), each at its place.

    The same split as text_analyzer()'s (tokenizer, lowercase, stop filter keeping places),
    for the stop-word fields and for phrases: "said that" must find "that" right after "said".
    """
    words = _lowered_words(_WORDS.findall, text)
    kept, left = [], []
    for i, w in enumerate(words):
        (left if len(w) < _SHORTEST or w in _LEFT_OUT else kept).append((i, w))
    return kept, left


class StopWords(fields.FieldType):
    """The words a text field leaves out (stop words, one-letter words), with their places in
    the same numbering as the text field's words: a phrase's stop words are checked here.

    Not scored and not stored; only phrases read it. Queries never name it.
    """

    def __init__(self):
        self.format = formats.Positions()
        self.analyzer = RegexTokenizer() | LowercaseFilter()
        self.scorable = False
        self.stored = False
        self.unique = False
        self.vector = None

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            return
        yield from _postings(split_words(value)[1])


def stops_field(field: str) -> str:
    """The name of the field holding a text field's left-out words."""
    return f"{field}_stops"


def upgrade(schema: fields.Schema) -> None:
    """Index the text fields of a schema saved before FastText with FastText too.

    A writer takes its schema from the index's table of contents; FastText holds no
    state of its own, so a saved TEXT field becomes one in place, and is saved as one.
    """
    for name in ("title", "body"):
        if name in schema and type(schema[name]) is fields.TEXT:
            schema[name].__class__ = FastText


def text_analyzer():
    """Words, lowercased, stop words left out with their places kept (so "department of
    agriculture" has its words two apart and "rate five" never matches "rate of five"), then
    Snowball-stemmed."""
    return (RegexTokenizer() | LowercaseFilter() | StopFilter(renumber=False)
            | StemFilter(stemfn=english_stem))


def build_schema() -> fields.Schema:
    stem = text_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=FastText(analyzer=stem, stored=True, field_boost=2.0),
        # The body is not stored here: snippets and "more like this" read the
        # store's copy, for the few articles they need.
        body=FastText(analyzer=stem),
        # The words the two leave out, at their places: phrases match them too.
        title_stops=StopWords(),
        body_stops=StopWords(),
        source=fields.ID(stored=True),
        # Near-duplicates share a group, so search can show one of each.
        group=fields.ID(stored=True, sortable=True),
        outlet=fields.ID(stored=True),
        people=ListKeyword(stored=True, scorable=True),
        outlets=ListKeyword(stored=True, scorable=True),
        # Published by (metadata, URL, dateline) and cited in the text: outlets split in two.
        publisher=ListKeyword(stored=True, scorable=True),
        cites=ListKeyword(stored=True, scorable=True),
        published=fields.DATETIME(stored=True),
        # Values only read per document (facets, sorting): columns, no postings.
        published_year=fields.COLUMN(columns.NumericColumn("i", default=0)),
        published_month=fields.COLUMN(columns.NumericColumn("i", default=0)),
        mentioned_year=ListKeyword(),
        sort_newest=fields.COLUMN(columns.NumericColumn("i", default=NO_DATE_NEWEST)),
        sort_oldest=fields.COLUMN(columns.NumericColumn("i", default=NO_DATE_OLDEST)),
    )


def _ordinal(d: date | None, missing: int) -> int:
    return d.toordinal() if d else missing


def to_document(article: Article) -> dict:
    """Return the fields Whoosh indexes for an article."""
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "title_stops": article.title,
        "body_stops": article.body,
        "source": article.source,
        "group": article.group or article.id,
        # Lists, each value one term as written (commas and all: "@SUM(1,1)").
        "people": list(article.people),
        "outlets": list(article.outlets),
        "publisher": [article.publisher] if article.publisher else [],
        "cites": list(article.cites),
        "mentioned_year": [str(y) for y in article.mentioned_years],
        "sort_newest": _ordinal(article.published, NO_DATE_NEWEST),
        "sort_oldest": _ordinal(article.published, NO_DATE_OLDEST),
    }
    if article.outlet:
        doc["outlet"] = article.outlet
    if article.published:
        p = article.published
        doc["published"] = datetime(p.year, p.month, p.day)
        doc["published_year"] = p.year
        doc["published_month"] = kinds.month_value(p.year, p.month)
    return doc
