"""HTML pages saved from news sites: the article's main text and its metadata, via trafilatura.

Only the plain text of the article is kept (no menus, comments or markup). The
page's site name (og:site_name and the like) is the publishing outlet; failing
that, the outlet of the page's URL (canonical link, og:url, or the "saved from
url=" comment browsers add) if it is a known news site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from archive.errors import ReadError
from archive.extract.outlets import outlet_from_url
from archive.model import Document
from archive.readers.dates import parse_date
from archive.readers.text import MAX_BYTES, decode

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


def read_html(stream: BinaryIO, source: str) -> Iterator[Document]:
    """Yield the one article an HTML page holds."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReadError(source, f"too large (over {MAX_BYTES:,} bytes)")
    page = decode(data, source)
    if not page.strip():
        raise ReadError(source, "empty file")
    saved_from = _SAVED_FROM.search(page[:4096])
    found = _extract(page, saved_from[1] if saved_from else None, source)
    body = (found.text or "").strip() if found else ""
    if not body:
        raise ReadError(source, "no article text found in the page")
    title = (found.title or "").strip()
    first, _, rest = body.partition("\n")
    if title and first.strip() == title and rest.strip():
        body = rest.strip()  # the headline repeated at the top of the text
    url = found.url or (saved_from[1] if saved_from else None)
    yield Document(
        title=title or first.strip(),
        body=body,
        source=source,
        published=parse_date(found.date),
        url=url,
        outlet=_outlet(found.sitename, url),
        author=(found.author or "").strip() or None,
    )


def _extract(page: str, url: str | None, source: str):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            page, url=url, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=True,  # a page of menus and links is no article
        )
    except RecursionError:
        raise ReadError(source, "cannot read the page: nested too deeply") from None
    except Exception as exc:
        # trafilatura and lxml raise many kinds of errors on broken markup; any of them
        # means this one page cannot be read, and the run goes on.
        raise ReadError(source, f"cannot read the page: {type(exc).__name__}: {exc}") from None


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The page's own site name, unless it is only a domain; else the URL's known outlet."""
    name = (sitename or "").strip()
    if name and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name, re.IGNORECASE):
        return name
    return outlet_from_url(url) or outlet_from_url(f"https://{name}") or name or None
