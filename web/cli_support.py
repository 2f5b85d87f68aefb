"""What the command groups share (web/cli.py and the lazily imported cli_alerts.py and
cli_entities.py): the write lock as the terminal shows it, and the index sync."""

from __future__ import annotations

from pathlib import Path

import click

from archive.store import Store


def waiting() -> None:
    click.echo("Waiting for another process writing to the archive...", err=True)


def write_lock(data: Path, wait: float):
    """Let one process at a time change the archive; the others wait, then give up."""
    from archive.locks import write_lock as lock

    return lock(data, wait, on_wait=waiting)


def sync_index(store: Store, data: Path, full: bool = False):
    from index.searching import sync

    report = sync(store, data, full=full)
    if report.reason:
        click.echo(f"The index was rebuilt whole from the store ({report.added} articles): "
                   f"{report.reason}.", err=True)
    return report
