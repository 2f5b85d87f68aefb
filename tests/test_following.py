"""Following a search from the browser: saved only under --edit, with the CSRF token."""

from __future__ import annotations

import re

import pytest

from archive.alerts import Alerts
from archive.model import Article, article_id
from archive.store import Store
from index.searching import sync
from tests.corpus import build
from web import create_app


def make_client(data, edit: bool):
    app = create_app({"DATA_DIR": str(data), "TESTING": True, "EDIT": edit})
    return app, app.test_client()


@pytest.fixture
def data(tmp_path):
    build(tmp_path)
    return tmp_path


def token(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()


def test_follow_this_search_saves_it_with_its_filters(data):
    _, client = make_client(data, edit=True)
    page = client.get("/?q=divorce&person=Kanye+West").data
    assert b"Follow this search" in page
    assert b'href="/feed.atom?q=divorce&amp;person=Kanye+West"' in page
    done = client.post("/alerts", data={"csrf_token": token(page), "q": "divorce",
                                        "person": "Kanye West", "name": "kanye"})
    assert (done.status_code, done.headers["Location"]) == (303, "/alerts")
    alert = Alerts(data).get("kanye")
    assert (alert.q, alert.people) == ("divorce", ("Kanye West",))
    assert b"nothing new since your last visit" in client.get("/alerts").data


def test_a_post_without_the_token_or_with_a_wrong_one_is_refused(data):
    _, client = make_client(data, edit=True)
    assert client.post("/alerts", data={"q": "divorce"}).status_code == 403
    assert client.post("/alerts", data={"q": "divorce", "csrf_token": "x"}).status_code == 403
    assert Alerts(data).load() == {}


def test_read_only_pages_offer_no_follow_button_and_refuse_the_post(data):
    app, client = make_client(data, edit=False)
    page = client.get("/?q=divorce").data
    assert b"Follow this search" not in page and b"Atom feed of this search" in page
    sent = {"q": "divorce", "csrf_token": app.config["CSRF_TOKEN"]}
    assert client.post("/alerts", data=sent).status_code == 403


def test_new_since_your_last_visit_then_mark_as_seen(data):
    _, client = make_client(data, edit=True)
    page = client.get("/?q=harbour").data
    client.post("/alerts", data={"csrf_token": token(page), "q": "harbour", "name": "harbour"})
    new = Article(id=article_id("Harbour news", "The harbour reopened."), title="Harbour news",
                  body="The harbour reopened.", source="h.txt", origin="/h.txt")
    with Store(data / "archive.db") as s:
        s.put(new)
        sync(s, data)
    assert b"1 new since your last visit" in client.get("/alerts").data
    one = client.get("/alerts/harbour").data
    assert f'href="/article/{new.id}?q=harbour"'.encode() in one
    assert b"<h2>1 new since your last visit</h2>" in one
    client.post("/alerts/harbour/seen", data={"csrf_token": token(one),
                                              "seq": re.search(rb'name="seq" value="(\d+)"',
                                                               one).group(1).decode()})
    assert b"nothing new since your last visit" in client.get("/alerts").data


def test_serve_edit_on_a_public_host_is_refused(invoke, data):
    result = invoke("--data", str(data), "serve", "--edit", "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert "--edit on 0.0.0.0 would let anyone" in result.output
