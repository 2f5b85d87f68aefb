"""Plain text and Markdown: the first non-empty line is the title, the rest is the body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from archive.errors import ReadError
from archive.model import Document
from archive.readers.encoding import bom_encoding, detect

MAX_BYTES = 20 * 1024 * 1024


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8, falling back to the detected encoding; refuse binary data.

    A byte-order mark (UTF-8, UTF-16, UTF-32) names the encoding and wins.
    """
    bom = bom_encoding(data)
    if bom:
        try:
            text = data.decode(bom)
        except UnicodeDecodeError as exc:
            raise ReadError(source, f"not valid {bom} text: {exc.reason}") from None
        if looks_binary(text):
            raise ReadError(source, "binary file (control characters), not text")
        return text
    if b"\x00" in data[:8192]:
        raise ReadError(source, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    found = detect(data)
    if found is None:
        raise ReadError(source, "cannot tell the text encoding; save it as UTF-8")
    try:
        text = data.decode(found)
    except UnicodeDecodeError:
        raise ReadError(source, f"not valid {found} text") from None
    if looks_binary(text):
        raise ReadError(source, "binary file (control characters), not text")
    return text


def looks_binary(text: str) -> bool:
    """Tell whether decoded text is really binary data: NULs or many control characters."""
    head = text[:8192]
    controls = sum(1 for c in head if c < " " and c not in "\t\n\r\f\v")
    return "\x00" in head or controls > len(head) // 100


def split_title(text: str, source: str) -> tuple[str, str]:
    """Split text into its title (first non-empty line) and body (the rest)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, line in enumerate(lines):
        title = line.strip().lstrip("#").strip()
        if title:
            body = "\n".join(lines[i + 1 :]).strip()
            if not body:
                raise ReadError(source, "has a title but no body", line=i + 1)
            return title, body
    raise ReadError(source, "empty file")


def read_text(data: bytes, source: str) -> Iterator[Document]:
    """Yield the one article a text file holds."""
    if len(data) > MAX_BYTES:
        raise ReadError(source, f"too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    title, body = split_title(decode(data, source), source)
    yield Document(title=title, body=body, source=source)


def read_text_file(stream: BinaryIO, source: str) -> Iterator[Document]:
    """Yield the one article a text file holds, reading no more than the size limit."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReadError(source, f"too large (over {MAX_BYTES:,} bytes, the limit)")
    yield from read_text(data, source)
