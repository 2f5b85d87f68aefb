"""Follow a search from the browser: save it (only under `archive serve --edit`), and see
which articles are new for each saved search since the last visit.

Saving and marking as seen are POSTs that carry the server's CSRF token: a page of
another site cannot read the token, so it cannot make the browser save anything.
"""

from __future__ import annotations

import hmac
import re
import secrets

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from archive.alerts import Alert, Alerts
from archive.errors import ArchiveError, NotFound
from index.alerts import new_matches
from index.errors import QueryError
from index.searching import SearchRequest
from web.db import data_dir, get_searcher, get_store
from web.facets import url

bp = Blueprint("following", __name__)


def init_app(app) -> None:
    app.config.setdefault("EDIT", False)
    app.config.setdefault("CSRF_TOKEN", secrets.token_urlsafe(32))
    app.jinja_env.globals["csrf_token"] = lambda: current_app.config["CSRF_TOKEN"]
    app.register_blueprint(bp)


def check_edit() -> None:
    """Refuse a change unless the server was started to allow them and the token is right."""
    if not current_app.config["EDIT"]:
        abort(403, "This archive is served read-only: start it with `archive serve --edit`.")
    sent = request.form.get("csrf_token", "")
    if not hmac.compare_digest(sent.encode(), current_app.config["CSRF_TOKEN"].encode()):
        abort(403, "The form's token is missing or out of date: reload the page and try again.")


def default_name(req: SearchRequest) -> str:
    words = " ".join([req.q, *req.people, *req.outlets]).strip() or "all articles"
    return re.sub(r"[^\w .-]+", " ", words).strip()[:64] or "search"


@bp.post("/alerts")
def follow():
    check_edit()
    try:
        req = SearchRequest.from_args(request.form)
    except QueryError as exc:
        abort(400, str(exc))
    name = (request.form.get("name") or "").strip() or default_name(req)
    seq = get_store().last_seq()
    alert = Alert(name=name, q=req.q, people=req.people, outlets=req.outlets,
                  date_from=req.date_from, date_to=req.date_to, seen_seq=seq, visited_seq=seq)
    try:
        Alerts(data_dir()).add(alert)
    except ArchiveError as exc:
        abort(400, str(exc))
    return redirect(url_for("following.saved"), code=303)


@bp.get("/alerts")
def saved():
    alerts = _alerts()
    rows = [{"alert": a, "new": len(new_matches(get_store(), get_searcher(), a, a.visited_seq)),
             "search_url": search_url(a)} for a in alerts.values()]
    return render_template("alerts.html", rows=rows)


@bp.get("/alerts/<name>")
def saved_one(name: str):
    alert = _alerts().get(name) or abort(404, f"There is no saved search named {name}.")
    hits = new_matches(get_store(), get_searcher(), alert, alert.visited_seq)
    return render_template("alert.html", alert=alert, hits=hits, search_url=search_url(alert),
                           seq=get_store().last_seq())


@bp.post("/alerts/<name>/seen")
def seen(name: str):
    check_edit()
    seq = int(request.form.get("seq", "0") or 0)
    try:
        Alerts(data_dir()).mark_visited(name, min(seq, get_store().last_seq()))
    except NotFound:
        abort(404, f"There is no saved search named {name}.")
    return redirect(url_for("following.saved"), code=303)


def feed_args(req: SearchRequest) -> dict:
    """A search's URL arguments that choose articles (a feed is always newest first)."""
    return {k: v for k, v in req.filter_args().items() if k not in ("sort", "page")}


def search_url(alert: Alert) -> str:
    return url("/", SearchRequest(**alert.request_args()).filter_args())


def _alerts() -> dict[str, Alert]:
    try:
        return Alerts(data_dir()).load()
    except ArchiveError as exc:
        abort(500, str(exc))
