"""JSON and JSON Lines exports: one article per object (see records.py for the fields).

A .json file holds one object, an array of objects, or an object with an
"articles" array. A .jsonl file holds one object a line; a bad line is reported
and the lines after it are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from archive.errors import ReadError
from archive.model import Document
from archive.readers.encoding import BadLine, Lines
from archive.readers.records import to_document
from archive.readers.text import decode

MAX_JSON_BYTES = 200 * 1024 * 1024
_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


def read_jsonl(stream: BinaryIO, source: str) -> Iterator[Document | ReadError]:
    """Yield an article (or an error) for every non-blank line."""
    lines = Lines(stream, source)
    number = 0
    while True:
        try:
            text = next(lines)
        except StopIteration:
            if not number:
                raise ReadError(source, "empty file (no JSON lines)") from None
            return
        except BadLine as exc:
            number += 1
            yield ReadError(source, exc.message, line=exc.line)
            continue
        if not text.strip():
            continue
        number += 1
        try:
            record = json.loads(text)
        except (ValueError, RecursionError) as exc:
            yield ReadError(source, f"invalid JSON: {_reason(exc)}", line=lines.line)
            continue
        yield to_document(record, source, number, lines.line)


def read_json(stream: BinaryIO, source: str) -> Iterator[Document | ReadError]:
    """Yield the articles of a JSON document, each with the line its object starts on."""
    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise ReadError(
            source, f"too large for one JSON document (over {MAX_JSON_BYTES:,} bytes); "
            "export it as JSON Lines (.jsonl) instead"
        )
    text = decode(data, source)
    pos = _skip(text, 0)
    if pos == len(text):
        raise ReadError(source, "empty file")
    try:
        if text[pos] == "[":
            items = _elements(text, pos)
        elif text[pos] == "{":
            items = _articles(text, pos)
        else:
            value, end = _DECODER.raw_decode(text, pos)
            _end_of_document(text, end)
            items = iter([(pos, value)])
        line, counted, number = 1, 0, 0
        for number, (start, value) in enumerate(items, 1):  # noqa: B007 (counted after)
            line, counted = line + text.count("\n", counted, start), start
            yield to_document(value, source, number, line)
        if not number:
            raise ReadError(source, "no articles (an empty array)")
    except json.JSONDecodeError as exc:
        raise ReadError(
            source, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ReadError(source, f"invalid JSON: {_reason(exc)}") from None


def _articles(text: str, pos: int) -> Iterator[tuple[int, object]]:
    """Yield the elements of the object's "articles" array, or else the object itself."""
    members = {}
    i = _skip(text, pos + 1)
    while text[i : i + 1] != "}":
        key, i = _DECODER.raw_decode(text, i)
        if not isinstance(key, str):
            raise json.JSONDecodeError("Expecting property name", text, i)
        i = _expect(text, _skip(text, i), ":")
        i = _skip(text, i)
        if key == "articles" and text[i : i + 1] == "[":
            end = yield from _elements(text, i, tail=True)
            members = None
        else:
            value, end = _DECODER.raw_decode(text, i)
            if members is not None:
                members[key] = value
        i = _skip(text, end)
        if text[i : i + 1] == ",":
            i = _skip(text, i + 1)
        elif text[i : i + 1] != "}":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, i)
    _end_of_document(text, i + 1)
    if members is not None:
        yield pos, members


def _elements(text: str, pos: int, tail: bool = False):
    """Yield (offset, value) for each element of the array at pos; return the offset after it."""
    i = _skip(text, pos + 1)
    if text[i : i + 1] == "]":
        end = i + 1
    else:
        while True:
            value, end = _DECODER.raw_decode(text, i)
            yield i, value
            i = _skip(text, end)
            if text[i : i + 1] == ",":
                i = _skip(text, i + 1)
            elif text[i : i + 1] == "]":
                end = i + 1
                break
            else:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, i)
    if not tail:
        _end_of_document(text, end)
    return end


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _expect(text: str, i: int, char: str) -> int:
    if text[i : i + 1] != char:
        raise json.JSONDecodeError(f"Expecting {char!r} delimiter", text, i)
    return i + 1


def _end_of_document(text: str, i: int) -> None:
    i = _skip(text, i)
    if i != len(text):
        raise json.JSONDecodeError("Extra data", text, i)


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
