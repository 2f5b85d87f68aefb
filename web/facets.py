"""What the search page shows beside the results: facets, filter chips, date histograms.

Like datasette's facets, each is built into plain dicts (value, label, count,
selected, toggle_url) so the templates only loop over them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from index.searching import SearchRequest, SearchResult

LIST_FACETS = (("people", "person", "People"), ("outlets", "outlet", "Outlets"))
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


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
    """People and outlets: each value with its count and a link that toggles it."""
    request = result.request
    out = []
    for name, param, label in LIST_FACETS:
        chosen = request.people if name == "people" else request.outlets
        values = [
            {
                "value": v.value,
                "label": v.value,
                "count": v.count,
                "selected": v.selected,
                "toggle_url": search_url(request, **{param: toggled(chosen, v.value)}),
            }
            for v in result.facets.get(name, [])
        ]
        out.append({"name": name, "label": label, "values": values})
    return out


def chips(request: SearchRequest) -> list[dict]:
    """The filters in force, each with a link that removes it."""
    out = []
    for value in request.people:
        out.append({"label": f"Person: {value}",
                    "remove_url": search_url(request, person=toggled(request.people, value))})
    for value in request.outlets:
        out.append({"label": f"Outlet: {value}",
                    "remove_url": search_url(request, outlet=toggled(request.outlets, value))})
    for year in request.mentioned:
        rest = [str(y) for y in request.mentioned if y != year]
        out.append({"label": f"Mentions {year}", "remove_url": search_url(request, mentioned=rest)})
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
                request, mentioned=[str(y) for y in toggled(request.mentioned, v.value)]
            ),
        }
        for v in result.facets.get("mentioned_year", [])
    ]
