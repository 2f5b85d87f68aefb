"""One store connection and one searcher per request, like flaskr's get_db()."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g

from archive import layout
from archive.store import Store
from index.errors import TooSlow
from index.searching import Searcher

STORE_FILE = layout.STORE
HEAVY = "news_archive.heavy"  # app.extensions: the worker process for heavy searches, if any


def data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


def get_store() -> Store:
    if "store" not in g:
        g.store = Store(data_dir() / STORE_FILE)
    return g.store


def get_searcher() -> Searcher:
    if "searcher" not in g:
        g.searcher = Searcher(data_dir(), get_store().bodies, get_store().mention_spans,
                              heavy=current_app.extensions.get(HEAVY))
    return g.searcher


def close(exc: BaseException | None = None) -> None:
    searcher = g.pop("searcher", None)
    if searcher is not None:
        searcher.close()
    store = g.pop("store", None)
    if store is not None:
        store.close()


def status_of(error: Exception) -> int:
    """The HTTP status for an error a search raised: 503 for one that ran out of time (or
    found the archive too busy: try again), 400 for a query to change."""
    return 503 if isinstance(error, TooSlow) else 400


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close)
