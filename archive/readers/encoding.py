"""Tell a file's text encoding, refuse binary data, and read long files line by line.

Single-article files are decoded whole (`archive.readers.text.decode`). Exports
(JSON Lines, CSV) can be larger than memory allows, so `Lines` reads them one
line at a time, and a line that is too long or not in the file's encoding
becomes an error for that line only.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

import charset_normalizer

from archive.errors import ReadError

SAMPLE = 64 * 1024
MAX_LINE = 16 * 1024 * 1024

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """Return the encoding a byte-order mark at the start of data names, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def sniff(sample: bytes, source: str) -> str:
    """Return the encoding of a file from its first bytes; refuse binary data.

    A byte-order mark wins; then UTF-8 if the sample is valid UTF-8; then what
    charset-normalizer detects (Latin-1, cp1252 and the like).
    """
    bom = bom_encoding(sample)
    if bom:
        return bom
    if b"\x00" in sample[:8192]:
        raise ReadError(source, "binary file (NUL bytes), not text")
    try:
        # Not final: the sample may end in the middle of a character.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    found = detect(sample)
    if found is None:
        raise ReadError(source, "cannot tell the text encoding; save it as UTF-8")
    return found


def detect(data: bytes) -> str | None:
    """Return the likeliest single encoding of bytes that are not UTF-8, or None.

    On short texts charset-normalizer often finds several encodings equally
    likely (cp1250, cp1252, cp1257 for "café"); then Western European (cp1252,
    a superset of Latin-1's printable characters) wins, as most news in other
    encodings was saved on Windows in the West.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos == best]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        return "cp1252"
    return tied[0].encoding


class BadLine(Exception):
    """A line that cannot be read (too long, or not in the file's encoding)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class Lines:
    """Iterate over a binary stream's lines as text, keeping the line number.

    Raises BadLine for one bad line and can be iterated on afterwards, so the
    caller reports that line and goes on with the next. Line ends are kept, as
    the csv module wants them.
    """

    def __init__(self, stream: BinaryIO, source: str, max_line: int = MAX_LINE):
        self.stream = stream
        self.max_line = max_line
        self.line = 0  # number of the line last returned (or refused)
        sample = stream.read(SAMPLE)
        stream.seek(-len(sample), 1)  # readers get seekable streams (files, BytesIO)
        self.encoding = sniff(sample, source)
        self._wide: list[str] | None = None
        if self.encoding.startswith(("utf-16", "utf-32")):
            # Not ASCII-compatible: b"\n" does not end lines, so decode the whole file.
            data = stream.read()
            try:
                self._wide = data.decode(self.encoding).splitlines(keepends=True)
            except UnicodeDecodeError as exc:
                raise ReadError(source, f"not valid {self.encoding}: {exc.reason}") from None
            self._wide.reverse()
        elif self.encoding == "utf-8":
            self.encoding = "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        if self._wide is not None:
            if not self._wide:
                raise StopIteration
            self.line += 1
            return self._wide.pop()
        raw = self.stream.readline(self.max_line + 1)
        if not raw:
            raise StopIteration
        self.line += 1
        if len(raw) > self.max_line and not raw.endswith(b"\n"):
            while (rest := self.stream.readline(self.max_line)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the overlong line without holding it
            raise BadLine(self.line, f"line longer than {self.max_line:,} bytes; skipped")
        encoding = self.encoding if self.line == 1 else self.encoding.replace("-sig", "")
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise BadLine(
                self.line, f"not valid {encoding} text at byte {exc.start + 1}"
            ) from None
