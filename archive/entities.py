"""Corrections to what extraction found, applied to the stored articles.

A correction (an alias, an ignored name, a merge of two people) is saved with the user's
corrections (entities.json) for future ingests, and applied to the archive: the registry
maps people across it without re-extracting anything, and only the articles a change can
affect are extracted again. The caller says what to do once articles changed (the command
line and the web app reindex them): the core does not know the index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from archive import layout
from archive.extract import TIME_LIMIT, Corrections, extract
from archive.locks import write_lock
from archive.model import Article
from archive.store import Store


@dataclass
class Reextracted:
    changed: list[str]  # extracted again, and different: stored anew
    stopped: list[str]  # over the time limit: kept as they were


Reextract = Callable[[Store, list[str], Corrections], Reextracted]
Then = Callable[[Store], object]


@dataclass(frozen=True)
class Applied:
    mapped: int = 0  # articles the registry mapped anew
    changed: tuple[str, ...] = ()  # articles extracted again that changed
    stored: bool = True  # False: no archive yet, the corrections were only saved
    stopped: tuple[str, ...] = ()  # articles whose extraction ran over the time limit: unchanged

    @property
    def articles(self) -> int:
        return self.mapped + len(self.changed)


def affected_articles(store: Store, names: set[str]) -> list[str]:
    """Return the ids of stored articles whose text or facets mention any of these names.

    SQLite's instr() picks the candidates (no Python pass over every body); a word-boundary
    check then keeps the real ones."""
    if not names:
        return []
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names)))
    found: dict[str, None] = {}
    for name in sorted(names):
        for aid, title, body, people, outlets in store.db.execute(
                "SELECT id, title, body, people, outlets FROM articles WHERE instr(body, ?) "
                "OR instr(title, ?) OR instr(people, ?) OR instr(outlets, ?) ORDER BY seq",
                (name, name, json.dumps(name)[1:-1], json.dumps(name)[1:-1])):
            if aid in found:
                continue
            values = set(json.loads(people)) | set(json.loads(outlets))
            if names & values or pattern.search(title) or pattern.search(body):
                found[aid] = None
    return list(found)


def uncovered(store: Store, ids: list[str], names: set[str],
              keep: Callable[[Article], bool] | None = None) -> list[str]:
    """The articles among these that do not have the name as a person already and write it
    somewhere no extracted value covers: only there can a new alias find a mention that
    extraction missed."""
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names)))
    out = []
    for a in store.get_many(ids).values():
        if keep is not None:
            if keep(a):
                out.append(a.id)
            continue
        if names & {e.value for e in a.entities if e.type == "person"}:
            continue  # extracted already: the registry maps it
        spans = [(e.start, e.end) for e in a.entities if e.start >= 0]
        if pattern.search(a.title) or any(
                not any(s <= m.start() < e for s, e in spans) for m in pattern.finditer(a.body)):
            out.append(a.id)
    return out


def reextract(store: Store, ids: list[str], corrections: Corrections,
              time_limit: float | None = None) -> Reextracted:
    """Extract these articles again under the corrections; store those that changed.

    An article whose extraction runs over the time limit (as at ingest) keeps what it had:
    a correction never takes facets away because the text was slow to read."""
    done = Reextracted([], [])
    with store.transaction():
        for a in store.get_many(ids).values():
            new = _extracted(a, corrections, time_limit or TIME_LIMIT)
            if new is None:
                done.stopped.append(a.id)
            elif new.outlets != a.outlets or new.mentioned != a.mentioned \
                    or new.entities != a.entities:
                store.replace(new)
                done.changed.append(a.id)
    return done


def _extracted(a: Article, corrections: Corrections, time_limit: float) -> Article | None:
    found = extract(a.title, a.body, a.published, a.outlet, corrections, time_limit)
    if found.stopped:
        return None
    return replace(a, people=found.people, outlets=found.outlets, mentioned=found.mentioned,
                   entities=found.entities)


def _changed_aliases(before: Corrections, after: Corrections) -> set[str]:
    keys = set(before.aliases) | set(after.aliases)
    return {k for k in keys if before.aliases.get(k) != after.aliases.get(k)} | {
        v for k in keys for v in (before.aliases.get(k), after.aliases.get(k)) if v}


def apply_corrections(data: Path, before: Corrections, after: Corrections,
                      registry_change: tuple[str, str | None] | None = None,
                      texts: set[str] | None = None,
                      keep: Callable[[Article], bool] | None = None,
                      then: Then | None = None, reextract_with: Reextract = reextract,
                      wait: float = 300, on_wait: Callable[[], None] | None = None) -> Applied:
    """Save the corrections and apply them to the stored articles.

    `registry_change` (name, value; '' ignores, None undoes) maps people across the archive
    without re-extracting anything. Only articles where one of `texts` is written outside
    every extracted value (or, without `texts`, every article the change names) are
    extracted again (or, with `keep`, those of them it accepts). Then `then(store)` runs if
    any article changed (the index catches up)."""
    names = before.names() ^ after.names() | _changed_aliases(before, after)
    data.mkdir(parents=True, exist_ok=True)
    with write_lock(data, wait, on_wait):
        after.save(data)
        if not layout.store(data).exists():
            return Applied(stored=False)
        with Store(layout.store(data)) as store:
            mapped = 0
            if registry_change:
                with store.transaction():
                    mapped = store.registry.correct(*registry_change)
            ids = affected_articles(store, texts if texts is not None else names)
            if texts is not None:
                ids = uncovered(store, ids, texts, keep)
            done = reextract_with(store, ids, after) if ids else Reextracted([], [])
            if (done.changed or mapped) and then is not None:
                then(store)
    return Applied(mapped, tuple(done.changed), stopped=tuple(done.stopped))


def correct_person(data: Path, name: str, into: str | None, then: Then | None = None,
                   wait: float = 300, on_wait: Callable[[], None] | None = None) -> int:
    """Map a person through the registry: `into` another name (a merge), '' (ignored) or None
    (undo); return the articles that changed, after `then(store)` if any did."""
    with write_lock(data, wait, on_wait), Store(layout.store(data)) as store:
        with store.transaction():
            n = store.registry.correct(name, into)
        if n and then is not None:
            then(store)
    return n
