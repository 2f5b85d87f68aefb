"""`archive alerts`: saved searches, and the articles new for each since the last check."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from archive import layout
from archive.alerts import Alert, Alerts
from archive.errors import ArchiveError
from archive.store import Store
from index.alerts import new_matches
from index.errors import QueryError


def _store(data: Path) -> Store:
    return Store(layout.store(data))


@click.group("alerts")
def alerts_group() -> None:
    """Saved searches: follow a story and see what is new since you last looked."""


@alerts_group.command("add")
@click.argument("name")
@click.argument("query", required=False, default="")
@click.option("--person", "people", multiple=True, help="Only articles mentioning this person.")
@click.option("--outlet", "outlets", multiple=True, help="Only articles citing this outlet.")
@click.option("--from", "date_from", help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "date_to", help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.pass_obj
def add(obj: dict, name: str, query: str, people, outlets, date_from, date_to) -> None:
    """Save a search as NAME; articles stored from now on that match it are new for it.

    Saving an existing NAME again replaces it (and starts it afresh).
    """
    from index.searching import Searcher, SearchRequest

    data = obj["data"]
    try:
        with _store(data) as store, Searcher(data, store.bodies) as searcher:
            alert = Alert(name=name, q=query, people=people, outlets=outlets,
                          date_from=date_from, date_to=date_to, seen_seq=store.last_seq(),
                          visited_seq=store.last_seq())
            total = searcher.search(SearchRequest(**alert.request_args(), facets=False)).total
            Alerts(data).add(alert)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Saved {name!r}: {total} article{'s' * (total != 1)} match it now.")


@alerts_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the saved searches as JSON.")
@click.pass_obj
def list_cmd(obj: dict, as_json: bool) -> None:
    """List the saved searches, with when each was last checked."""
    alerts = _load(obj["data"])
    if as_json:
        click.echo(json.dumps([a.to_dict() for a in alerts.values()], ensure_ascii=False,
                              indent=2))
        return
    if not alerts:
        click.echo("No saved searches; add one with `archive alerts add NAME QUERY`.")
    for a in alerts.values():
        filters = [f"--person {p!r}" for p in a.people] + [f"--outlet {o!r}" for o in a.outlets]
        filters += [f"--from {a.date_from}"] * bool(a.date_from)
        filters += [f"--to {a.date_to}"] * bool(a.date_to)
        checked = f"checked {a.checked}" if a.checked else "never checked"
        click.echo(f"{a.name}: {a.q!r} {' '.join(filters)}".rstrip() + f" ({checked})")


@alerts_group.command("remove")
@click.argument("name")
@click.pass_obj
def remove(obj: dict, name: str) -> None:
    """Forget the saved search NAME."""
    try:
        Alerts(obj["data"]).remove(name)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Removed {name!r}.")


@alerts_group.command("check")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the new articles as JSON.")
@click.pass_obj
def check(obj: dict, name: str | None, as_json: bool) -> None:
    """Show the articles new for NAME (or every saved search) since its last check.

    Each check moves the saved search on: the same articles are not new twice.
    Exit status 0 when some article is new, 1 when none is.
    """
    from index.searching import Searcher

    data = obj["data"]
    alerts = _load(data)
    if name is not None and name not in alerts:
        raise click.ClickException(f"no saved search named {name!r}")
    chosen = [alerts[name]] if name else list(alerts.values())
    found = {}
    with _store(data) as store, Searcher(data, store.bodies) as searcher:
        seq = store.last_seq()
        for alert in chosen:
            found[alert.name] = new_matches(store, searcher, alert)
            Alerts(data).mark_checked(alert.name, seq)
    _print(found, as_json)
    sys.exit(0 if any(found.values()) else 1)


def _load(data: Path) -> dict[str, Alert]:
    try:
        return Alerts(data).load()
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None


def _print(found: dict[str, list], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({n: [h.to_dict() for h in hits] for n, hits in found.items()},
                              ensure_ascii=False, indent=2))
        return
    for alert_name, hits in found.items():
        click.echo(f"{alert_name}: {len(hits)} new")
        for hit in hits:
            day = hit.published.isoformat() if hit.published else "undated"
            click.echo(f"  {day}  {hit.title}  [{hit.id}]")
