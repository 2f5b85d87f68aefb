"""Exports of every matching article, streamed: CSV and JSON Lines, from the CLI and the web.

One row an article: id, title, published, url, publisher, cites, people, snippet (plain text).
Rows are written as the search yields them, a batch at a time, so an export of the whole
archive holds one batch in memory, not the whole result.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterator

from index.searching import Searcher, SearchRequest

FIELDS = ("id", "title", "published", "url", "publisher", "cites", "people", "snippet")
FORMATS = ("csv", "jsonl")
_TAGS = re.compile(r"<[^>]+>")

Urls = Callable[[list[str]], dict[str, str | None]]


def rows(searcher: Searcher, request: SearchRequest, urls: Urls,
         limit: int | None = None) -> Iterator[dict]:
    """Yield one row a matching article, in the request's order, up to `limit`."""
    batch: list = []
    for hit in searcher.export(request, limit):
        batch.append(hit)
        if len(batch) >= 200:
            yield from _rows(batch, urls)
            batch = []
    yield from _rows(batch, urls)


def _rows(hits: list, urls: Urls) -> Iterator[dict]:
    if not hits:
        return
    found = urls([h.id for h in hits])
    for h in hits:
        yield {
            "id": h.id, "title": h.title,
            "published": h.published.isoformat() if h.published else None,
            "url": found.get(h.id), "publisher": h.publisher or h.outlet,
            "cites": list(h.cites), "people": list(h.people),
            "snippet": html.unescape(_TAGS.sub("", h.snippet)),
        }


def as_jsonl(rows: Iterator[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def as_csv(rows: Iterator[dict]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_cell("; ".join(v) if isinstance(v, list) else v)
                         for v in (row[f] for f in FIELDS)])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _cell(value) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


WRITERS = {"csv": as_csv, "jsonl": as_jsonl}
