"""CSV exports: a header row naming the fields (see records.py), then one article a row.

The delimiter (comma, semicolon, tab or bar) is the one the header row uses most. A row that
cannot be read or has no text is reported with its line; the other rows go on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import BinaryIO

from archive.errors import ReadError
from archive.model import Document
from archive.readers.encoding import MAX_LINE, BadLine, Lines
from archive.readers.records import FIELDS, field_key, to_document

_DELIMITERS = ",;\t|"  # the first wins a tie
_BODY_KEYS = {field_key(name) for name in FIELDS["body"]}


def read_csv(stream: BinaryIO, source: str) -> Iterator[Document | ReadError]:
    """Yield an article (or an error) for every row after the header."""
    # Articles are long: allow fields as long as a line may be (the default is 128 KiB).
    if csv.field_size_limit() < MAX_LINE:
        csv.field_size_limit(MAX_LINE)
    lines = Lines(stream, source)
    names, delimiter = _header(lines, source)
    if not _BODY_KEYS & {field_key(n) for n in names}:
        expected = ", ".join(FIELDS["body"][:3])
        raise ReadError(source, f"no text column (expected one of: {expected})", line=lines.line)
    dialect = {"delimiter": delimiter, "strict": True}
    rows = csv.reader(lines, **dialect)
    number = 0
    while True:
        start = lines.line + 1
        try:
            row = next(rows)
        except StopIteration:
            if not number:
                raise ReadError(source, "no rows after the header") from None
            return
        except BadLine as exc:
            number += 1
            yield ReadError(source, exc.message, line=exc.line)
            rows = csv.reader(lines, **dialect)
            continue
        except csv.Error as exc:
            number += 1
            yield ReadError(source, f"cannot read the row: {exc}", line=start)
            rows = csv.reader(lines, **dialect)
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        if len(row) != len(names):
            yield ReadError(
                source, f"row {number} has {len(row)} fields, the header {len(names)}",
                line=start,
            )
            continue
        yield to_document(dict(zip(names, row, strict=True)), source, number, start)


def _header(lines: Lines, source: str) -> tuple[list[str], str]:
    """Read the header row: the field names, and the delimiter they are separated by."""
    try:
        text = next((t for t in lines if t.strip()), None)
    except BadLine as exc:
        raise ReadError(source, f"cannot read the header: {exc.message}", line=exc.line) from None
    if text is None:
        raise ReadError(source, "empty file")
    delimiter = max(_DELIMITERS, key=text.count)
    try:
        row = next(csv.reader([text], delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise ReadError(source, f"cannot read the header: {exc}", line=lines.line) from None
    return [name.strip() for name in row], delimiter
