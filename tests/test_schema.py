"""FastText indexes a text exactly as Whoosh's own TEXT field does, only faster."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import fields
from whoosh.analysis import STOP_WORDS, RegexTokenizer, StemmingAnalyzer

from archive.evaluate import load
from index.whoosh_backend.schema import (
    FastText,
    StopWords,
    build_schema,
    split_words,
    text_analyzer,
)

WORDS = st.sampled_from(
    ["The", "the", "a", "of", "Kim", "Kardashian's", "U.S.", "3.141", "under_score", "x",
     "running", "RUNS", "İstanbul", "Straße", "naïve", "東京", "e-mail", "it's", "**", "a*b",
     "2021", "...", "\n", "\t", ",", "Ünïcödé", "ǅ", "ﬁne", "İİ", "is", "be", "to", "ab"]
)
TEXTS = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=40).map(" ".join),
                  st.lists(WORDS, max_size=40).map("".join))


def _both(text: str, **kwargs) -> tuple[list, list]:
    whoosh = fields.TEXT(**kwargs)
    fast = FastText(**kwargs)
    return list(fast.index(text)), list(whoosh.index(text))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_same_postings_as_whoosh_for_any_text(text):
    stem = StemmingAnalyzer()
    fast, whoosh = _both(text, analyzer=stem, field_boost=2.0)
    assert fast == whoosh


def test_same_postings_as_whoosh_for_the_labelled_articles():
    schema = build_schema()
    checked = 0
    for a in load():
        for name in ("title", "body"):
            field = schema[name]
            assert type(field) is FastText
            whoosh = list(fields.TEXT.index(field, a[name]))
            assert list(field.index(a[name])) == whoosh
            checked += len(whoosh)
    assert checked > 50_000


def test_a_leading_stop_word_keeps_whooshs_numbering():
    # Whoosh renumbers positions after stop words, but the first kept word keeps its own.
    fast, whoosh = _both("The cat and the hat", analyzer=StemmingAnalyzer())
    assert fast == whoosh
    assert [(t, f) for t, f, _, _ in fast] == [(b"cat", 1), (b"hat", 1)]


def test_other_analyzers_go_through_whoosh():
    fast, whoosh = _both("Running dogs ran", analyzer=RegexTokenizer())
    assert fast == whoosh
    assert {t for t, *_ in fast} == {b"Running", b"dogs", b"ran"}


def test_an_index_saved_before_fasttext_is_written_with_it(tmp_path):
    from whoosh import index as whoosh_index

    from index.whoosh_backend.writing import live_dir
    from tests.corpus import ARTICLES, build

    build(tmp_path, ARTICLES[:3])
    folder = live_dir(tmp_path)
    ix = whoosh_index.open_dir(folder)
    old = ix.schema
    for name in ("title", "body"):
        old[name].__class__ = fields.TEXT  # as saved by an older version
    writer = ix.writer()
    writer.schema = old
    writer.commit()
    assert type(whoosh_index.open_dir(folder).schema["body"]) is fields.TEXT
    build(tmp_path, ARTICLES[3:])  # an incremental sync
    schema = whoosh_index.open_dir(folder).schema
    assert type(schema["title"]) is type(schema["body"]) is FastText


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_the_words_left_out_fill_the_places_the_text_field_skips(text):
    """split_words gives the text field's words at Whoosh's places (the query side and the
    stop-word fields count on it), and every other word of the text at its own place."""
    kept, left = split_words(text)
    analyzed = [(t.pos, t.text) for t in text_analyzer()(text, positions=True)]
    assert [pos for pos, _ in kept] == [pos for pos, _ in analyzed]
    places = sorted(pos for pos, _ in kept + left)
    assert places == list(range(len(places)))
    assert all(len(w) < 2 or w in STOP_WORDS for _, w in left)


def test_a_stop_word_field_holds_the_stop_words_at_their_places():
    postings = {t: f for t, f, _, _ in StopWords().index("He said that the plan of the day")}
    assert postings == {b"that": 1, b"the": 2, b"of": 1}
    assert split_words("He said that the plan")[1] == [(2, "that"), (3, "the")]
