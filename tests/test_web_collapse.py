"""Near-duplicates in the web: the Group toggle, "N articles in M stories", the sort label,
and the phone layout's Filters button (its markup; the browser tests drive it)."""

from __future__ import annotations

import re

import pytest

from archive.store import Store
from index.searching import Searcher, SearchRequest, sync
from tests.test_dedupe import KANYE, LOOK_BACK, REWRITE, art
from web import create_app


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    data = tmp_path_factory.mktemp("collapse")
    with Store(data / "archive.db") as s:
        with s.transaction():
            s.put(art("Kanye keeps going", KANYE, "/a.txt"))
            s.put(art("Ye keeps going", REWRITE, "/b.txt"))
            s.put(art("A look back", LOOK_BACK, "/c.txt"))
        sync(s, data)
    return data


def total_line(html: str) -> str:
    found = re.search(r'<p class="total">(.*?)</p>', html, re.S).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found)).strip()


def test_stories_counts_the_groups_of_the_matches(data):
    with Store(data / "archive.db") as s, Searcher(data, s.bodies) as searcher:
        assert searcher.stories(SearchRequest(q="kardashian")) == 2
        assert searcher.stories(SearchRequest(q="kardashian", people=("Nobody",))) == 0
        assert searcher.stories(SearchRequest(q="nothingatall")) == 0


def test_the_group_toggle_and_the_totals_when_grouped(data):
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    plain = client.get("/?q=kardashian").get_data(as_text=True)
    assert total_line(plain) == "3 articles for kardashian"
    assert '<a href="/?q=kardashian&amp;collapse=1">Group near-duplicates</a>' in plain
    grouped = client.get("/?q=kardashian&collapse=1").get_data(as_text=True)
    assert total_line(grouped) == "3 articles for kardashian in 2 stories"
    assert '<a href="/?q=kardashian">Show every copy</a>' in grouped
    assert len(re.findall(r'<li class="hit">', grouped)) == 2


def test_the_home_page_says_newest_first_and_has_a_filters_button(data):
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    home = client.get("/").get_data(as_text=True)
    assert "<strong>newest</strong>" in home and '<a href="/?sort=newest">' not in home
    assert ('<button type="button" class="filters-toggle" aria-expanded="false" '
            'aria-controls="facets" hidden>Filters</button>') in home
    assert '<script src="/static/filters.js" defer></script>' in home
    ranked = client.get("/?q=kardashian").get_data(as_text=True)
    assert "<strong>relevance</strong>" in ranked


def test_the_search_box_suggests_names_from_the_archive_at_hand(data):
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    home = client.get("/").get_data(as_text=True)
    placeholder = re.search(r'id="q"[^>]* placeholder="([^"]*)"', home).group(1)
    assert "Kardashian" not in placeholder  # no people were extracted in this archive
    assert placeholder == 'words, &#34;a phrase&#34;, title:word, person:&#34;Name&#34;'


def test_the_placeholder_takes_the_most_frequent_person_and_outlet(tmp_path):
    from tests.corpus import build

    build(tmp_path)
    client = create_app({"DATA_DIR": str(tmp_path), "TESTING": True}).test_client()
    home = client.get("/").get_data(as_text=True)
    placeholder = re.search(r'id="q"[^>]* placeholder="([^"]*)"', home).group(1)
    assert placeholder == ('words, &#34;a phrase&#34;, person:&#34;Kanye West&#34;, '
                           'outlet:&#34;People&#34;')
