"""A progress bar on the terminal for long work, and nothing at all in pipes or with --json."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click


def on_terminal(as_json: bool = False) -> bool:
    """Show progress only to a person: standard error is a terminal and no JSON is asked for."""
    return not as_json and sys.stderr.isatty()


class Progress:
    """Counts work done (`step`) and things made (`made`, e.g. articles), for the bar's text."""

    def __init__(self, bar, noun: str):
        self.bar, self.noun, self.made = bar, noun, 0
        self.started = time.monotonic()

    def add(self, n: int = 1) -> None:
        self.made += n

    def step(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n, self.text())

    def text(self) -> str:
        rate = self.made / max(time.monotonic() - self.started, 1e-6)
        return f"{self.made:,} {self.noun}, {rate:,.0f}/s"


@contextmanager
def progress(label: str, length: int, noun: str, show: bool) -> Iterator[Progress]:
    if not show or length <= 0:
        yield Progress(None, noun)
        return
    with click.progressbar(length=length, label=label, file=sys.stderr, show_eta=True,
                           show_percent=True,
                           show_pos=True, item_show_func=lambda text: text) as bar:
        yield Progress(bar, noun)


def files_then_documents(files: list, stdin_format: str | None, shown: Progress):
    """What iter_documents yields for these files (from list_files), moving the bar on
    after each file."""
    from archive.ingest import iter_documents

    for item in files:
        if isinstance(item, Path):
            for doc in iter_documents([item], stdin_format=stdin_format):
                shown.add()
                yield doc
        else:
            yield item
        shown.step()


def list_files(paths, include, exclude) -> list:
    from archive.readers import iter_files

    return list(iter_files(paths, include, exclude))


class ReadingCounted:
    """A store whose iter_articles moves a progress bar on: what a full reindex reads."""

    def __init__(self, store, shown: Progress):
        self._store, self._shown = store, shown

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def iter_articles(self, *args, **kw):
        for article in self._store.iter_articles(*args, **kw):
            yield article
            self._shown.add()
            self._shown.step()
