"""Saved searches: a query and filters kept in the data folder, and what is new for each.

"New" comes from the store's change log: an alert remembers the last sequence number it
was checked at, and the articles first stored after it that match the query are new.
An article only corrected (its entities changed) since then is not new again.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from archive import layout
from archive.errors import ArchiveError, NotFound

ALERTS_FILE = layout.ALERTS
NAME = re.compile(r"^[\w][\w .-]{0,63}$")
PAGE = 100  # hits read at a time when looking for the new matches


@dataclass(frozen=True)
class Alert:
    name: str
    q: str = ""
    people: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    seen_seq: int = 0  # the store's last change when the alert was last checked
    checked: str | None = None  # when, ISO 8601 UTC
    visited_seq: int = 0  # the same for the web page's "new since your last visit"
    created: str = field(default_factory=lambda: _now())

    def request_args(self) -> dict:
        """The search as keyword arguments of index.request.SearchRequest."""
        return {"q": self.q, "people": self.people, "outlets": self.outlets,
                "date_from": self.date_from, "date_to": self.date_to}

    def to_dict(self) -> dict:
        return {**asdict(self), "people": list(self.people), "outlets": list(self.outlets)}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Alerts:
    """The saved searches of one data folder, read from and written to alerts.json."""

    def __init__(self, data: Path):
        self.path = Path(data) / ALERTS_FILE

    def load(self) -> dict[str, Alert]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {name: _alert(name, entry) for name, entry in raw.items()}
        except (ValueError, TypeError, AttributeError) as exc:
            raise ArchiveError(f"{self.path}: not a saved-searches file ({exc})") from None

    def save(self, alerts: dict[str, Alert]) -> None:
        body = {a.name: {k: v for k, v in a.to_dict().items() if k != "name"}
                for a in alerts.values()}
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)

    def get(self, name: str) -> Alert:
        alerts = self.load()
        if name not in alerts:
            raise NotFound(f"no saved search named {name!r}")
        return alerts[name]

    def add(self, alert: Alert) -> None:
        if not NAME.match(alert.name):
            raise ArchiveError(
                f"{alert.name!r} is not a name for a saved search: use letters, digits, "
                "spaces, '.', '-' or '_' (up to 64)")
        alerts = self.load()
        alerts[alert.name] = alert
        self.save(alerts)

    def remove(self, name: str) -> None:
        alerts = self.load()
        if alerts.pop(name, None) is None:
            raise NotFound(f"no saved search named {name!r}")
        self.save(alerts)

    def mark_checked(self, name: str, seq: int) -> Alert:
        return self._change(name, seen_seq=seq, checked=_now())

    def mark_visited(self, name: str, seq: int) -> Alert:
        return self._change(name, visited_seq=seq)

    def _change(self, name: str, **changes) -> Alert:
        alerts = self.load()
        if name not in alerts:
            raise NotFound(f"no saved search named {name!r}")
        alerts[name] = replace(alerts[name], **changes)
        self.save(alerts)
        return alerts[name]


def _alert(name: str, entry: dict) -> Alert:
    return Alert(name=name, **{**entry, "people": tuple(entry.get("people", ())),
                               "outlets": tuple(entry.get("outlets", ()))})


def new_ids(store, seq: int) -> set[str]:
    """Ids of the articles stored for the first time after change `seq`, still there."""
    _, put, _ = store.changes_since(seq)
    return set(put) - store.changed_by(seq, put)
