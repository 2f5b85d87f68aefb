"""Outlets: news organisations the text cites, and the publisher a URL belongs to."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from archive.extract import lexicon
from archive.model import Entity

# Words around a name that make it a citation: "according to People", "Variety reports".
_CITE_BEFORE = re.compile(
    r"(?:according\s+to|obtained\s+by|reported\s+by|confirmed\s+to|told|tells|tell|via|"
    r"h/t|hat\s+tip|speaking\s+to|spoke\s+to|in\s+an\s+interview\s+with|interview\s+with|"
    r"said\s+to|cited\s+by|published\s+by|wrote\s+in|writing\s+in|quoted\s+by|quoted\s+in|"
    r"reports?\s+in|reporting\s+by|exclusively\s+to|to)\s*[(\[]?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_CITE_AFTER = re.compile(
    r"^(?:\.com)?\s*(?:\)|magazine\b|'s\s+(?:report|sources?|story)|"
    r"(?:first\s+|also\s+|previously\s+|exclusively\s+)?(?:reported|reports|noted|notes|states|"
    r"stated|says|said|confirmed|learned|revealed|writes|wrote|obtained|has\s+learned|"
    r"was\s+first\s+to|broke\s+the\s+news))",
    re.IGNORECASE,
)
_PAREN = re.compile(r"[(\[]\s*(?:via\s+|h/t\s+|source:\s*)?$", re.IGNORECASE)
# A news organisation the text names as such, known or not: "broadcaster Deutschlandfunk".
_KIND = (r"(?:broadcaster|newspaper|daily|weekly|tabloid|news\s+agency|magazine|"
         r"channel|radio|television|paper)")
_NAMED = re.compile(
    rf"\b{_KIND}\s+((?:(?:al|el)-)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|\d+))*)"
)
_NAMED_AFTER = re.compile(r"\b((?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*(?:\s+\d+)?)\s+"
                          r"(?:TV\s+channel|news\s+agency|newspaper)\b")
# A paper's or agency's own name says what it is: "the Baltimore Sun", "the Saudi Press Agency".
_MASTHEAD = re.compile(
    r"\bthe\s+(?:official\s+)?((?:[A-Z][\w'’-]*\s+){1,3}(?:Press\s+Agency|News\s+Agency|Times|Post|"
    r"Journal|Herald|Tribune|Gazette|Chronicle|Telegraph|Observer|Examiner|Inquirer|Sun|Record|"
    r"Courier|Standard|Monitor|Register|Star))\b"
)


def outlet_from_url(url: str | None) -> str | None:
    """Return the outlet a URL's site belongs to (www.huffingtonpost.com -> HuffPost), if known.

    Subdomains count as their parent (europe.chinadaily.com.cn -> China Daily).
    """
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    parts = host.lower().rstrip(".").split(".")
    domains = lexicon.outlet_domains()
    for i in range(len(parts) - 1):
        name = domains.get(".".join(parts[i:]))
        if name:
            return name
    return None


def extract_outlets(body: str, publisher: str | None = None) -> list[Entity]:
    """Return the publisher (offsets -1) and each outlet the body cites, with its evidence."""
    found = [Entity("outlet", publisher, publisher, -1, -1)] if publisher else []
    taken: list[tuple[int, int]] = []
    for m in _pattern().finditer(body):
        written = m.group(0)
        usual, ambiguous = _names()[written]
        if ambiguous and not _cited(body, m.start(), m.end()):
            continue
        found.append(Entity("outlet", usual, written, m.start(), m.end()))
        taken.append((m.start(), m.end()))
    named = [*_NAMED.finditer(body), *_NAMED_AFTER.finditer(body), *_MASTHEAD.finditer(body)]
    for m in named:
        s, e = m.span(1)
        if any(a <= s < b or s <= a < e for a, b in taken):
            continue
        name = m.group(1)
        if name.split()[0].lower() in {"the", "a", "in", "on", "this", "his", "her", "its"}:
            continue
        usual = _names().get(name, (_usual(name), False))[0]
        found.append(Entity("outlet", usual, name, s, e))
        taken.append((s, e))
    found.sort(key=lambda e: e.start)
    return found


def outlet_at(text: str) -> int | None:
    """The length of the outlet name `text` starts with, if it starts with one."""
    m = _pattern().match(text)
    return m.end() if m else None


def _usual(name: str) -> str:
    return name[0].upper() + name[1:] if name.startswith(("al-", "el-")) else name


def _cited(body: str, start: int, end: int) -> bool:
    before = body[max(0, start - 40):start]
    after = body[end:end + 40]
    return bool(_CITE_BEFORE.search(before) or _PAREN.search(before) or _CITE_AFTER.match(after))


@cache
def _names() -> dict[str, tuple[str, bool]]:
    return {written: (usual, amb) for written, usual, amb in lexicon.outlets()}


@cache
def _pattern() -> re.Pattern[str]:
    # Longest names first, so "E! News" wins over "E!"; a name never runs past its own words.
    alts = "|".join(re.escape(w) for w, _, _ in lexicon.outlets())
    return re.compile(rf"(?<![\w@.-])(?<![a-z]/)(?:{alts})(?![\w@-]|\.(?!com\b)\w)")
