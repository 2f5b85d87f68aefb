"""The JSON API (the same JSON as the command line's --json) and exports of results."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, request

from archive.errors import NotFound
from archive.store import Store
from index import export as export_rows
from index import kinds
from index.errors import QueryError
from index.searching import Searcher, SearchRequest
from web.db import STORE_FILE, data_dir, get_searcher, get_store, status_of

bp = Blueprint("api", __name__)

@bp.route("/api/search")
def api_search():
    try:
        per_page = int(request.args.get("limit") or current_app.config["PER_PAGE"])
        req = SearchRequest.from_args(request.args, per_page=per_page)
        result = get_searcher().search(req)
    except (QueryError, ValueError) as exc:
        return jsonify({"error": str(exc)}), status_of(exc)
    return jsonify(result.to_dict())


@bp.route("/api/facets/<name>")
def api_facet(name: str):
    """One facet's values over the current search's hits, those containing `prefix` (or
    `contains`), most frequent first; `limit` values (default 100)."""
    names = [kind.name for kind in kinds.NAMES]
    if name not in names:
        return jsonify({"error": f"no facet {name!r}: use one of {', '.join(names)}"}), 404
    try:
        limit = int(request.args.get("limit") or 100)
        req = SearchRequest.from_args(request.args, per_page=1, facet_limit=100_000)
        result = get_searcher().search(req)
    except (QueryError, ValueError) as exc:
        return jsonify({"error": str(exc)}), status_of(exc)
    folded = (request.args.get("prefix") or request.args.get("contains") or "").casefold()
    values = [v.to_dict() for v in result.facets.get(name, [])
              if folded in str(v.value).casefold()]
    return jsonify({"facet": name, "total": result.total, "matching": len(values),
                    "values": values[:max(0, limit)]})


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


@bp.route("/export.<fmt>")
def export(fmt: str):
    """Every matching article, streamed (CSV, JSON Lines, or a JSON array): no row limit."""
    if fmt not in (*export_rows.FORMATS, "json"):
        return jsonify({"error": "export as .csv, .jsonl or .json"}), 404
    try:
        req = SearchRequest.from_args(request.args, facets=False)
        get_searcher().search(replace(req, per_page=1))  # a malformed query fails here
    except QueryError as exc:
        return jsonify({"error": str(exc)}), status_of(exc)
    name = f"news-archive-results.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    mimetype = {"csv": "text/csv", "jsonl": "application/x-ndjson", "json": "application/json"}
    return Response(_stream(data_dir(), req, fmt), mimetype=mimetype[fmt], headers=headers)


def _stream(data: Path, req: SearchRequest, fmt: str) -> Iterator[str]:
    """The export's text, written as it is read, with a store and a searcher of its own (the
    request's are closed once the view returns, while the rows are still being sent)."""
    with Store(data / STORE_FILE) as store, \
            Searcher(data, store.bodies, store.mention_spans) as searcher:
        rows = export_rows.rows(searcher, req, store.urls)
        yield from _json_array(rows) if fmt == "json" else export_rows.WRITERS[fmt](rows)


def _json_array(rows) -> Iterator[str]:
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"
