"""The timeline of a search: bars by day, week, month or year, chosen from the span of the hits.

Years and months come from the search's own facet counts; days and weeks (a span of at
most three months) are counted with one facet-less search per bar, which is cheap next
to the search itself. Each bar links to the search filtered to its period.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta

from index import kinds
from index.request import date_bounds
from index.searching import SearchResult
from web.facets import bars, url

MONTHS = [calendar.month_abbr[m] for m in range(1, 13)]
MAX_MONTHS = 36  # more months than this: year bars
MAX_DAY_MONTHS = 1  # within one month: day bars; up to three: week bars
MAX_WEEK_MONTHS = 3


def timeline(result: SearchResult, searcher, base: dict, width: int = 280,
             height: int = 90) -> dict:
    """The chart of a search's hits over time; `base` are the URL arguments its links keep."""
    # The date facets are counted without the search's own date filter: apply it here.
    lo, hi = _clip(result.request, date.min, date.max)
    months = sorted(v.value for v in result.facets.get(kinds.PUBLISHED_MONTH.name, [])
                    if v.count and kinds.month_value(lo.year, lo.month) <= v.value
                    <= kinds.month_value(hi.year, hi.month))
    if not months:
        return bars([])
    first, last = kinds.month_of(months[0]), kinds.month_of(months[-1])
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if span > MAX_MONTHS:
        step, items = "year", _years(result, base, first[0], last[0])
    elif span > MAX_WEEK_MONTHS:
        step, items = "month", _months(result, base, first, span)
    else:
        lo, hi = _clip(result.request, date(*first, 1), _month_end(*last))
        step = "day" if span <= MAX_DAY_MONTHS else "week"
        items = _counted(result, searcher, base, _periods(step, lo, hi))
    chart = bars(items, width=width, height=height)
    chart.update(step=step, title=f"Published, by {step}", zoom_out=zoom_out(result, base))
    return chart


def _years(result, base, first: int, last: int) -> list[tuple]:
    years = {v.value: v.count for v in result.facets.get(kinds.PUBLISHED_YEAR.name, [])}
    return [(str(y), years.get(y, 0), _link(base, str(y), str(y)), False)
            for y in range(first, last + 1)]


def _months(result, base, first: tuple[int, int], span: int) -> list[tuple]:
    month = kinds.PUBLISHED_MONTH
    counts = {v.value: v.count for v in result.facets.get(month.name, [])}
    items = []
    y, m = first
    for _ in range(span):
        ym = f"{y}-{m:02}"
        value = kinds.month_value(y, m)
        items.append((month.show(value), counts.get(value, 0), _link(base, ym, ym), False))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return items


def _periods(step: str, lo: date, hi: date) -> list[tuple[str, date, date]]:
    """(label, first day, last day) of each day or week (Monday to Sunday) from lo to hi."""
    out = []
    day = lo if step == "day" else lo - timedelta(days=lo.weekday())
    size = timedelta(days=1 if step == "day" else 7)
    while day <= hi:
        end = day + size - timedelta(days=1)
        label = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        out.append((label if step == "day" else f"week of {label}", max(day, lo), min(end, hi)))
        day += size
    return out


def _counted(result, searcher, base, periods) -> list[tuple]:
    items = []
    for label, start, end in periods:
        a, b = start.isoformat(), end.isoformat()
        req = replace(result.request, date_from=a, date_to=b, page=1, per_page=1, facets=False,
                      collapse=False)
        selected = (result.request.date_from, result.request.date_to) == (a, b)
        items.append((label, searcher.search(req).total, _link(base, a, b), selected))
    return items


def _clip(request, lo: date, hi: date) -> tuple[date, date]:
    """Keep the span inside the request's own date filter."""
    if request.date_from:
        lo = max(lo, date_bounds(request.date_from)[0])
    if request.date_to:
        hi = min(hi, date_bounds(request.date_to)[1])
    return lo, hi


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _link(base: dict, a: str, b: str) -> str:
    return url("/", {**base, "from": a, "to": b, "page": ""})


def zoom_out(result, base: dict) -> str | None:
    """A link to the next wider period: a day's month, a month's year, then every date."""
    a, b = result.request.date_from, result.request.date_to
    if not (a or b):
        return None
    if a and a == b and len(a) > 4:
        wider = a[:7] if len(a) == 10 else a[:4]
        return _link(base, wider, wider)
    return url("/", {**base, "from": "", "to": "", "page": ""})
