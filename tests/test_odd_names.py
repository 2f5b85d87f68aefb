"""Names with commas, slashes and dots are facet values as written, and their links work."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from archive.model import Article, article_id
from archive.store import Store
from index.request import SearchRequest
from index.searching import Searcher, sync
from web import create_app

PEOPLE = ("@SUM(1,1)", "Smith, John", "Kim Kardashian")
OUTLETS = ("AC/DC Weekly", "..", ".", "News\\Desk")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    data = tmp_path_factory.mktemp("odd")
    with Store(data / "archive.db") as store:
        with store.transaction():
            for i, outlet in enumerate(OUTLETS):  # each article published by one
                title, body = f"Odd names {i}", f"A story about odd names, number {i}."
                store.put(Article(id=article_id(title, body), title=title, body=body,
                                  source=f"{i}.txt", origin=f"/{i}.txt", outlet=outlet,
                                  published=date(2021, 1, i + 1), people=PEOPLE,
                                  outlets=(outlet,)))
        sync(store, data)
    return data


def test_facet_values_keep_commas_slashes_and_dots(data):
    with Store(data / "archive.db") as store, Searcher(data, store.bodies) as s:
        r = s.search(SearchRequest(q="odd"))
        assert {v.value for v in r.facets["people"]} == set(PEOPLE)
        assert {v.value for v in r.facets["outlets"]} == set(OUTLETS)
        assert {v.value for v in r.facets["publisher"]} == set(OUTLETS)
        assert set(r.hits[0].people) == set(PEOPLE)
        for name in PEOPLE:
            assert s.search(SearchRequest(people=(name,))).total == len(OUTLETS)
            assert s.search(SearchRequest(q=f'person:"{name}"')).total == len(OUTLETS)
        for name in OUTLETS:
            assert s.search(SearchRequest(outlets=(name,))).total == 1
            assert s.search(SearchRequest(publishers=(name,))).total == 1


def test_every_name_link_opens_that_names_page(data):
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    page = client.get("/?q=odd").get_data(as_text=True)
    links = {unescape(m[2]): unescape(m[1]) for m in re.finditer(
        r'href="(/(?:person|outlet)[^"]*)"[^>]*><bdi>([^<]*)</bdi>', page)}
    assert set(PEOPLE) | set(OUTLETS) <= set(links)
    for name, link in links.items():
        # As a browser follows it: "." and ".." segments of a path are resolved first.
        followed = urlsplit(urljoin("http://localhost/", link))
        entity = client.get(followed.path + (f"?{followed.query}" if followed.query else ""))
        assert entity.status_code == 200, (name, link)
        assert f"<bdi>{name}</bdi>" in unescape(entity.get_data(as_text=True)), (name, link)
