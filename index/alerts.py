"""What is new for a saved search: its hits among the articles stored since its last check."""

from __future__ import annotations

from archive.alerts import PAGE, Alert, new_ids
from index.request import SearchRequest


def new_matches(store, searcher, alert: Alert, since: int | None = None) -> list:
    """The hits of the alert's search new since change `since` (by default its last check),
    newest first."""
    fresh = new_ids(store, alert.seen_seq if since is None else since)
    found = []
    page = 1
    while fresh:
        request = SearchRequest(**alert.request_args(), sort="newest", page=page,
                                per_page=PAGE, facets=False)
        result = searcher.search(request)
        found += [h for h in result.hits if h.id in fresh]
        if page >= result.pages or len(found) == len(fresh):
            break
        page += 1
    return found
