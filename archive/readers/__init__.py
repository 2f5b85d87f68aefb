"""Readers turn files into Documents, one reader per format, chosen by file name.

A reader takes a binary stream and the file's display name, and yields Documents;
for a bad record it yields a ReadError and goes on, for a bad file it raises one.
`read_file` turns both into ReadError items, so one bad input never stops a run.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import BinaryIO

from archive.errors import ReadError
from archive.model import Document
from archive.readers.csvfile import read_csv
from archive.readers.htmlpage import read_html
from archive.readers.jsonfile import read_json, read_jsonl
from archive.readers.text import read_text_file

Reader = Callable[[BinaryIO, str], Iterator[Document | ReadError]]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".csv": read_csv,
    ".tsv": read_csv,
}

STDIN = "-"
STDIN_SOURCE = "<stdin>"


def reader_for(name: str) -> Reader | None:
    """Return the reader for a file name ("a.jsonl"), or for a bare format name ("jsonl")."""
    ext = os.path.splitext(name)[1] or "." + name
    return READERS.get(ext.lower())


def iter_files(
    paths: Iterable[str | Path], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> Iterator[Path | ReadError]:
    """Yield the readable files under each path (folders recursively, sorted), or an error.

    In folders, only files a reader knows are taken, and hidden files and folders
    are skipped. `include` and `exclude` are glob patterns (`*.json`, `drafts/*`):
    a pattern with a "/" is matched against the path below the folder given, one
    without against the file or folder name. A file is taken if it matches an
    include pattern (when there are any) and no exclude pattern; a folder that
    matches an exclude pattern is not entered. Files named on their own are always
    taken, and "-" stands for standard input.
    """
    include, exclude = tuple(include), tuple(exclude)
    for path in paths:
        if str(path) == STDIN:
            yield Path(STDIN)
            continue
        path = Path(path)
        if path.is_dir():
            yield from _walk(path, include, exclude)
        elif path.is_file():
            yield path
        elif path.exists():
            yield ReadError(shown(path), NOT_REGULAR)
        else:
            yield ReadError(shown(path), "no such file or folder")


def _walk(top: Path, include: tuple[str, ...], exclude: tuple[str, ...]):
    problems: list[OSError] = []
    for root, dirs, files in os.walk(top, onerror=problems.append):
        yield from (ReadError(e.filename or str(root), e.strerror or str(e)) for e in problems)
        problems.clear()
        rel = Path(root).relative_to(top).as_posix()
        rel = "" if rel == "." else rel + "/"
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not _matches(rel + d, d, exclude)
        )
        for name in sorted(files):
            if name.startswith(".") or not reader_for(name):
                continue
            if include and not _matches(rel + name, name, include):
                continue
            if not _matches(rel + name, name, exclude):
                path = Path(root) / name
                # A FIFO would block the read forever; sockets and devices are not articles.
                yield path if path.is_file() or not path.exists() else ReadError(
                    shown(path), NOT_REGULAR)
    yield from (ReadError(e.filename or str(top), e.strerror or str(e)) for e in problems)


NOT_REGULAR = "not a regular file (a FIFO, socket or device): skipped"


def shown(path: Path | str) -> str:
    """A file name as text that can be stored and printed: bytes that are not UTF-8 (kept by
    Python as lone surrogates) are written as \\xff escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _matches(rel: str, name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(rel if "/" in p else name, p.strip("/")) for p in patterns)


def read_file(
    path: Path, source: str | None = None, format: str | None = None
) -> Iterator[Document | ReadError]:
    """Yield the documents in one file; a problem becomes a ReadError naming the file.

    `format` ("jsonl", "csv", ...) overrides the file name's extension; standard
    input ("-") is read as plain text unless a format is given.
    """
    if str(path) == STDIN:
        yield from _read_stdin(source or STDIN_SOURCE, format or "text")
        return
    source = shown(source or path.name)
    reader = reader_for(format or path.name)
    if reader is None:
        yield ReadError(source, f"unknown file type {format or path.suffix or '(none)'!r}")
        return
    origin = shown(path.resolve())
    try:
        # Opened without blocking, then checked: a FIFO put in the file's place since it was
        # listed would otherwise wait for a writer forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            yield ReadError(source, NOT_REGULAR)
            return
        os.set_blocking(fd, True)
        with open(fd, "rb") as stream:
            for item in _read(reader, stream, source):
                # Multi-record readers set origin to "#<record>"; prefix it with the file.
                yield item if isinstance(item, ReadError) else replace(
                    item, origin=origin + item.origin
                )
    except OSError as exc:
        yield ReadError(source, f"cannot read: {exc.strerror or exc}")


def _read_stdin(source: str, format: str) -> Iterator[Document | ReadError]:
    reader = reader_for(format)
    if reader is None:
        yield ReadError(source, f"unknown format {format!r}")
        return
    # Readers need a seekable stream; keep small inputs in memory, spill big ones to disk.
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool)
        spool.seek(0)
        for item in _read(reader, spool, source):
            # Standard input has no stable origin: never let it update another article.
            yield item if isinstance(item, ReadError) else replace(item, origin="")


# The longest article, in characters, of any format: a 100 MB JSON body took 148 s and 3.7 GB to
# ingest, then 59 s for every search that found it. (The longest real articles in the labelled
# corpora are under 100,000 characters.)
MAX_ARTICLE_CHARS = 5_000_000


def _read(reader: Reader, stream: BinaryIO, source: str) -> Iterator[Document | ReadError]:
    try:
        for item in reader(stream, source):
            size = len(item.body) + len(item.title) if isinstance(item, Document) else 0
            if size > MAX_ARTICLE_CHARS:
                record = item.origin.startswith("#")
                which = f"record {item.origin[1:]}" if record else "the article"
                item = ReadError(source, f"{which} is too long ({size:,} characters; an article "
                                 f"may have at most {MAX_ARTICLE_CHARS:,}): split it")
            yield item
    except ReadError as exc:
        yield exc
    except (OSError, MemoryError):
        raise
    except Exception as exc:
        # A reader bug must not stop the run (the property tests hunt for these).
        yield ReadError(source, f"unexpected error, please report it: {type(exc).__name__}: {exc}")
