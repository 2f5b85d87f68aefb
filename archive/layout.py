"""The data folder's layout: every file and folder the archive keeps there, named once.

    DATA/archive.db       the store (SQLite): the source of truth
    DATA/write.lock       held by whatever writes to the store (ingest, reindex, corrections)
    DATA/entities.json    the user's corrections to extraction (aliases, ignored names)
    DATA/alerts.json      saved searches
    DATA/index            a link to the live index generation (derived, rebuildable)
    DATA/indexes/         the index generations
    DATA/index.lock       held while the index is written
"""

from __future__ import annotations

from pathlib import Path

STORE = "archive.db"
WRITE_LOCK = "write.lock"
ENTITIES = "entities.json"
ALERTS = "alerts.json"
INDEX_LINK = "index"
GENERATIONS = "indexes"
INDEX_LOCK = "index.lock"


def store(data: Path) -> Path:
    return Path(data) / STORE


def index_link(data: Path) -> Path:
    return Path(data) / INDEX_LINK


def generations(data: Path) -> Path:
    return Path(data) / GENERATIONS
