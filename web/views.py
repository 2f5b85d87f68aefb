"""The pages: search, article, person and outlet."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, render_template, request, url_for
from markupsafe import Markup

from archive.errors import NotFound
from archive.registry import HOW_SAID, explain
from index import kinds
from index.errors import QueryError
from index.request import SearchRequest
from web import facets, following, hints, timeline
from web.app import highlighted
from web.db import get_searcher, get_store, status_of

bp = Blueprint("views", __name__)

CONTEXT = 70  # characters of text shown each side of an entity's mention


@bp.route("/")
def search():
    store = get_store()
    if store.count() == 0:
        return render_template("empty.html", data_dir=current_app.config["DATA_DIR"])
    try:
        req = SearchRequest.from_args(request.args, per_page=current_app.config["PER_PAGE"])
        result = get_searcher().search(req)
        req = result.request  # a corrected spelling's, when that is what is shown
    except QueryError as exc:
        return (render_template("search.html", error=str(exc), q=request.args.get("q", "")),
                status_of(exc))
    return render_template(
        "search.html",
        result=result,
        req=req,
        q=req.q,
        facet_lists=facets.facet_lists(result),
        chips=facets.chips(req),
        histogram=timeline.timeline(result, get_searcher(), following.feed_args(req)),
        mentioned=facets.mentioned_years(result),
        one_year=facets.one_year(req),
        suggestion_url=facets.search_url(replace(req, exact=False), q=result.suggestion)
        if result.suggestion else None,
        operators_url=facets.search_url(req, q=result.operators) if result.operators else None,
        exact_url=facets.search_url(replace(req, exact=False), q=result.corrected_from, exact="1")
        if result.corrected_from else None,
        page_url=lambda n: facets.url("/", {**req.filter_args(), "page": str(n)}),
        sort_url=lambda s: facets.search_url(req, sort=s if s != "relevance" else ""),
        export_url=lambda fmt: facets.url(f"/export.{fmt}", req.filter_args()),
        api_url=facets.url("/api/search", req.filter_args()),
        feed_url=facets.url("/feed.atom", following.feed_args(req)),
        stories=get_searcher().stories(req) if req.collapse else None,
        placeholder=hints.placeholder(result),
        collapse_url=facets.search_url(req, collapse="" if req.collapse else "1"),
        follow_name=following.default_name(req),
        archive_size=store.count(),
    )


@bp.route("/article/<article_id>")
def article(article_id: str):
    store = get_store()
    try:
        a = store.get(article_id)
    except NotFound:
        abort(404, f"There is no article with id {article_id}.")
    q = request.args.get("q", "")
    searcher = get_searcher()
    # Only Whoosh's formatter output (escaped text with <mark>) is marked safe.
    body = highlighted(searcher.mark(a.body, q))
    paragraphs = [Markup(p) for p in body.split("\n") if p.strip()]
    return render_template(
        "article.html",
        a=a,
        q=q,
        paragraphs=paragraphs,
        evidence=evidence(a, {m["form"]: m for m in store.registry.mentions(a.id)}),
        similar=searcher.more_like(a.id, limit=5),
        also=store.group_members(a.id),
    )


def evidence(a, resolved: dict[str, dict] | None = None) -> list[dict]:
    """Each extracted value with the places in the body it was found, as text around it;
    people under the name the archive resolved them to, saying how (`resolved`: form ->
    the registry's mention)."""
    resolved = resolved or {}
    labels = {"person": "People", "outlet": "Outlets", "date": "Dates"}
    groups: dict[str, dict[str, list]] = {t: {} for t in labels}
    how: dict[str, list[str]] = {}
    for e in a.entities:
        value = e.value
        if e.type == "person" and e.value in resolved:
            value = resolved[e.value]["canonical"]
            if not value:
                continue  # ignored by a correction
            why = explain(resolved[e.value])
            if why and why not in how.setdefault(value, []):
                how[value].append(why)
        groups.setdefault(e.type, {}).setdefault(value, []).append(e)
    out = []
    for kind, label in labels.items():
        values = []
        for value, found in groups.get(kind, {}).items():
            places = [
                {
                    "before": a.body[max(0, e.start - CONTEXT) : e.start],
                    "text": e.text,
                    "after": a.body[e.end : e.end + CONTEXT],
                    "start": e.start,
                }
                for e in found
                if 0 <= e.start < e.end <= len(a.body)
            ]
            link = {"person": "views.person", "outlet": "views.outlet"}.get(kind)
            values.append({"value": value, "places": places, "endpoint": link,
                           "from_metadata": not places,
                           "resolved": how.get(value, []) if kind == "person" else []})
        out.append({"label": label, "values": values})
    return out


ALL_VALUES = 100_000  # a facet's page counts every value over the hits
FACET_PAGE = 200  # and shows this many at a time


@bp.route("/facets/<name>")
def facet_page(name: str):
    """All of one facet's values over the current search, filtered by what they contain:
    the "more" of the search page, a plain page that works without JavaScript."""
    kind = kinds.BY_NAME.get(name)
    if kind is None or not kind.listed:
        abort(404, f"There is no facet {name!r}.")
    contains = (request.args.get("contains") or "").strip()[:100]
    try:
        req = SearchRequest.from_args(request.args, per_page=1, facet_limit=ALL_VALUES)
        result = get_searcher().search(req)
    except QueryError as exc:
        abort(400, str(exc))
    values = facets.facet_values(result, name, contains)
    label = kind.label
    args = {k: v for k, v in req.filter_args().items() if k != "contains"}
    return render_template("facet.html", name=name, label=label, values=values[:FACET_PAGE],
                           matching=len(values), contains=contains, req=req, result=result,
                           hidden=[(k, v) for k, vs in args.items()
                                   for v in (vs if isinstance(vs, list) else [vs])],
                           back_url=facets.search_url(req))


@bp.route("/person/<path:name>")
def person(name: str):
    return entity_page("person", name)


@bp.route("/outlet/<path:name>")
def outlet(name: str):
    return entity_page("outlet", name)


@bp.route("/person")
def person_named():
    return entity_page("person", _named())


@bp.route("/outlet")
def outlet_named():
    return entity_page("outlet", _named())


def _named() -> str:
    name = (request.args.get("name") or "").strip()
    if not name:
        abort(404, "Name a person or outlet: ?name=...")
    return name


def entity_url(endpoint: str, name: str) -> str:
    """A link to a person's or outlet's page (endpoint views.person or views.outlet).

    A name is part of the path where it reads well (/person/Kim Kardashian); one a path
    cannot carry goes in the query string (/outlet?name=AC/DC): a slash is split by the
    server, and "." or ".." segments are dropped by browsers."""
    if _pathless(name):
        return url_for(endpoint + "_named", name=name)
    return url_for(endpoint, name=name)


def _pathless(name: str) -> bool:
    return "/" in name or "\\" in name or not name.strip(".")


def entity_page(kind: str, name: str):
    """How often a person or outlet appears, over time, with whom, and the latest articles."""
    quoted = name.replace('"', "")
    try:
        req = SearchRequest(q=f'{kind}:"{quoted}"', sort="newest", per_page=10, facet_limit=16)
        result = get_searcher().search(req)
    except QueryError as exc:
        abort(400, str(exc))
    if result.total == 0:
        abort(404, f"No article mentions {name}.")
    facet = kinds.PEOPLE if kind == "person" else kinds.OUTLETS
    field, filter_param = facet.name, facet.param
    others = result.facets.get(kinds.PEOPLE.name, [])
    alongside = [v for v in others if v.value.casefold() != name.casefold()]
    return render_template(
        "entity.html",
        kind=kind,
        name=name,
        result=result,
        timeline=timeline.timeline(result, get_searcher(), {filter_param: [name]}, 560, 120),
        alongside=alongside[:15],
        outlets=[v for v in result.facets.get(kinds.OUTLETS.name, []) if v.value != name][:10],
        search_url=facets.url("/", {filter_param: [name]}),
        field=field,
        entry=get_store().registry.entity(name) if kind == "person" else None,
        how_said=HOW_SAID,
    )
