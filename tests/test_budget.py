"""Every query has a cost budget (index/budget.py): the inputs that stalled the server in the
hostile audit are answered with a clear error or within the limits, never with a hang."""

from __future__ import annotations

import itertools
import json
import os
import threading
from pathlib import Path

import pytest
from whoosh import query

from archive.model import Article, article_id
from archive.store import Store
from index import budget
from index.errors import OverBudget, QueryError, TooSlow
from index.request import SearchRequest
from index.searching import Searcher, sync
from index.whoosh_backend import bounds, ranking
from index.whoosh_backend.query import make_parser, parse
from index.whoosh_backend.spelling import Vocabulary
from web import create_app
from web.cli import cli

LABELLED = Path(__file__).parent / "labelled" / "articles.jsonl"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The 410 labelled real articles, in two segments."""
    data = tmp_path_factory.mktemp("budget")
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    articles = [
        Article(id=article_id(r["title"], r["body"]), title=r["title"], body=r["body"],
                source=f"{n}.txt", origin=f"{n}.txt",
                people=("Donald Trump",) if "Trump" in r["body"] else ())
        for n, r in enumerate(rows)
    ]
    with Store(data / "archive.db") as s:
        for part in (articles[:200], articles[200:]):
            with s.transaction():
                for a in part:
                    s.put(a)
            sync(s, data)
    return data


@pytest.fixture
def searcher(archive):
    with Store(archive / "archive.db") as s, Searcher(archive, s.bodies) as searcher:
        yield searcher


def search(searcher, q: str = "", **kw):
    return searcher.search(SearchRequest(q=q, **kw))


@pytest.mark.parametrize("q, says", [
    ("trump~9", "a fuzzy term allows at most 2 edits; write trump~2 or trump~"),
    ("trump~3", "a fuzzy term allows at most 2 edits"),
    ("??*", "??*: a wildcard needs at least 1 letter before its first * or ?"),
    ("*e*", "*e*: a wildcard needs at least 1 letter before its first * or ?"),
    ("[a TO]", "[a TO ]: a range of words needs both ends, e.g. [apple TO apricot]"),
    ("[TO z]", "a range of words needs both ends"),
    ("kim AND [a TO z]", "[a TO z] stands for more than 500 words"),
    ("x" * 10_000, "the query is 10,000 characters long: at most 1,000"),
    (" ".join(f"w{i}" for i in range(101)), "the query has 101 words and patterns: at most 100"),
])
def test_queries_over_budget_say_what_to_change(searcher, q, says):
    with pytest.raises(OverBudget) as caught:
        search(searcher, q)
    assert says in str(caught.value)
    assert isinstance(caught.value, QueryError)  # the CLI's exit 2, the web's 400


@pytest.mark.parametrize("q", ["trump~2", "trump~", "tru*", "gov?rn", "[tr TO ts]",
                               "kim AND tru*", "title:elect*", "trump~2/0"])
def test_queries_within_budget_are_answered(searcher, q):
    assert search(searcher, q).total > 0


def test_a_fuzzy_term_keeps_its_first_letter(searcher):
    reader = searcher._view._s.reader()
    q = bounds.bound(query.FuzzyTerm("body", "trump", maxdist=2, prefixlength=0), reader)
    words = {t.text for t in q.leaves()} if q.children() else {q.text}
    assert words and all(w.startswith("t") for w in words)


def test_a_pattern_with_too_many_words_is_turned_away(searcher, monkeypatch):
    monkeypatch.setattr(budget, "MAX_EXPANSION", 5)
    with pytest.raises(OverBudget, match=r"tr\* stands for more than 5 words.*add letters"):
        search(searcher, "tr*")
    monkeypatch.setattr(budget, "MAX_SCAN", 3)
    with pytest.raises(OverBudget, match="would look through more than 3 words"):
        search(searcher, "t?e")


@pytest.mark.parametrize("text", ["tru*", "gov?rn", "trump~/1", "trump~2/1", "[tr TO ts]",
                                  "china AND tra*", "police OR arm*", "title:elect* OR trump",
                                  "trump~1/1 OR trudeau~1/1", "truc*"])
@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_expanded_queries_match_as_whoosh_and_rank_as_its_or(searcher, text, sort):
    """Expanded into their words, wildcards, fuzzy terms and ranges match the articles Whoosh
    matched (one document at a time), ranked by the arrays as Whoosh ranks the OR of words."""
    whoosh = searcher._view._s
    q = parse(make_parser(whoosh.schema), text)
    bounded = bounds.bound(q, whoosh.reader())
    assert bounded is not q
    assert searcher.search(SearchRequest(q=text)).total == len(whoosh.search(q, limit=None))
    kw = {"sortedby": "sort_newest", "reverse": True} if sort == "newest" else {}
    expected = [(h.docnum, h.score) for h in whoosh.search(bounded, limit=None, **kw)]
    assert sorted(d for d, _ in expected) == sorted(h.docnum for h in whoosh.search(q, limit=None))
    got = ranking.rank(searcher._view._c, whoosh, bounded, bounded, sort, 10_000)
    assert got is not None  # the arrays ranked it, not Whoosh
    if sort == "relevance":
        # The same scores, and the same order but among scores equal to 9 digits: the sums
        # of many words' scores are added in another order than Whoosh's, so two that tie
        # may differ in their last bit (and then fall in either order).
        assert [round(s, 9) for _, s in got] == [round(s, 9) for _, s in expected]
        assert _by_score(got) == _by_score(expected)
    else:
        assert [d for d, _ in got] == [d for d, _ in expected]
    assert got


def _by_score(ranked: list[tuple[int, float]]) -> list[tuple[float, frozenset]]:
    """The documents in groups of the same score (to 9 digits), in order."""
    return [(score, frozenset(d for d, _ in group))
            for score, group in itertools.groupby(ranked, key=lambda h: round(h[1], 9))]


def test_a_long_word_is_not_looked_up_for_suggestions(searcher, monkeypatch):
    """A 10,000-letter word ran Whoosh's automaton for 85 s: no word longer than any the
    vocabulary keeps (plus two edits) is looked up."""
    looked = []
    real = Vocabulary._first_at_or_after
    monkeypatch.setattr(Vocabulary, "_first_at_or_after",
                        lambda self, text: looked.append(text) or real(self, text))
    assert searcher.suggest("a" * 10_000) is None
    assert searcher.suggest("trumpp " + "b" * 27) in (None, "trump " + "b" * 27)
    assert all(len(t) < 30 for t in looked)
    assert searcher.suggest("goverment") == "government"
    assert looked


def test_only_the_first_misspelt_words_are_looked_up(searcher, monkeypatch):
    asked = []
    real = Vocabulary.suggest
    monkeypatch.setattr(Vocabulary, "suggest",
                        lambda self, word, maxdist=2: asked.append(word) or real(self, word))
    searcher.suggest(" ".join(f"zzq{chr(97 + i)}x" for i in range(20)))
    assert len(asked) == budget.MAX_SUGGESTED_WORDS


def test_filter_values_are_capped(searcher):
    people = tuple(f"Unknown Person {i}" for i in range(200))
    with pytest.raises(OverBudget, match="200 person filters: choose at most 50"):
        search(searcher, people=people)
    with pytest.raises(OverBudget, match="outlet filters"):
        search(searcher, outlets=people[:51])


def test_unknown_names_read_the_lexicon_once(searcher, monkeypatch):
    """Each unknown person= value scanned the whole lexicon (200 of them: 48 s)."""
    searcher._view._c.names.clear()
    scans = []
    whoosh = searcher._view._s
    real = whoosh.lexicon
    monkeypatch.setattr(whoosh, "lexicon", lambda field: scans.append(field) or real(field),
                        raising=False)
    people = tuple(f"Unknown Person {i}" for i in range(49)) + ("donald trump",)
    result = search(searcher, people=people)
    assert scans == ["people"]
    assert result.total > 0  # "donald trump" found as "Donald Trump"
    assert search(searcher, 'person:"DONALD TRUMP"').total == result.total
    assert scans == ["people"]


def test_a_search_past_its_deadline_stops(searcher, monkeypatch):
    monkeypatch.setattr(budget, "DEADLINE", 0.0)
    with pytest.raises(TooSlow, match="took too long"):
        search(searcher, "tru*")
    with pytest.raises(TooSlow):
        search(searcher, '"prime minister" OR police')


def test_heavy_searches_run_a_few_at_a_time(searcher, monkeypatch):
    """With every heavy slot taken, a wildcard waits (within its deadline) and is turned away,
    while plain searches go on."""
    monkeypatch.setattr(budget, "DEADLINE", 0.2)
    taken = [budget._heavy.acquire(timeout=1) for _ in range(budget.HEAVY_AT_ONCE)]
    try:
        assert all(taken)
        with pytest.raises(TooSlow, match="busy with other wildcard and fuzzy searches"):
            search(searcher, "tru*")
        assert search(searcher, "trump").total > 0
    finally:
        for _ in taken:
            budget._heavy.release()
    assert search(searcher, "tru*").total > 0  # and its slot was given back
    assert search(searcher, "tru*").total > 0


def test_heavy_slots_are_given_back_after_errors(searcher, archive):
    for _ in range(budget.HEAVY_AT_ONCE + 2):
        with pytest.raises(OverBudget):
            search(searcher, "tru* OR [a TO]")
    done = []

    def run():
        with Store(archive / "archive.db") as s, Searcher(archive, s.bodies) as mine:
            done.append(search(mine, "tru*").total)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(done) == 4 and all(done)


# -- at the edges: the CLI and the web ---------------------------------------------------


def test_cli_over_budget_exits_2_with_the_message(archive, runner):
    r = runner.invoke(cli, ["--data", str(archive), "search", "trump~9"])
    assert r.exit_code == 2
    assert "a fuzzy term allows at most 2 edits; write trump~2 or trump~" in r.output
    r = runner.invoke(cli, ["--data", str(archive), "search", "*e*"])
    assert r.exit_code == 2 and "a wildcard needs at least 1 letter" in r.output


@pytest.fixture
def client(archive):
    return create_app({"DATA_DIR": str(archive), "TESTING": True}).test_client()


@pytest.mark.parametrize("q", ["trump~9", "??*", "[a TO]", "x" * 10_000])
def test_web_over_budget_is_a_400_with_the_message(client, q):
    r = client.get("/", query_string={"q": q})
    assert r.status_code == 400
    assert "what to change" not in r.get_data(as_text=True)  # the real message, not a stock one
    r = client.get("/api/search", query_string={"q": q})
    assert r.status_code == 400 and r.is_json and r.get_json()["error"]


def test_web_200_unknown_people_is_a_400(client):
    r = client.get("/api/search", query_string=[("person", f"Nobody {i}") for i in range(200)])
    assert r.status_code == 400
    assert r.get_json() == {"error": "200 person filters: choose at most 50"}


def test_export_of_a_pattern_over_budget_is_a_400(client, monkeypatch):
    monkeypatch.setattr(budget, "MAX_EXPANSION", 5)
    r = client.get("/export.json?q=a*")
    assert r.status_code == 400 and r.is_json
    assert "a* stands for more than 5 words" in r.get_json()["error"]
    monkeypatch.setattr(budget, "MAX_EXPANSION", 1000)
    r = client.get("/export.json?q=tru*")
    assert r.status_code == 200 and len(r.get_json()) > 10


def test_web_past_the_deadline_is_a_503(client, monkeypatch):
    monkeypatch.setattr(budget, "DEADLINE", 0.0)
    r = client.get("/?q=tru*")
    assert r.status_code == 503 and "took too long" in r.get_data(as_text=True)
    r = client.get("/api/search?q=tru*")
    assert r.status_code == 503 and "took too long" in r.get_json()["error"]
    r = client.get("/export.csv?q=tru*")
    assert r.status_code == 503


def _worker_processes(worker) -> list:
    pool = worker._pool
    return [] if pool is None else list(pool._processes.values())


def test_heavy_searches_run_in_the_worker_process_and_plain_ones_here(archive):
    """With a HeavyWorker (the web server's), a wildcard search is answered by its worker
    process (at a lower priority), the same as here; a plain search never starts it; close
    stops it."""
    from index.worker import HeavyWorker

    worker = HeavyWorker(archive)
    try:
        with Store(archive / "archive.db") as s, \
                Searcher(archive, s.bodies, heavy=worker) as far, \
                Searcher(archive, s.bodies) as near:
            plain = far.search(SearchRequest(q="police"))
            assert plain.total == near.search(SearchRequest(q="police")).total > 0
            assert _worker_processes(worker) == []
            for q in ("tru*", "police AND elect*", "trump~1"):
                there, here = far.search(SearchRequest(q=q)), near.search(SearchRequest(q=q))
                assert (q, there.total, [h.id for h in there.hits]) == \
                    (q, here.total, [h.id for h in here.hits])
            [process] = _worker_processes(worker)
            assert process.is_alive() and process.pid != os.getpid()
            # Below the server's priority: plain searches come first on a busy machine.
            mine = os.getpriority(os.PRIO_PROCESS, 0)
            assert os.getpriority(os.PRIO_PROCESS, process.pid) == min(19, mine + 10)
            with pytest.raises(OverBudget):  # the budget's answers come back as they were
                far.search(SearchRequest(q="kim AND [a TO z]"))
    finally:
        worker.close()
    assert not process.is_alive()
