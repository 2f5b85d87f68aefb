"""Plain text and Markdown: the first non-empty line is the title, the rest is the body."""

from __future__ import annotations

from collections.abc import Iterator

import charset_normalizer

from archive.errors import ReadError
from archive.model import Document

MAX_BYTES = 20 * 1024 * 1024


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8, falling back to the detected encoding; refuse binary data."""
    if b"\x00" in data[:8192]:
        raise ReadError(source, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError(source, "cannot tell the text encoding; save it as UTF-8")
    return str(best)


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
