"""Turn one record of a JSON, JSON Lines or CSV export into a Document.

Field mapping
-------------
Field names are matched without regard to case, "_", "-" or spaces
(`publish_date`, `publishDate` and `Publish Date` are the same field). The first
field present with a non-empty value wins:

| Document  | record fields, in order                                               |
|-----------|-----------------------------------------------------------------------|
| title     | `title`, `headline`                                                   |
| body      | `text`, `body`, `content`, `article_text`, `article`                  |
| (body)    | `subtitle`, `subheadline`, `dek`: put before the body as a paragraph  |
| published | `date`, `published`, `publish_date`, `published_at`,                  |
|           | `publication_date`, `pub_date`, `datetime`                            |
| url       | `url`, `link`, `article_source_link`, `source_url`                    |
| outlet    | `outlet`, `source`, `site`, `site_name`, `publisher`                  |
| author    | `author`, `authors`, `byline`, `by`                                   |

- A record without a body is an error naming the file and line; the rest of the file goes on.
- No title: the first sentence of the body's first line (cut at ~120 characters).
- Dates: ISO 8601 (`2017-01-05`, `2017-01-05 00:00:00`, `2017-01-05T10:00:00Z`),
  `2017/2/7 7:11`, RFC 2822 (`Tue, 07 Feb 2017 10:00:00 +0000`) and written-out
  English dates (`5 January 2017`). A date that cannot be read leaves the article undated.
- No outlet: the outlet of the URL's site, if it is a known news site
  (`www.huffingtonpost.com` -> HuffPost).
- A value may be a string or a number; a list of strings (authors) is joined with ", ";
  an object with a `name` (NewsAPI's `"source": {"id": ..., "name": ...}`) gives its name.
- Other fields (`article_id`, `tags`, ...) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from archive.errors import ReadError
from archive.extract.outlets import outlet_from_url
from archive.model import Document
from archive.readers.dates import parse_date

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "body": ("text", "body", "content", "article_text", "article"),
    "subtitle": ("subtitle", "subheadline", "dek"),
    "published": (
        "date", "published", "publish_date", "published_at", "publication_date", "pub_date",
        "datetime",
    ),
    "url": ("url", "link", "article_source_link", "source_url"),
    "outlet": ("outlet", "source", "site", "site_name", "publisher"),
    "author": ("author", "authors", "byline", "by"),
}

TITLE_LENGTH = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def field_key(name: str) -> str:
    """Fold a field name to the form the mapping uses: publishDate, Publish Date -> publishdate."""
    return re.sub(r"[\s_\-]", "", name).lower()


_KEYS = {target: tuple(map(field_key, names)) for target, names in FIELDS.items()}


def as_text(value: object) -> str | None:
    """Return a record value as text, or None if it holds none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        parts = [t for t in map(as_text, value) if t]
        return ", ".join(parts) or None
    if isinstance(value, Mapping):
        return as_text(value.get("name"))
    return None


def title_from_text(text: str) -> str:
    """Make a title from a text: the first sentence of its first line, at most ~120 characters."""
    line = next((s.strip() for s in text.splitlines() if s.strip()), "")
    m = _SENTENCE_END.search(line, 20)
    if m:
        line = line[: m.start()]
    if len(line) <= TITLE_LENGTH:
        return line
    cut = line.rfind(" ", 0, TITLE_LENGTH)
    return line[: cut if cut > 20 else TITLE_LENGTH].rstrip(" ,;:") + "…"


def to_document(record: object, source: str, number: int, line: int) -> Document | ReadError:
    """Map one record to a Document, or a ReadError naming the file and the record's line.

    `number` is the record's position in the file (1 for the first), which becomes
    the document's origin, "#<number>".
    """
    if not isinstance(record, Mapping):
        kind = type(record).__name__ if record is not None else "null"
        return ReadError(source, f"record {number} is a {kind}, not an object", line=line)
    fields: dict[str, object] = {}
    for name, value in record.items():
        fields.setdefault(field_key(str(name)), value)

    def get(target: str) -> str | None:
        for key in _KEYS[target]:
            text = as_text(fields.get(key))
            if text:
                return text
        return None

    body = get("body") or ""
    subtitle = get("subtitle")
    if not body and not get("title"):
        present = next((k for k in _KEYS["body"] if k in fields), None)
        why = f"its {present} field is empty" if present else "no text, body or content field"
        return ReadError(source, f"record {number} has no text and no title ({why})", line=line)
    # A title and no text (a headline-only row of an export) is still an article: its title
    # and subtitle are what can be searched.
    if subtitle and not body.startswith(subtitle):
        body = f"{subtitle}\n\n{body}" if body else subtitle
    url = get("url")
    published = None
    for key in _KEYS["published"]:
        published = parse_date(fields.get(key))
        if published:
            break
    return Document(
        title=get("title") or title_from_text(body),
        body=body,
        source=source,
        published=published,
        url=url,
        outlet=get("outlet") or outlet_from_url(url),
        author=get("author"),
        origin=f"#{number}",
    )
