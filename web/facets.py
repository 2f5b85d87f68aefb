"""What the search page shows beside the results: facets, filter chips, date histograms.

Like datasette's facets, each is built into plain dicts (value, label, count,
selected, toggle_url) so the templates only loop over them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from index import kinds
from index.request import SearchRequest
from index.results import SearchResult


def url(path: str, args: dict) -> str:
    """Return path?args, with repeated keys for lists and empty values left out."""
    pairs = []
    for key, value in args.items():
        for v in value if isinstance(value, list) else [value]:
            if v not in (None, ""):
                pairs.append((key, v))
    return path + ("?" + urlencode(pairs) if pairs else "")


def search_url(request: SearchRequest, **changes) -> str:
    """Return the search URL for this request with some arguments changed (back to page 1)."""
    args = request.filter_args()
    args.update(changes)
    return url("/", args)


def toggled(values: tuple, value) -> list:
    return [v for v in values if v != value] if value in values else [*values, value]


def facet_lists(result: SearchResult) -> list[dict]:
    """People and outlets: each value with its count and a link that toggles it, and a link
    to all of a facet's values when more than these are there."""
    request = result.request
    out = []
    for kind in kinds.LISTED:
        values = facet_values(result, kind.name)
        more = len(values) >= request.facet_limit
        out.append({"name": kind.name, "label": kind.label, "values": values,
                    "more_url": url(f"/facets/{kind.name}", request.filter_args()) if more
                    else None})
    return out


def facet_values(result: SearchResult, name: str, contains: str = "") -> list[dict]:
    """One facet's values as the templates show them, those containing `contains` only."""
    request = result.request
    kind = kinds.BY_NAME[name]
    chosen = kind.chosen(request)
    folded = contains.casefold()
    return [
        {
            "value": v.value,
            "label": v.value,
            "count": v.count,
            "selected": v.selected,
            "toggle_url": search_url(request, **{kind.param: toggled(chosen, v.value)}),
        }
        for v in result.facets.get(name, [])
        if not folded or folded in str(v.value).casefold()
    ]


def chips(request: SearchRequest) -> list[dict]:
    """The filters in force, each with a link that removes it."""
    out = []
    for kind in kinds.NAMES:
        chosen = kind.chosen(request)
        for value in chosen:
            out.append({"label": f"{kind.chip}: {value}", "remove_url": search_url(
                request, **{kind.param: toggled(chosen, value)})})
    mentioned = kinds.MENTIONED_YEAR
    for year in request.mentioned:
        rest = [str(y) for y in request.mentioned if y != year]
        out.append({"label": f"{mentioned.chip} {year}",
                    "remove_url": search_url(request, **{mentioned.param: rest})})
    if request.date_from or request.date_to:
        label = f"Published {request.date_from or '…'} to {request.date_to or '…'}"
        out.append({"label": label, "remove_url": search_url(request, **{"from": "", "to": ""})})
    return out


def one_year(request: SearchRequest) -> int | None:
    """The year the date filter lies within, if it lies within one."""
    a, b = request.date_from, request.date_to
    if a and b and a[:4] == b[:4]:
        return int(a[:4])
    return None


def bars(items: list[tuple[str, int, str, bool]], width: int = 280, height: int = 90) -> dict:
    """Lay out a bar chart as SVG rectangles: items are (label, count, url, selected)."""
    if not items:
        return {"bars": [], "width": width, "height": height}
    top = max(c for _, c, _, _ in items) or 1
    step = width / len(items)
    out = []
    for i, (label, count, link, selected) in enumerate(items):
        h = max(1.0, (height - 14) * count / top)
        out.append({
            "label": label, "count": count, "url": link, "selected": selected,
            "x": round(i * step + 1, 1), "w": round(max(1.0, step - 2), 1),
            "y": round(height - 14 - h, 1), "h": round(h, 1),
        })
    return {"bars": out, "width": width, "height": height, "first": items[0][0],
            "last": items[-1][0]}


def mentioned_years(result: SearchResult) -> list[dict]:
    request = result.request
    return [
        {
            "value": v.value, "count": v.count, "selected": v.selected,
            "toggle_url": search_url(
                request, **{kinds.MENTIONED_YEAR.param: [str(y) for y in toggled(
                    request.mentioned, v.value)]}
            ),
        }
        for v in result.facets.get(kinds.MENTIONED_YEAR.name, [])
    ]
