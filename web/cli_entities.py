"""`archive entities`: see the people, outlets and dates extracted, and correct them.

Corrections live in entities.json in the data folder. Each change applies to future
ingests, and re-extracts (and reindexes) only the stored articles it affects.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from archive import layout
from archive.entities import Reextracted, apply_corrections, correct_person, reextract
from archive.extract import TIME_LIMIT, Corrections
from archive.model import Article
from archive.registry import HOW_SAID
from archive.store import Store
from web import cli_support

TYPES = {"person": "people", "outlet": "outlets", "date": "mentioned"}


def _apply(data: Path, before: Corrections, after: Corrections,
           registry_change: tuple[str, str | None] | None = None,
           texts: set[str] | None = None,
           keep: Callable[[Article], bool] | None = None) -> None:
    """Save and apply the corrections (archive/entities.py), reindexing what changed."""
    applied = apply_corrections(data, before, after, registry_change, texts, keep,
                                then=lambda store: cli_support.sync_index(store, data),
                                reextract_with=reextract_showing,
                                on_wait=cli_support.waiting)
    if not applied.stored:
        click.echo("Saved; no articles yet.")
        return
    n = applied.articles
    click.echo(f"Saved; {n} article{'s' * (n != 1)} changed "
               f"({applied.mapped} mapped, {len(applied.changed)} re-extracted).")
    for aid in applied.stopped:
        click.echo(f"warning: article {aid}: extraction ran over its time limit "
                   f"({TIME_LIMIT:.0f} s); it keeps the facets it had", err=True)


def reextract_showing(store: Store, ids: list[str], corrections: Corrections,
                      chunk: int = 200) -> Reextracted:
    """reextract, a chunk at a time, with a progress bar on a terminal."""
    from archive.progress import on_terminal, progress

    done = Reextracted([], [])
    with progress("Re-extracting", len(ids), "articles", on_terminal()) as shown:
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            step = reextract(store, part, corrections)
            done.changed += step.changed
            done.stopped += step.stopped
            shown.add(len(part))
            shown.step(len(part))
    return done


def _copy(c: Corrections) -> Corrections:
    return Corrections(dict(c.aliases), dict(c.alias_types), set(c.ignored))


@click.group("entities")
def entities_group() -> None:
    """List the extracted people, outlets and dates; correct them with aliases and ignores."""


@entities_group.command("list")
@click.option("--type", "kind", type=click.Choice(sorted(TYPES)), help="Only this type.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_obj
def list_cmd(obj: dict, kind: str | None, as_json: bool) -> None:
    """List every extracted value with the number of articles it is in, and the corrections."""
    data: Path = obj["data"]
    counts: dict[str, Counter] = {k: Counter() for k in TYPES}
    if layout.store(data).exists():
        with Store(layout.store(data)) as store:
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
    after = _copy(before)
    after.aliases[written] = value
    after.alias_types[written] = kind
    _apply(obj["data"], before, after, (written, value) if kind == "person" else None,
           texts={written} if kind == "person" else None)


@entities_group.command()
@click.argument("written")
@click.pass_obj
def unalias(obj: dict, written: str) -> None:
    """Remove the alias for WRITTEN."""
    before = Corrections.load(obj["data"])
    if written not in before.aliases:
        raise click.ClickException(f"no alias for {written!r}; see `archive entities list`")
    after = _copy(before)
    kind = after.alias_types.pop(written, "person")
    target = after.aliases.pop(written)
    if kind == "person":  # only articles ingested since the alias have it in their values
        _apply(obj["data"], before, after, (written, None), texts={written},
               keep=lambda a: any(e.type == "person" and e.value == target != e.text
                                  for e in a.entities))
    else:
        _apply(obj["data"], before, after)


@entities_group.command()
@click.argument("name")
@click.pass_obj
def ignore(obj: dict, name: str) -> None:
    """Never extract NAME as a person or outlet: ignore "Keeping Up"."""
    before = Corrections.load(obj["data"])
    after = _copy(before)
    after.ignored.add(name)
    _apply(obj["data"], before, after, (name, ""))


@entities_group.command()
@click.argument("name")
@click.pass_obj
def unignore(obj: dict, name: str) -> None:
    """Extract NAME again."""
    before = Corrections.load(obj["data"])
    if name not in before.ignored:
        raise click.ClickException(f"{name!r} is not ignored; see `archive entities list`")
    after = _copy(before)
    after.ignored.discard(name)
    _apply(obj["data"], before, after, (name, None))


@entities_group.command()
@click.argument("name")
@click.argument("into")
@click.pass_obj
def merge(obj: dict, name: str, into: str) -> None:
    """Make the person NAME one with INTO across the archive: merge "Hilary Clinton" "Hillary
    Clinton". Nothing is extracted again; only the articles naming NAME change."""
    _registry_only(obj["data"], name, into)


@entities_group.command()
@click.argument("name")
@click.pass_obj
def unmerge(obj: dict, name: str) -> None:
    """Undo a merge of NAME (or an alias or ignore of a person, in the store)."""
    _registry_only(obj["data"], name, None)


def _registry_only(data: Path, name: str, into: str | None) -> None:
    if into is not None and name == into:
        raise click.UsageError("a merge needs two different names")
    if not layout.store(data).exists():
        raise click.ClickException(f"no archive at {data}; `archive ingest` makes one")
    if into is None:
        with Store(layout.store(data)) as store:
            if name not in store.registry.overrides():
                raise click.ClickException(
                    f"{name!r} is not merged; see `archive entities list`")
    n = correct_person(data, name, into,
                       then=lambda store: cli_support.sync_index(store, data),
                       on_wait=cli_support.waiting)
    click.echo(f"Saved; {n} article{'s' * (n != 1)} changed.")


@entities_group.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the entry as JSON.")
@click.pass_obj
def show_cmd(obj: dict, name: str, as_json: bool) -> None:
    """Show a person's entry in the registry: the forms written for them, and how each one
    resolved, the number of articles, first and last seen."""
    path = layout.store(obj["data"])
    entry = None
    if path.exists():
        with Store(path) as store:
            entry = store.registry.entity(name)
    if entry is None:
        raise click.ClickException(f"no person {name!r} in the archive; see `archive entities "
                                   "list --type person`")
    if as_json:
        click.echo(json.dumps(entry, ensure_ascii=False, indent=2))
        return
    seen = f"{entry['first_seen'] or 'undated'} to {entry['last_seen'] or 'undated'}"
    click.echo(f"{entry['canonical']}: {entry['articles']} articles, {seen}")
    for f in entry["forms"]:
        click.echo(f"  {f['articles']:6d}  {f['form']} ({HOW_SAID[f['how']]})")
