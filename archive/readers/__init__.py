"""Readers turn files into Documents, one reader per format, chosen by file name."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from archive.errors import ReadError
from archive.model import Document
from archive.readers.text import read_text

Reader = Callable[[bytes, str], Iterator[Document]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".markdown": read_text,
}


def reader_for(name: str) -> Reader | None:
    return READERS.get(os.path.splitext(name)[1].lower())


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Yield the readable files under each path (folders recursively, sorted), or an error."""
    for path in map(Path, paths):
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and reader_for(name):
                        yield Path(root) / name
        elif path.is_file():
            yield path
        else:
            yield ReadError(str(path), "no such file or folder")


def read_file(path: Path, source: str | None = None) -> Iterator[Document | ReadError]:
    """Yield the documents in one file; a problem becomes a ReadError naming the file."""
    source = source or path.name
    reader = reader_for(path.name)
    if reader is None:
        yield ReadError(source, f"unknown file type {path.suffix or '(none)'!r}")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(source, f"cannot read: {exc.strerror or exc}")
        return
    origin = str(path.resolve())
    try:
        for doc in reader(data, source):
            # Multi-record readers set origin to "#<record>"; prefix it with the file.
            yield replace(doc, origin=origin + doc.origin)
    except ReadError as exc:
        yield exc
