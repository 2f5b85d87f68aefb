"""`archive entities`: see the people, outlets and dates extracted, and correct them.

Corrections live in entities.json in the data folder. Each change applies to future
ingests, and re-extracts (and reindexes) only the stored articles it affects.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import click

from archive.extract import Corrections, extract
from archive.model import Article
from archive.store import Store

TYPES = {"person": "people", "outlet": "outlets", "date": "mentioned"}


def affected_articles(store: Store, names: set[str]) -> list[str]:
    """Return the ids of stored articles whose text or facets mention any of these names."""
    if not names:
        return []
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in sorted(names)))
    ids = []
    for a in store.iter_articles():
        if names & set(a.people + a.outlets) or pattern.search(a.title) or pattern.search(a.body):
            ids.append(a.id)
    return ids


def reextract(store: Store, ids: list[str], corrections: Corrections) -> list[str]:
    """Extract these articles again under the corrections; store and return those that changed."""
    changed = []
    with store.transaction():
        for a in store.get_many(ids).values():
            new = _extracted(a, corrections)
            if (new.people, new.outlets, new.mentioned) != (a.people, a.outlets, a.mentioned) \
                    or new.entities != a.entities:
                store.replace(new)
                changed.append(a.id)
    return changed


def _extracted(a: Article, corrections: Corrections) -> Article:
    found = extract(a.title, a.body, a.published, a.outlet, corrections)
    return replace(a, people=found.people, outlets=found.outlets, mentioned=found.mentioned,
                   entities=found.entities)


def _apply(data: Path, before: Corrections, after: Corrections) -> None:
    """Save the corrections, then re-extract and reindex the articles the change touches."""
    from archive.cli import STORE_FILE, sync_index, write_lock  # the CLI imports this module

    names = before.names() ^ after.names() | _changed_aliases(before, after)
    data.mkdir(parents=True, exist_ok=True)
    with write_lock(data, 300):
        after.save(data)
        if not (data / STORE_FILE).exists():
            click.echo("Saved; no articles yet.")
            return
        with Store(data / STORE_FILE) as store:
            changed = reextract_showing(store, affected_articles(store, names), after)
            if changed:
                sync_index(store, data)
    click.echo(f"Saved; {len(changed)} article{'s' * (len(changed) != 1)} re-extracted.")


def reextract_showing(store: Store, ids: list[str], corrections: Corrections,
                      chunk: int = 200) -> list[str]:
    """reextract, a chunk at a time, with a progress bar on a terminal."""
    from archive.progress import on_terminal, progress

    changed: list[str] = []
    with progress("Re-extracting", len(ids), "articles", on_terminal()) as shown:
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            changed += reextract(store, part, corrections)
            shown.add(len(part))
            shown.step(len(part))
    return changed


def _changed_aliases(before: Corrections, after: Corrections) -> set[str]:
    keys = set(before.aliases) | set(after.aliases)
    return {k for k in keys if before.aliases.get(k) != after.aliases.get(k)} | {
        v for k in keys for v in (before.aliases.get(k), after.aliases.get(k)) if v}


@click.group("entities")
def entities_group() -> None:
    """List the extracted people, outlets and dates; correct them with aliases and ignores."""


@entities_group.command("list")
@click.option("--type", "kind", type=click.Choice(sorted(TYPES)), help="Only this type.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_obj
def list_cmd(obj: dict, kind: str | None, as_json: bool) -> None:
    """List every extracted value with the number of articles it is in, and the corrections."""
    from archive.cli import STORE_FILE

    data: Path = obj["data"]
    counts: dict[str, Counter] = {k: Counter() for k in TYPES}
    if (data / STORE_FILE).exists():
        with Store(data / STORE_FILE) as store:
            for a in store.iter_articles():
                for k, field in TYPES.items():
                    counts[k].update(getattr(a, field))
    corrections = Corrections.load(data)
    kinds = [kind] if kind else list(TYPES)
    if as_json:
        click.echo(json.dumps({
            "entities": {k: [{"value": v, "articles": n} for v, n in counts[k].most_common()]
                         for k in kinds},
            "aliases": corrections.aliases, "ignored": sorted(corrections.ignored),
        }, ensure_ascii=False, indent=2))
        return
    for k in kinds:
        click.echo(f"{TYPES[k]}:")
        for value, n in counts[k].most_common():
            click.echo(f"  {n:6d}  {value}")
    for written, value in sorted(corrections.aliases.items()):
        click.echo(f"alias: {written} -> {value}")
    for name in sorted(corrections.ignored):
        click.echo(f"ignored: {name}")


@entities_group.command()
@click.argument("written")
@click.argument("value")
@click.option("--type", "kind", type=click.Choice(["person", "outlet"]), default="person",
              show_default=True, help="What WRITTEN names when found in a text.")
@click.pass_obj
def alias(obj: dict, written: str, value: str, kind: str) -> None:
    """Make WRITTEN mean VALUE: alias "Ye" "Kanye West"."""
    if written == value:
        raise click.UsageError("an alias needs two different names")
    before = Corrections.load(obj["data"])
    after = Corrections(dict(before.aliases), dict(before.alias_types), set(before.ignored))
    after.aliases[written] = value
    after.alias_types[written] = kind
    _apply(obj["data"], before, after)


@entities_group.command()
@click.argument("written")
@click.pass_obj
def unalias(obj: dict, written: str) -> None:
    """Remove the alias for WRITTEN."""
    before = Corrections.load(obj["data"])
    if written not in before.aliases:
        raise click.ClickException(f"no alias for {written!r}; see `archive entities list`")
    after = Corrections(dict(before.aliases), dict(before.alias_types), set(before.ignored))
    del after.aliases[written]
    after.alias_types.pop(written, None)
    _apply(obj["data"], before, after)


@entities_group.command()
@click.argument("name")
@click.pass_obj
def ignore(obj: dict, name: str) -> None:
    """Never extract NAME as a person or outlet: ignore "Keeping Up"."""
    before = Corrections.load(obj["data"])
    after = Corrections(dict(before.aliases), dict(before.alias_types), set(before.ignored))
    after.ignored.add(name)
    _apply(obj["data"], before, after)


@entities_group.command()
@click.argument("name")
@click.pass_obj
def unignore(obj: dict, name: str) -> None:
    """Extract NAME again."""
    before = Corrections.load(obj["data"])
    if name not in before.ignored:
        raise click.ClickException(f"{name!r} is not ignored; see `archive entities list`")
    after = Corrections(dict(before.aliases), dict(before.alias_types), set(before.ignored))
    after.ignored.discard(name)
    _apply(obj["data"], before, after)
