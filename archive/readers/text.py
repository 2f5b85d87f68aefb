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
        text = _utf16_without_bom(data)
        if text is None:
            raise ReadError(source, "binary file (NUL bytes), not text")
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
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


MAX_BAD_UTF8 = 8  # invalid sequences a UTF-8 text may have and still be read as UTF-8


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few invalid bytes (each read as U+FFFD), or None if it is not.

    Such a file was decoded whole in whatever charset the detector guessed ("cafÃ©"). It is
    taken as UTF-8 when it has valid multi-byte sequences and at most MAX_BAD_UTF8 bad ones
    (a Latin-1 file's accents are never valid UTF-8 sequences).
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    good = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    if 0 < bad <= MAX_BAD_UTF8 and good > bad:
        return text.removeprefix("\ufeff")
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text with no byte-order mark (one byte of most characters is NUL), or None."""
    head = data[:8192]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > half * 0.6 and even < half * 0.1:
        encoding = "utf-16-le"
    elif even > half * 0.6 and odd < half * 0.1:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if looks_binary(text) else text


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
