"""The backend conformance suite: what any search backend behind index/backend.py must do,
checked against the store's own articles, through the protocol only (the front Searcher and
sync). It runs on Whoosh's backend twice: as it runs, and on Whoosh's public path only
(index/whoosh_backend/internals.py, as on a whoosh3 version it was not written for).
A second backend is added to ENGINES."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta

import pytest

from archive.model import Article, article_id
from archive.store import Store
from index import kinds
from index.backend import backend
from index.errors import IndexDamaged
from index.request import SearchRequest
from index.searching import Searcher, sync

ENGINES = ["whoosh", "whoosh-public"]
# Made-up words that are their own stem and no stop word: what matches is not in question.
WORDS = ("quaxil brondek zumtar plovik grenmat vostak yilbar drumex kepsol tharbin muvlat "
         "sorbik fendral gluvok harmit").split()
PEOPLE = ["Ana Quell", "Bo Tarrant", "Cy Ostrow", "Di Marlow", "Ed Vance", "Flo Renner"]
OUTLETS = ["Daily Quaver", "Evening Post", "Radio Nine"]


def corpus(n: int = 80, seed: int = 3) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(5, 30))]
        title = " ".join(rng.sample(WORDS, 3)).capitalize() + f" {i}"
        published = None if i % 9 == 0 else date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
        people = tuple(rng.sample(PEOPLE, rng.randint(0, 3)))
        outlets = tuple(rng.sample(OUTLETS, rng.randint(0, 2)))
        body = " ".join(words) + ". " + " and ".join(people)
        out.append(Article(id=article_id(title, body), title=title, body=body,
                           source=f"{i:03}.txt", origin=f"/c/{i:03}.txt", published=published,
                           people=people, outlets=outlets))
    return out


ARTICLES = corpus()


def tokens(a: Article) -> list[str]:
    return re.findall(r"\w+", (a.title + " " + a.body).lower())


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch):
    if request.param == "whoosh-public":
        from index.whoosh_backend import internals

        monkeypatch.setattr(internals, "PUBLIC", True)
    return backend(request.param.split("-")[0])


def build(data, engine, batches: int = 1, articles=ARTICLES):
    with Store(data / "archive.db") as store:
        size = -(-len(articles) // batches)
        for i in range(0, len(articles), size):
            with store.transaction():
                for a in articles[i:i + size]:
                    store.put(a)
            sync(store, data, engine=engine)


@pytest.fixture
def archive(tmp_path, engine):
    data = tmp_path / "data"
    build(data, engine)
    store = Store(data / "archive.db")
    searcher = Searcher(data, store.bodies, engine=engine)
    yield searcher
    searcher.close()
    store.close()


def answer(searcher, **kw) -> tuple:
    """A search's total, its hits in order (hits tied on score or date as one set: an engine
    orders ties as it likes) and its facets."""
    r = searcher.search(SearchRequest(per_page=100, facet_limit=1000, **kw))
    ranked: list[tuple] = []
    for h in r.hits:
        key = round(h.score, 4) if h.score is not None else h.published
        if ranked and ranked[-1][0] == key:
            ranked[-1][1].add(h.id)
        else:
            ranked.append((key, {h.id}))
    return r.total, ranked, {k: [(v.value, v.count) for v in vs] for k, vs in r.facets.items()}


@pytest.mark.parametrize("word", WORDS[:6])
def test_a_word_matches_the_articles_that_hold_it(archive, word):
    expected = {a.id for a in ARTICLES if word in tokens(a)}
    r = archive.search(SearchRequest(q=word, per_page=100))
    assert r.total == len(expected)
    assert {h.id for h in r.hits} == expected


def test_and_or_not_and_minus_mean_what_they_say(archive):
    a, b = WORDS[0], WORDS[1]
    has = {x.id: set(tokens(x)) for x in ARTICLES}
    cases = {f"{a} AND {b}": lambda t: a in t and b in t,
             f"{a} OR {b}": lambda t: a in t or b in t,
             f"{a} NOT {b}": lambda t: a in t and b not in t,
             f"{a} -{b}": lambda t: a in t and b not in t}
    for q, rule in cases.items():
        expected = {i for i, t in has.items() if rule(t)}
        r = archive.search(SearchRequest(q=q, per_page=100))
        assert (q, {h.id for h in r.hits}) == (q, expected)


def test_a_phrase_matches_its_words_in_order(archive):
    a = ARTICLES[5]
    first, second = tokens(a)[4:6]
    expected = {x.id for x in ARTICLES if any(p == (first, second)
                                            for p in zip(tokens(x), tokens(x)[1:], strict=False))}
    r = archive.search(SearchRequest(q=f'"{first} {second}"', per_page=100))
    assert {h.id for h in r.hits} == expected


STOP_TEXTS = ["The minister said that the plan would work.",
              "The minister said the plan would work.", "He said, that is all.",
              "The Department of Agriculture met.",
              "The Department for Agriculture met.", "Kenny G played.", "Kenny Rogers sang.",
              "They climbed the hill.", "They climbed a hill.", "Don't stop now.",
              "Agriculture of the department, work would plan.",  # (words before their place)
              "To be or not to be: that is all.", "It is not to be.", "Be or not, to go."]


@pytest.mark.parametrize("phrase", ["said that", "department of agriculture", "kenny g",
                                    "the hill", "climbed the hill", "said the plan",
                                    "plan would work", "don't stop", "the minister said",
                                    # stop words only: every word is left out of the body
                                    "to be or not to be", "to be", "of the", "that is"])
def test_a_phrase_matches_its_stop_words_too(tmp_path, engine, phrase):
    """Stop words and one-letter words in a phrase, inside it or at its ends, must stand where
    typed: "said that" is not every "said", "kenny g" not "Kenny Rogers"."""
    articles = [Article(id=article_id(f"Note {i}", t), title=f"Note {i}", body=t,
                        source=f"{i}.txt", origin=f"/s/{i}.txt") for i, t in enumerate(STOP_TEXTS)]
    build(tmp_path / "data", engine, articles=articles)
    wanted = phrase.split()
    expected = set()
    for a in articles:
        words = re.findall(r"\w+(?:'\w+)?", a.body.lower())
        if any(words[i:i + len(wanted)] == wanted for i in range(len(words))):
            expected.add(a.id)
    assert expected  # (each phrase is in some text)
    with Store(tmp_path / "data" / "archive.db") as store, \
            Searcher(tmp_path / "data", store.bodies, engine=engine) as searcher:
        r = searcher.search(SearchRequest(q=f'"{phrase}"', per_page=100))
        grouped = searcher.search(SearchRequest(q=f'"{phrase}"', per_page=100, collapse=True))
        stories = searcher.stories(SearchRequest(q=f'"{phrase}"', collapse=True))
    assert sorted(h.title for h in r.hits) == sorted(a.title for a in articles if a.id in expected)
    assert {h.id for h in grouped.hits} == expected and stories == len(expected)  # one each


def test_a_phrase_of_stop_words_only_is_a_phrase_with_other_words_and_under_not(tmp_path, engine):
    texts = ["To be or not to be.", "Not to be, or to go.", "Be quiet, not loud.",
             "To go or not to go."]
    articles = [Article(id=article_id(f"Note {i}", t), title=f"Note {i}", body=t,
                        source=f"{i}.txt", origin=f"/s/{i}.txt") for i, t in enumerate(texts)]
    build(tmp_path / "data", engine, articles=articles)
    with Store(tmp_path / "data" / "archive.db") as store, \
            Searcher(tmp_path / "data", store.bodies, engine=engine) as searcher:
        def titles(q):
            return sorted(h.title for h in searcher.search(SearchRequest(q=q, per_page=10)).hits)

        assert titles('"not to be"') == ["Note 0", "Note 1"]
        assert titles('go "or not"') == ["Note 3"]  # AND
        assert titles('go -"or to"') == ["Note 3"]
        assert titles('NOT "to be"') == ["Note 2", "Note 3"]
        assert titles('title:"to be"') == []  # the titles hold no such phrase
        marked = searcher.search(SearchRequest(q='"not to be"')).hits[0].snippet
        assert "<mark" in marked and marked.count("<mark") == 3, marked


def test_facet_counts_equal_the_stores(archive):
    r = archive.search(SearchRequest(per_page=1, facet_limit=1000))
    assert r.total == len(ARTICLES)
    facets = {k: dict((v.value, v.count) for v in vs) for k, vs in r.facets.items()}
    assert facets["people"] == Counter(p for a in ARTICLES for p in a.people)
    assert facets["outlets"] == Counter(o for a in ARTICLES for o in a.outlets)
    assert facets["published_year"] == Counter(a.published.year for a in ARTICLES if a.published)
    assert facets["published_month"] == Counter(
        kinds.month_value(a.published.year, a.published.month) for a in ARTICLES if a.published)


def test_a_facets_own_selection_is_left_out_of_its_counts(archive):
    chosen = PEOPLE[0]
    r = archive.search(SearchRequest(people=(chosen,), per_page=1, facet_limit=1000))
    assert r.total == sum(chosen in a.people for a in ARTICLES)
    people = {v.value: (v.count, v.selected) for v in r.facets["people"]}
    assert people[chosen] == (sum(chosen in a.people for a in ARTICLES), True)
    assert people[PEOPLE[1]][0] == sum(PEOPLE[1] in a.people for a in ARTICLES)  # OR: all
    outlets = Counter(o for a in ARTICLES if chosen in a.people for o in a.outlets)
    assert {v.value: v.count for v in r.facets["outlets"]} == outlets  # other facets: AND


def test_filters_and_dates_equal_the_stores(archive):
    r = archive.search(SearchRequest(q=WORDS[2], outlets=(OUTLETS[0],), date_from="2016",
                                     date_to="2018-06", per_page=100))
    expected = {a.id for a in ARTICLES if WORDS[2] in tokens(a) and OUTLETS[0] in a.outlets
                and a.published and date(2016, 1, 1) <= a.published <= date(2018, 6, 30)}
    assert {h.id for h in r.hits} == expected


def test_newest_first_and_pages(archive):
    r = archive.search(SearchRequest(q=WORDS[3], sort="newest", per_page=100))
    dated = [h.published for h in r.hits if h.published]
    assert dated == sorted(dated, reverse=True)
    paged = [h.id for p in (1, 2, 3) for h in archive.search(
        SearchRequest(q=WORDS[3], sort="newest", per_page=5, page=p)).hits]
    assert paged == [h.id for h in r.hits][:15]


def test_snippets_mark_the_words_searched_for(archive):
    r = archive.search(SearchRequest(q=WORDS[4]))
    marked = [re.findall(r"<mark[^>]*>(.*?)</mark>", h.snippet) for h in r.hits]
    assert r.hits and all(m and {w.lower() for w in m} == {WORDS[4]} for m in marked)


def test_a_misspelling_finds_the_word_it_means(archive):
    r = archive.search(SearchRequest(q="quaxl"))
    assert r.corrected_from == "quaxl" and r.total == sum("quaxil" in tokens(a) for a in ARTICLES)


def test_incremental_syncs_give_what_one_full_build_gives(tmp_path, engine):
    build(tmp_path / "inc", engine, batches=4)
    build(tmp_path / "full", engine)
    queries = [dict(q=WORDS[0]), dict(q=f"{WORDS[1]} OR {WORDS[5]}", sort="newest"),
               dict(people=(PEOPLE[2],)), dict(q=f'"{WORDS[0]} {WORDS[1]}"')]
    with Store(tmp_path / "inc" / "archive.db") as s1, \
            Store(tmp_path / "full" / "archive.db") as s2:
        a = Searcher(tmp_path / "inc", s1.bodies, engine=engine)
        b = Searcher(tmp_path / "full", s2.bodies, engine=engine)
        for q in queries:
            assert answer(a, **q) == answer(b, **q)


def test_deleted_articles_leave_the_results(tmp_path, engine):
    data = tmp_path / "data"
    build(data, engine)
    gone = [a for a in ARTICLES if WORDS[0] in tokens(a)][:3]
    with Store(data / "archive.db") as store:
        with store.transaction():
            for a in gone:
                store.delete(a.id)
        sync(store, data, engine=engine)
        r = Searcher(data, store.bodies, engine=engine).search(
            SearchRequest(q=WORDS[0], per_page=100))
    assert r.total == sum(WORDS[0] in tokens(a) for a in ARTICLES) - 3
    assert not {a.id for a in gone} & {h.id for h in r.hits}


def test_a_lost_index_is_reported_and_rebuilt_from_the_store(tmp_path, engine):
    data = tmp_path / "data"
    build(data, engine)
    (data / "index").unlink()
    with Store(data / "archive.db") as store:
        with pytest.raises(IndexDamaged):
            Searcher(data, store.bodies, engine=engine).search(SearchRequest(q=WORDS[0]))
        sync(store, data, full=True, engine=engine)
        r = Searcher(data, store.bodies, engine=engine).search(SearchRequest(q=WORDS[0]))
    assert r.total == sum(WORDS[0] in tokens(a) for a in ARTICLES)


def test_whooshs_public_path_gives_the_same_answers(tmp_path, monkeypatch):
    from index.whoosh_backend import internals

    queries = [dict(q=WORDS[0]), dict(q=f"{WORDS[1]} AND {WORDS[2]}"), dict(q="quax*"),
               dict(q=f'"{WORDS[0]} {WORDS[1]}"'), dict(q=f"{WORDS[3]} -{WORDS[4]}"),
               dict(q=WORDS[5], people=(PEOPLE[0],)), dict(q=WORDS[6], sort="oldest"), dict()]
    whoosh = backend("whoosh")
    build(tmp_path / "fast", whoosh)
    with Store(tmp_path / "fast" / "archive.db") as store:
        fast = [answer(Searcher(tmp_path / "fast", store.bodies), **q) for q in queries]
    monkeypatch.setattr(internals, "PUBLIC", True)
    build(tmp_path / "public", whoosh)
    assert not list((tmp_path / "public").rglob("*.arr"))  # Whoosh's own codec wrote it
    with Store(tmp_path / "public" / "archive.db") as store:
        public = [answer(Searcher(tmp_path / "public", store.bodies), **q) for q in queries]
    for q, a, b in zip(queries, fast, public, strict=True):
        assert (q, a) == (q, b)


@pytest.mark.parametrize("installed, env, public", [
    ("3.54.0", "", False), ("3.55.0", "", True), ("3.54.0", "1", True)])
def test_the_internals_run_only_on_the_whoosh3_they_were_written_for(installed, env, public):
    probe = (f"import whoosh; whoosh.versionstring = lambda: {installed!r}; "
             "from index.whoosh_backend import internals; print(internals.PUBLIC)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, env={"NEWS_ARCHIVE_WHOOSH_PUBLIC": env, "PATH": ""})
    assert out.stdout.strip() == str(public)


CORRECTIONS = [(PEOPLE[0], PEOPLE[1]),  # merge
               (PEOPLE[2], "Cyrus Ostrow"),  # an alias to a name no document was written with
               (PEOPLE[3], ""),  # ignore
               (PEOPLE[0], None)]  # unmerge


def corrected_queries() -> list[dict]:
    """Searches whose answers a correction of people changes."""
    return [dict(), dict(people=(PEOPLE[1],)), dict(people=("cyrus ostrow",), sort="oldest"),
            dict(q=f'person:"{PEOPLE[1]}"'), dict(q=f'person:"{PEOPLE[1]}" {WORDS[0]}'),
            dict(q=f'NOT person:"{PEOPLE[1]}"'), dict(q=f'{WORDS[0]} -person:"Cyrus Ostrow"'),
            dict(q=f'person:"{PEOPLE[3]}"'), dict(people=(PEOPLE[0], PEOPLE[4]), sort="newest"),
            dict(q=WORDS[1], people=(PEOPLE[1],), page=2, per_page=5)]


def answers(data, store, engine, queries) -> list[tuple]:
    """Each query's answer (total, ranked hits, facets) and every hit's people (by id: the
    order is the answer's, where ties may fall either way)."""
    searcher = Searcher(data, store.bodies, engine=engine)
    out = []
    for q in queries:
        shown = searcher.search(SearchRequest(**{"per_page": 100, **q}))
        out.append((q, answer(searcher, **{k: v for k, v in q.items() if k != "per_page"}),
                    sorted((h.id, h.people) for h in shown.hits)))
    searcher.close()
    return out


def unscored(answered: list[tuple]) -> list[tuple]:
    """The answers with each query's ranked hits as one set."""
    return [(q, (total, set().union(*(ids for _, ids in ranked)), facets), people)
            for q, (total, ranked, facets), people in answered]


def correct(data, engine, corrections) -> None:
    """Apply person corrections as `archive entities` does: in the registry, then a sync."""
    with Store(data / "archive.db") as store:
        for name, into in corrections:
            with store.transaction():
                store.registry.correct(name, into)
            sync(store, data, engine=engine)


@pytest.mark.parametrize("steps", [CORRECTIONS[:1], CORRECTIONS[:3], CORRECTIONS])
def test_corrected_people_answer_as_a_full_rebuild_does(tmp_path, engine, steps):
    data = tmp_path / "data"
    build(data, engine, batches=3)
    correct(data, engine, steps)
    queries = corrected_queries()
    with Store(data / "archive.db") as store:
        stored = list(store.iter_articles())
        corrected = answers(data, store, engine, queries)
        sync(store, data, full=True, engine=engine)
        rebuilt = answers(data, store, engine, queries)
    from index.whoosh_backend import internals

    if internals.PUBLIC:
        # Rewritten documents leave deleted copies in the statistics until a merge: their
        # scores differ from a rebuild's (the overlay's do not), not what they match.
        corrected, rebuilt = unscored(corrected), unscored(rebuilt)
    for a, b in zip(corrected, rebuilt, strict=True):
        assert a == b
    # ... and as the store has them: the people facet, and each person's filter total.
    people = Counter(p for a in stored for p in a.people)
    assert dict(corrected[0][1][2]["people"]) == people
    assert {i: p for i, p in corrected[0][2]} == {a.id: a.people for a in stored}
    assert corrected[1][1][0] == people[PEOPLE[1]]
    assert corrected[2][1][0] == people["Cyrus Ostrow"]
    assert corrected[5][1][0] == len(stored) - people[PEOPLE[1]]
    assert corrected[7][1][0] == people[PEOPLE[3]]
    if CORRECTIONS[1] in steps:  # found as "cyrus ostrow": in no segment's lexicon
        assert people["Cyrus Ostrow"] > 0 and people[PEOPLE[3]] == 0
