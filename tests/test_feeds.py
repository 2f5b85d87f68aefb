"""Atom feeds of searches and saved searches, parsed and checked against RFC 4287."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from archive.alerts import Alert, Alerts
from tests.corpus import ARTICLES, build
from web import create_app

NS = {"a": "http://www.w3.org/2005/Atom"}
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    data = tmp_path_factory.mktemp("feeds")
    build(data)
    Alerts(data).add(Alert(name="kim", q="", people=("Kim Kardashian",)))
    return create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()


def valid_atom(xml: bytes) -> etree._Element:
    """Parse a feed and check what RFC 4287 requires of a feed and its entries."""
    feed = etree.fromstring(xml)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"a:{name}", NS)) == 1, name
    assert RFC3339.match(feed.findtext("a:updated", namespaces=NS))
    assert feed.find("a:author/a:name", NS) is not None
    assert feed.find("a:link[@rel='self']", NS) is not None
    for entry in feed.findall("a:entry", NS):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"a:{name}", NS)) == 1, name
        assert RFC3339.match(entry.findtext("a:updated", namespaces=NS))
        assert entry.find("a:link", NS).get("href") == entry.findtext("a:id", namespaces=NS)
    return feed


def entries(feed) -> list[tuple[str, str]]:
    return [(e.findtext("a:title", namespaces=NS), e.findtext("a:updated", namespaces=NS)[:10])
            for e in feed.findall("a:entry", NS)]


def test_a_search_feed_lists_the_matches_newest_first(client):
    response = client.get("/feed.atom?q=divorce")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = valid_atom(response.data)
    assert feed.findtext("a:title", namespaces=NS) == "News archive: divorce"
    assert entries(feed)[:4] == [
        ("Kanye West speaks out", "2021-12-06"),
        ("Kim Kardashian files for divorce", "2021-02-19"),
        ("Senate votes", "2019-05-01"),
        ("Script <b>title</b>", "2018-01-01"),
    ]
    assert [t for t, _ in entries(feed)][4:] == ["Undated notes"]


def test_each_entry_links_to_its_article_page(client):
    feed = valid_atom(client.get("/feed.atom?q=election").data)
    [entry] = feed.findall("a:entry", NS)
    href = entry.find("a:link", NS).get("href")
    assert href == f"http://localhost/article/{ARTICLES[3].id}"
    assert client.get(href.removeprefix("http://localhost")).status_code == 200


def test_filters_in_the_url_filter_the_feed(client):
    feed = valid_atom(client.get("/feed.atom?q=divorce&person=Kanye+West").data)
    assert [t for t, _ in entries(feed)] == [
        "Kanye West speaks out", "Kim Kardashian files for divorce"]


def test_a_saved_search_has_its_own_feed(client):
    feed = valid_atom(client.get("/alerts/kim/feed.atom").data)
    assert entries(feed) == [
        ("Pete Davidson and Kim", "2021-11-03"), ("Kim Kardashian files for divorce", "2021-02-19")]
    assert client.get("/alerts/nobody/feed.atom").status_code == 404


def test_a_bad_query_is_a_400(client):
    assert client.get("/feed.atom?q=nosuchfield:x").status_code == 400
