"""The JSON API (the same JSON as the command line's --json) and exports of results."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, current_app, jsonify, request

from archive.errors import NotFound, QueryError
from index import budget
from index.query import MAX_PER_PAGE
from index.searching import SearchRequest
from web.db import get_searcher, get_store, status_of

bp = Blueprint("api", __name__)

EXPORT_FIELDS = ("id", "title", "published", "source", "outlet", "people", "outlets", "score")


@bp.route("/api/search")
def api_search():
    try:
        per_page = int(request.args.get("limit") or current_app.config["PER_PAGE"])
        req = SearchRequest.from_args(request.args, per_page=per_page)
        result = get_searcher().search(req)
    except (QueryError, ValueError) as exc:
        return jsonify({"error": str(exc)}), status_of(exc)
    return jsonify(result.to_dict())


@bp.route("/api/article/<article_id>")
def api_article(article_id: str):
    store = get_store()
    try:
        a = store.get(article_id)
    except NotFound as exc:
        return jsonify({"error": str(exc)}), 404
    return jsonify(
        {**a.to_dict(), "also_published_as": [o.to_dict(body=False) for o in
                                              store.group_members(article_id)]}
    )


def export_hits(limit: int):
    """Yield every hit of the request's search, page by page, up to `limit`."""
    page = 1
    sent = 0
    while sent < limit:
        req = SearchRequest.from_args(request.args, per_page=MAX_PER_PAGE, page=page,
                                      facets=False)
        result = get_searcher().search(req)
        for hit in result.hits[: limit - sent]:
            yield hit
            sent += 1
        if page >= result.pages or not result.hits:
            return
        page += 1


@bp.route("/export.<fmt>")
def export(fmt: str):
    if fmt not in ("csv", "json"):
        return jsonify({"error": "export as .csv or .json"}), 404
    limit = current_app.config["EXPORT_LIMIT"]
    try:
        with budget.deadline():  # the whole export, not each of its pages
            hits = [h.to_dict() for h in export_hits(limit)]
    except QueryError as exc:
        return jsonify({"error": str(exc)}), status_of(exc)
    for h in hits:
        h.pop("snippet", None)
    name = f"news-archive-results.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "json":
        body = json.dumps(hits, ensure_ascii=False, indent=1)
        return Response(body, mimetype="application/json", headers=headers)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    for h in hits:
        row = [h[f] if not isinstance(h[f], list) else "; ".join(h[f]) for f in EXPORT_FIELDS]
        writer.writerow([_cell(v) for v in row])
    return Response(out.getvalue(), mimetype="text/csv", headers=headers)


def _cell(value) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
