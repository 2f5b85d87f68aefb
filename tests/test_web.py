"""The web app through Flask's test client: every page and parameter, and hostile input."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from archive.model import Article, article_id
from archive.store import Store
from index.searching import sync
from tests.corpus import ARTICLES
from web import create_app

EVIL_TITLE = '<script>alert("t")</script> Evil title'
EVIL_BODY = (
    "Kim Kardashian said <script>alert('b')</script> about the divorce. "
    '<a href="javascript:alert(1)">click</a> <img src=x onerror=alert(2)>'
)
EVIL = Article(
    id=article_id(EVIL_TITLE, EVIL_BODY), title=EVIL_TITLE, body=EVIL_BODY, source="evil.txt",
    origin="/evil.txt", published=date(2022, 3, 4), people=("Kim Kardashian", "<b>Bad</b>"),
    outlets=("TMZ",), url="javascript:alert(3)",
)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("web")
    with Store(data / "archive.db") as s:
        with s.transaction():
            for a in [*ARTICLES, EVIL]:
                s.put(a)
        sync(s, data)
    return create_app({"DATA_DIR": str(data), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def page(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.data[:500])
    return r.get_data(as_text=True)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def no_script(html: str) -> None:
    """No markup from the articles gets through: no script, img, handler or javascript: link."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        if tag == "script" and attrs.get("src", "").startswith("/static/"):
            continue  # the app's own scripts, from its static folder
        assert tag not in ("script", "img", "iframe", "b"), tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:")


def test_every_response_has_a_strict_content_security_policy(client):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_search_page_lists_hits_with_highlighted_snippets(client):
    html = page(client, "/?q=divorce")
    assert "<strong>6</strong> articles for <q>divorce</q>" in html
    assert '<mark class="match term0">divorce</mark>' in html
    assert 'Kim Kardashian files for <mark class="match term0">divorce</mark>' in html
    no_script(html)


def test_facets_link_to_filtered_searches_and_show_counts(client):
    html = page(client, "/?q=divorce")
    assert re.search(r'href="/\?q=divorce&amp;person=Kim\+Kardashian"[^>]*>.*Kim Kardashian'
                     r'</bdi></a>\s*<span class="count">2</span>', html)
    filtered = page(client, "/?q=divorce&person=Kim+Kardashian")
    assert "<strong>2</strong> articles" in filtered
    assert "Person: Kim Kardashian" in filtered  # the chip
    assert 'href="/?q=divorce"' in filtered  # removing it


def test_two_values_of_one_facet_combine_with_or(client):
    html = page(client, "/?person=Kanye+West&person=Pete+Davidson")
    assert "<strong>3</strong> articles" in html
    assert html.count('(selected: remove this filter)') == 2


def test_date_range_and_histogram(client):
    html = page(client, "/")
    assert '<svg class="chart"' in html and "2018: 1 article" in html
    one_year = page(client, "/?from=2021&to=2021")
    assert "Published, by month" in one_year
    assert "<strong>3</strong> articles" in one_year
    assert "Feb 2021: 1 article" in one_year


def test_sort_and_pagination(client):
    html = page(client, "/?sort=oldest")
    titles = re.findall(r'<h2><a href="/article/[^"]+">([^<]+)</a></h2>', html)
    assert titles[:2] == ["Script &lt;b&gt;title&lt;/b&gt;", "Senate votes"]
    p2 = page(client, "/?sort=oldest&page=2")
    assert "Page 2 of 1" not in p2 and "page is past the last one" in p2


def test_huge_page_number_is_handled(client):
    assert "page is past the last one" in page(client, "/?page=100000")
    assert "page must be between" in page(client, "/?page=100001", 400)
    assert "must be a whole number" in page(client, "/?page=x", 400)


@pytest.mark.parametrize(
    "q", ['"unclosed', "(divorce", "nofield:x", "published:[x to y]", "divorce)"]
)
def test_malformed_query_explains_itself(client, q):
    html = page(client, "/?q=" + q, 400)
    assert "That query could not be run" in html
    assert "Traceback" not in html


@pytest.mark.parametrize(
    "q", ["*", "AND", "OR OR", "~", "^", "kim^2", "title:", "<script>", "&amp;", "%00", "é"]
)
def test_odd_query_syntax_never_errors(client, q):
    r = client.get("/", query_string={"q": q})
    assert r.status_code in (200, 400)
    no_script(r.get_data(as_text=True))


def test_did_you_mean_links_to_the_corrected_search(client):
    html = page(client, "/?q=divorse&exact=1")
    assert 'Did you mean <a href="/?q=divorce">divorce</a>' in html
    html = page(client, "/?q=divorse")
    assert ("Showing results for <strong>divorce</strong> · search instead for "
            '<a href="/?q=divorse&amp;exact=1">divorse</a>') in html


def test_no_results_page_helps(client):
    html = page(client, "/?q=zebra")
    assert "No articles match" in html and "Browse every article" in html


def test_article_page_marks_the_query_and_shows_evidence(client):
    a = ARTICLES[0]
    html = page(client, f"/article/{a.id}?q=divorce")
    assert '<mark class="match term0">divorce</mark>' in html
    assert "Kim Kardashian" in html and "More like this" in html


def test_hostile_article_is_escaped_everywhere(client):
    for url in [f"/article/{EVIL.id}", "/?q=evil", "/?q=click", "/person/Kim Kardashian",
                "/outlet/TMZ"]:
        no_script(page(client, url))
    html = page(client, f"/article/{EVIL.id}")
    assert "&lt;script&gt;alert('b')&lt;/script&gt;" in html
    assert "javascript:alert(3)" not in html  # the article's own url is not linked


def test_unknown_ids_and_names_are_404(client):
    assert "There is no article with id nope" in page(client, "/article/nope", 404)
    page(client, "/person/Nobody Here", 404)
    page(client, "/outlet/Nothing", 404)
    page(client, "/no/such/page", 404)
    assert client.get("/api/article/nope").status_code == 404


def test_person_page(client):
    html = page(client, "/person/Kim Kardashian")
    assert "<h1 dir=\"auto\">Kim Kardashian</h1>" in html
    assert "<strong>3</strong> articles" in html
    assert "Mentioned alongside" in html and "Kanye West" in html and "Pete Davidson" in html
    assert '<svg class="chart"' in html


def test_outlet_page(client):
    html = page(client, "/outlet/People")
    assert "<h1 dir=\"auto\">People</h1>" in html and "<strong>2</strong> articles" in html


def test_api_search_is_the_cli_json(client):
    r = client.get("/api/search?q=divorce&person=Kim+Kardashian")
    assert r.status_code == 200
    out = r.get_json()
    assert out["total"] == 2 and out["query"] == "divorce"
    assert {"people", "outlets", "published_year", "mentioned_year"} <= set(out["facets"])
    assert set(out["hits"][0]) >= {"id", "title", "published", "source", "people", "outlets",
                                   "snippet", "score"}
    bad = client.get('/api/search?q="oops')
    assert bad.status_code == 400 and "unbalanced" in bad.get_json()["error"]


def test_api_article(client):
    out = client.get(f"/api/article/{ARTICLES[0].id}").get_json()
    assert out["title"] == ARTICLES[0].title and out["body"] == ARTICLES[0].body
    assert out["also_published_as"] == []


def test_exports(client):
    r = client.get("/export.csv?q=divorce")
    assert r.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == 6 and rows[0]["title"] == "Kim Kardashian files for divorce"
    data = json.loads(client.get("/export.json?person=TMZ").data)
    assert data == []
    data = json.loads(client.get("/export.json?outlet=TMZ&sort=oldest").data)
    assert [d["title"] for d in data] == ["Script <b>title</b>", "Kim Kardashian files for divorce",
                                          EVIL_TITLE]
    assert client.get("/export.xml").status_code == 404
    lines = client.get("/export.jsonl?outlet=TMZ&sort=oldest").get_data(as_text=True).splitlines()
    assert [json.loads(line)["title"] for line in lines] == [d["title"] for d in data]
    assert set(json.loads(lines[0])) == {"id", "title", "published", "url", "publisher", "cites",
                                         "people", "snippet"}
    r = client.get('/export.csv?q="unclosed')
    assert r.status_code == 400 and "unbalanced" in r.get_json()["error"]


def test_export_has_every_row_past_a_thousand(tmp_path):
    data = tmp_path / "data"
    with Store(data / "archive.db") as s:
        with s.transaction():
            for i in range(1205):
                s.put(Article(id=article_id(f"Story {i}", f"Harbour news number {i}."),
                              title=f"Story {i}", body=f"Harbour news number {i}.",
                              source=f"{i}.txt", origin=f"/{i}.txt", url=f"https://x.org/{i}"))
        sync(s, data)
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    r = client.get("/export.csv?q=harbour")
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == 1205
    assert len({row["id"] for row in rows}) == 1205
    assert {row["url"] for row in rows} == {f"https://x.org/{i}" for i in range(1205)}


def test_csv_export_defuses_formulas(app, tmp_path):
    from index.export import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("plain") == "plain"


def test_empty_archive_says_how_to_ingest(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path / "empty"), "TESTING": True})
    html = app.test_client().get("/").get_data(as_text=True)
    assert "The archive is empty" in html and "ingest" in html


def test_highlight_filter_lets_only_mark_through():
    from web.app import highlighted

    assert highlighted('<mark class="match term0">a</mark> &lt;b&gt;') == (
        '<mark class="match term0">a</mark> &lt;b&gt;'
    )
    assert highlighted('<script>x</script><mark onclick="y">z</mark>') == (
        "&lt;script&gt;x&lt;/script&gt;<mark>z</mark>"
    )


def test_person_and_article_pages_say_how_names_resolved(tmp_path):
    from archive.ingest import ingest
    from tests.conftest import doc

    data = tmp_path / "data"
    docs = [doc(f"Memo {i}", f"Devin Nunes spoke about memo {i} today. Nunes said it would "
                "pass.", source=f"{i}.txt") for i in range(4)]
    docs.append(doc("Short", "Chairman Nunes said on Monday the memo was accurate. Nunes added "
                    "more.", source="short.txt"))
    with Store(data / "archive.db") as s:
        ingest(s, docs)
        sync(s, data)
        short = next(a.id for a in s.iter_articles() if a.title == "Short")
    client = create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()
    html = page(client, "/person/Devin Nunes")
    assert "<h2>Written as</h2>" in html
    assert '<td><bdi>Nunes</bdi></td><td class="num count">1</td><td class="where">across the ' \
        'archive</td>' in html
    html = page(client, f"/article/{short}")
    assert "><bdi>Devin Nunes</bdi></a>" in html
    assert "Nunes → Devin Nunes, across the archive, 0.80" in html


def _edit_app(tmp_path, **config):
    from archive.ingest import ingest
    from tests.conftest import doc

    data = tmp_path / "data"
    docs = [doc(f"Memo {i}", f"{name} said on Monday that memo {i} was accurate.",
                source=f"{name}{i}.txt") for i, name in enumerate(["Devin Nunes", "Tom Price"])]
    with Store(data / "archive.db") as s:
        ingest(s, docs)
        sync(s, data)
    return create_app({"DATA_DIR": str(data), "TESTING": True, "EDIT": True, **config}), data


def test_edit_merge_needs_the_token(tmp_path):
    app, data = _edit_app(tmp_path)
    client = app.test_client()
    html = page(client, "/person/Tom Price")
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    r = client.post("/person/Tom Price/merge", data={"into": "Devin Nunes"})
    assert r.status_code == 403 and b"token" in r.data
    r = client.post("/person/Tom Price/merge", data={"into": "Devin Nunes",
                                                     "csrf_token": "0" * 43})
    assert r.status_code == 403
    r = client.post("/person/Tom Price/merge", data={"into": "Devin Nunes", "csrf_token": token})
    assert r.status_code == 303 and r.headers["Location"].endswith("/person/Devin%20Nunes")
    assert "<strong>2</strong> articles" in page(client, "/person/Devin Nunes")
    r = client.post("/person/Devin Nunes/ignore", data={"csrf_token": token})
    assert r.status_code == 303
    assert json.loads((data / "entities.json").read_text())["ignored"] == ["Devin Nunes"]
    page(client, "/person/Devin Nunes", status=404)


def test_edit_is_off_by_default_and_refused_from_other_machines(tmp_path):
    app, _ = _edit_app(tmp_path, EDIT=False)
    client = app.test_client()
    assert "/merge" not in page(client, "/person/Tom Price")
    assert client.post("/person/Tom Price/ignore", data={}).status_code == 404
    app, _ = _edit_app(tmp_path / "remote")
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page(client, "/person/Tom Price"))[1]
    r = client.post("/person/Tom Price/ignore", data={"csrf_token": token},
                    environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert r.status_code == 403


def test_serve_refuses_edit_on_a_public_host(invoke, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Story\nSome news.\n")
    assert invoke("ingest", str(tmp_path / "in")).exit_code == 0
    result = invoke("serve", "--host", "0.0.0.0", "--edit")
    assert result.exit_code == 2 and "--allow-remote-edit" in result.output


def _many_people_app(tmp_path):
    data = tmp_path / "data"
    with Store(data / "archive.db") as s:
        with s.transaction():
            for i in range(20):
                people = tuple(f"Person Number{chr(65 + j)}" for j in range(i + 1))
                s.put(Article(id=article_id(f"Story {i}", f"Body {i}."), title=f"Story {i}",
                              body=f"Body {i}.", source=f"{i}.txt", origin=f"/{i}.txt",
                              people=people))
        sync(s, data)
    return create_app({"DATA_DIR": str(data), "TESTING": True}).test_client()


def test_facet_more_page_and_api(tmp_path):
    client = _many_people_app(tmp_path)
    html = page(client, "/?q=body")
    assert '<a href="/facets/people?q=body">All people · find one</a>' in html
    html = page(client, "/facets/people?q=body")
    assert html.count('<li class="') == 20 and "<bdi>Person NumberT</bdi>" in html
    html = page(client, "/facets/people?q=body&contains=numbert")
    assert html.count('<li class="') == 1 and "containing <q>numbert</q>" in html
    assert 'href="/?q=body&amp;person=Person+NumberT"' in html
    out = client.get("/api/facets/people?q=body&prefix=numbera").get_json()
    assert out["values"] == [{"value": "Person NumberA", "count": 20, "selected": False}]
    out = client.get("/api/facets/people?limit=3").get_json()
    assert [v["count"] for v in out["values"]] == [20, 19, 18] and out["matching"] == 20
    assert client.get("/api/facets/nothing").status_code == 404
    page(client, "/facets/nothing", status=404)


def test_names_are_isolated_from_the_text_around_them(client):
    """A name with right-to-left overrides cannot reorder the page around it (<bdi>)."""
    html = page(client, "/?q=divorce")
    assert '<bdi>Kim Kardashian</bdi>' in html
    assert '<h1 dir="auto">Kim Kardashian</h1>' in page(client, "/person/Kim Kardashian")
