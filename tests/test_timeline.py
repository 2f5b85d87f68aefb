"""The timeline's bars and their counts, checked against the store."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from archive.model import Article, article_id
from archive.store import Store
from index.searching import Searcher, SearchRequest, sync
from web import create_app
from web.timeline import timeline


def dated(n: int, day: date, word: str = "harbour") -> Article:
    title, body = f"Story {n} on the {word}", f"The {word} story number {n}."
    people = ("Jane Doe",) if word == "harbour" else ()
    return Article(id=article_id(title, body), title=title, body=body, source=f"{n}.txt",
                   origin=f"/{n}.txt", published=day, people=people)


# 2021-03: days 1, 1, 2, 15, 31; 2021-04-10; then airport stories in 2021-05, 2019 and 2015.
DAYS = [date(2021, 3, 1), date(2021, 3, 1), date(2021, 3, 2), date(2021, 3, 15),
        date(2021, 3, 31), date(2021, 4, 10)]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    data = tmp_path_factory.mktemp("timeline")
    with Store(data / "archive.db") as s:
        with s.transaction():
            for n, day in enumerate(DAYS):
                s.put(dated(n, day))
            s.put(dated(99, date(2021, 5, 3), "airport"))
            s.put(dated(98, date(2019, 1, 5), "airport"))
            s.put(dated(97, date(2015, 6, 1), "airport"))
        sync(s, data)
    return data


def chart(data, **args) -> dict:
    with Store(data / "archive.db") as store, Searcher(data, store.bodies) as searcher:
        req = SearchRequest(**args)
        return timeline(searcher.search(req), searcher, {"q": args.get("q", "")})


def test_entity_pages_have_the_timeline_too(data):
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    html = client.get("/person/Jane Doe").get_data(as_text=True)
    assert "<title>week of 1 Mar 2021: 3 articles</title>" in html
    assert '<a href="/?person=Jane+Doe&amp;from=2021-03-01&amp;to=2021-03-07">' in html


def from_store(data, q_word: str, lo: date, hi: date) -> int:
    with Store(data / "archive.db") as store:
        return sum(1 for a in store.iter_articles()
                   if (not q_word or q_word in a.body) and a.published and lo <= a.published <= hi)


def test_one_month_of_hits_is_day_bars_with_the_stores_counts(data):
    c = chart(data, q="harbour", date_from="2021-03", date_to="2021-03")
    assert (c["step"], len(c["bars"])) == ("day", 31)
    counts = {b["label"]: b["count"] for b in c["bars"] if b["count"]}
    assert counts == {"1 Mar 2021": 2, "2 Mar 2021": 1, "15 Mar 2021": 1, "31 Mar 2021": 1}
    for i, b in enumerate(c["bars"]):
        day = date(2021, 3, 1) + timedelta(days=i)
        assert b["count"] == from_store(data, "harbour", day, day)
        assert b["url"] == f"/?q=harbour&from={day}&to={day}"
    assert c["zoom_out"] == "/?q=harbour&from=2021&to=2021"


def test_two_months_of_hits_are_week_bars(data):
    c = chart(data, q="harbour")
    assert c["step"] == "week"
    assert [(b["label"], b["count"]) for b in c["bars"] if b["count"]] == [
        ("week of 1 Mar 2021", 3), ("week of 15 Mar 2021", 1), ("week of 29 Mar 2021", 1),
        ("week of 5 Apr 2021", 1)]
    assert sum(b["count"] for b in c["bars"]) == from_store(data, "harbour", date(2021, 1, 1),
                                                           date(2021, 12, 31))
    assert c["bars"][0]["url"] == "/?q=harbour&from=2021-03-01&to=2021-03-07"
    assert c["zoom_out"] is None


def test_a_span_of_a_few_months_is_month_bars_and_of_years_year_bars(data):
    months = chart(data, date_from="2019")
    assert (months["step"], len(months["bars"])) == ("month", 29)
    assert [(b["label"], b["count"]) for b in months["bars"] if b["count"]] == [
        ("Jan 2019", 1), ("Mar 2021", 5), ("Apr 2021", 1), ("May 2021", 1)]
    years = chart(data)
    assert years["step"] == "year"
    assert [(b["label"], b["count"]) for b in years["bars"]] == [
        ("2015", 1), ("2016", 0), ("2017", 0), ("2018", 0), ("2019", 1), ("2020", 0),
        ("2021", 7)]
    assert years["bars"][-1]["url"] == "/?from=2021&to=2021"


def test_the_page_shows_counts_on_hover_and_as_text(data):
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    html = client.get("/?q=harbour&from=2021-03&to=2021-03").get_data(as_text=True)
    assert "<title>1 Mar 2021: 2 articles</title>" in html
    assert '<li><a href="/?q=harbour&amp;from=2021-03-01&amp;to=2021-03-01">1 Mar 2021</a>: ' \
           "2 articles</li>" in html
    assert '<a class="zoom" href="/?q=harbour&amp;from=2021&amp;to=2021">Zoom out</a>' in html
