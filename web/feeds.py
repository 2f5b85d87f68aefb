"""Atom feeds: one for any search URL (/feed.atom?q=...) and one per saved search.

Built with feedgen; entries newest first, each linking to the article's page.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, time

from flask import Blueprint, Response, abort, request, url_for

from archive.alerts import Alerts
from archive.errors import ArchiveError, NotFound
from index.errors import QueryError
from index.searching import SearchRequest
from web.db import data_dir, get_searcher, get_store
from web.facets import url

bp = Blueprint("feeds", __name__)

ENTRIES = 50
ATOM = "application/atom+xml; charset=utf-8"


@bp.route("/feed.atom")
def search_feed():
    try:
        req = replace(SearchRequest.from_args(request.args), sort="newest", page=1,
                      per_page=ENTRIES, facets=False)
    except QueryError as exc:
        abort(400, str(exc))
    title = f"News archive: {req.q or 'all articles'}"
    return feed(req, title, self_url=request.url)


@bp.route("/alerts/<name>/feed.atom")
def alert_feed(name: str):
    try:
        alert = Alerts(data_dir()).get(name)
    except NotFound:
        abort(404, f"There is no saved search named {name}.")
    except ArchiveError as exc:
        abort(400, str(exc))
    req = SearchRequest(**alert.request_args(), sort="newest", per_page=ENTRIES, facets=False)
    return feed(req, f"News archive: {name}", self_url=request.url)


def feed(req: SearchRequest, title: str, self_url: str) -> Response:
    from feedgen.feed import FeedGenerator

    try:
        result = get_searcher().search(req)
    except QueryError as exc:
        abort(400, str(exc))
    added = get_store().added_times(h.id for h in result.hits)
    fg = FeedGenerator()
    fg.id(self_url)
    fg.title(title)
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    page = url("/", {k: v for k, v in req.filter_args().items() if k != "sort"})
    fg.link(href=request.host_url.rstrip("/") + page, rel="alternate", type="text/html")
    fg.generator("news-archive")
    fg.author(name="news-archive")  # RFC 4287: a feed names an author if its entries do not
    times = []
    for hit in reversed(result.hits):  # feedgen puts each new entry first
        when = _when(hit.published, added.get(hit.id))
        times.append(when)
        entry = fg.add_entry()
        entry.id(url_for("views.article", article_id=hit.id, _external=True))
        entry.title(hit.title)
        entry.link(href=url_for("views.article", article_id=hit.id, _external=True))
        entry.updated(when)
        if hit.published:
            entry.published(when)
        entry.summary(_plain(hit.snippet))
        for person in hit.people[:10]:
            entry.category(term=person, label=person)
    fg.updated(max(times, default=datetime.now(UTC)))
    return Response(fg.atom_str(pretty=True), mimetype=ATOM)


def _when(published, added: str | None) -> datetime:
    """An entry's date: the day it was published, else when it was stored."""
    if published:
        return datetime.combine(published, time(), UTC)
    if added:
        return datetime.fromisoformat(added)
    return datetime.now(UTC)


def _plain(snippet: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", snippet))
