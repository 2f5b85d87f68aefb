"""One name per person across the archive: how the forms a name is written in resolve.

Extraction gives each article its own values ("Trump" when the article never says "Donald
Trump"). Here the forms of all articles are grouped by family (the surname, spelled loosely),
and within a family:

- **variants** of one full name are one person: spelling that differs only in accents, case,
  dots, hyphens, doubled letters or a final y/i ("Kim Jong-un" / "Kim Jong Un", "Sergey" /
  "Sergei Lavrov", "Hilary" / "Hillary Clinton"), a common nickname ("Mike Flynn" / "Michael
  Flynn"), a left-out middle name or initial ("Donald J. Trump" / "Donald Trump") or a dropped
  first name ("Tayyip Erdogan" / "Recep Tayyip Erdogan"), when that relation points at one
  full name only ("George Bush" stays apart if both George W. and George H. W. Bush are there);
  the most frequent form names the person;
- a **surname alone** ("Trump", "Obama") resolves to the person of that family the archive
  names most, when the archive's evidence is strong: that person's share of the family's
  articles is at least `SURE` and the confidence (share, less for few articles) at least
  `ENOUGH`. When the evidence is split ("Clinton": Hillary and Bill), the article's other
  people decide (the candidate named with them in most articles, at least twice as often as
  the next); failing that, the form is left as written.

The functions are pure; `archive.store` keeps the forms, the resolutions and each article's
mentions in SQLite and calls them for the families a change touches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SURE = 0.9  # a surname's top candidate with this share of the family resolves on the prior
ENOUGH = 0.75  # the least confidence a resolution needs, whether by prior or by context

# How a form got its canonical name.
ARTICLE = "article"  # written so in the article (or resolved inside it by extraction)
VARIANT = "variant"  # a spelling or shortening of the same full name across the archive
ARCHIVE = "archive"  # a surname alone, resolved by the archive's evidence
CONTEXT = "context"  # a surname alone, resolved by the people named with it
CORRECTION = "correction"  # a user's merge or alias
AMBIGUOUS = "ambiguous"  # a surname alone whose family is split: the article's context decides

NICKNAMES = {
    "mike": "michael", "bill": "william", "bob": "robert", "jim": "james", "jimmy": "james",
    "tom": "thomas", "joe": "joseph", "dave": "david", "steve": "steven", "stephen": "steven",
    "chris": "christopher", "tony": "anthony", "nick": "nicholas", "alex": "alexander",
    "dan": "daniel", "ben": "benjamin", "sam": "samuel", "andy": "andrew", "ed": "edward",
    "ted": "edward", "rick": "richard", "dick": "richard", "rob": "robert", "matt": "matthew",
    "pat": "patrick", "jeff": "jeffrey", "greg": "gregory", "ron": "ronald", "don": "donald",
    "chuck": "charles", "charlie": "charles", "liz": "elizabeth", "beth": "elizabeth",
    "kate": "katherine", "cathy": "catherine", "jenny": "jennifer", "sue": "susan",
}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_DOUBLE = re.compile(r"(.)\1+")
_SPLIT = re.compile(r"[\s\-‐–]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _token(word: str) -> str:
    """A name word spelled loosely: "Sergey" and "Sergei", "Hilary" and "Hillary" agree."""
    w = _fold(word).replace(".", "").replace("'", "").replace("’", "")
    w = _DOUBLE.sub(r"\1", w)
    return w[:-1] + "i" if len(w) > 2 and w.endswith("y") else w


@lru_cache(maxsize=65536)
def tokens(form: str) -> tuple[str, ...]:
    """The loose tokens of a name, initials as letters. A suffix stays: "Donald Trump Jr." is
    not his father."""
    out = []
    for part in _SPLIT.split(form.strip()):
        # "H.W." is two initials
        pieces = [p for p in part.split(".") if p] if re.fullmatch(r"(?:[A-Z]\.)+", part) \
            else [part]
        out += [t for t in (_token(p) for p in pieces) if t]
    if len(out) > 1:
        out[0] = NICKNAMES.get(out[0], out[0])
    return tuple(out)


def family(form: str) -> str:
    """The surname a form belongs under (its last word, loosely spelled)."""
    t = list(tokens(form))
    while len(t) > 1 and t[-1] in _SUFFIXES:
        t.pop()
    return t[-1] if t else ""


@dataclass(frozen=True)
class Resolution:
    canonical: str
    how: str
    confidence: float
    candidates: tuple[tuple[str, int], ...] = ()  # AMBIGUOUS: (canonical, articles), best first


def resolve_family(forms: dict[str, int], mononyms: frozenset[str] | set[str] = frozenset()
                   ) -> dict[str, Resolution]:
    """Resolve every form of one family; `forms` maps a form to its number of articles."""
    full = {f: n for f, n in forms.items() if len(tokens(f)) > 1}
    people = _clusters(full)
    out = dict(people)
    for form in forms:
        if form in full:
            continue
        if form in mononyms or not people:
            out[form] = Resolution(form, ARTICLE, 1.0)
        else:
            out[form] = _surname(form, people, full)
    return out


def _clusters(full: dict[str, int]) -> dict[str, Resolution]:
    """Group the full names of a family into people; each form maps to its person's name."""
    parent = {f: f for f in full}

    def root(f: str) -> str:
        while parent[f] != f:
            parent[f] = parent[parent[f]]
            f = parent[f]
        return f

    by_key: dict[tuple[str, ...], list[str]] = {}
    for f in full:
        by_key.setdefault(tokens(f), []).append(f)
    for same in by_key.values():
        for f in same[1:]:
            parent[root(f)] = root(same[0])
    keys = list(by_key)
    for k in keys:
        related = [h for h in keys if h != k and _shortens(k, h)]
        longer = {root(by_key[h][0]) for h in related}
        if len(longer) == 1:
            parent[root(by_key[k][0])] = longer.pop()
    groups: dict[str, list[str]] = {}
    for f in full:
        groups.setdefault(root(f), []).append(f)
    out = {}
    for members in groups.values():
        name = max(members, key=lambda f: (full[f], len(f), f))
        for f in members:
            out[f] = Resolution(name, ARTICLE if f == name else VARIANT, 1.0)
    return out


def _shortens(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether `short` is `long` with its middle left out ("donald trump" of "donald j trump")
    or its first names dropped ("tayyip erdogan" of "recep tayyip erdogan")."""
    if len(short) < 2 or len(short) >= len(long):
        return False
    if len(short) == 2 and short[0] == long[0] and short[-1] == long[-1]:
        return True
    return long[-len(short):] == short


def _surname(form: str, resolved: dict[str, Resolution], full: dict[str, int]) -> Resolution:
    weights: dict[str, int] = {}
    for f, r in resolved.items():
        weights[r.canonical] = weights.get(r.canonical, 0) + full[f]
    ranked = tuple(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])))
    name, top = ranked[0]
    total = sum(weights.values())
    confidence = confidence_of(top, total)
    if top / total >= SURE and confidence >= ENOUGH:
        return Resolution(name, ARCHIVE, confidence)
    return Resolution(form, AMBIGUOUS, confidence, ranked)


def confidence_of(top: int, total: int) -> float:
    """The share of the evidence, discounted when there is little of it (3 of 3 is 0.75)."""
    return round(top / total * (1 - 1 / (top + 1)), 3)


def by_context(r: Resolution, together: dict[str, int]) -> tuple[str, str, float]:
    """Decide an ambiguous surname in one article: `together` counts, per candidate, the
    articles naming it with this article's other people. Without a clear winner the form
    stays as written: a split family is no evidence for either person."""
    ranked = sorted(((n, c) for c, n in together.items() if n > 0), reverse=True)
    if ranked:
        best, name = ranked[0]
        second = ranked[1][0] if len(ranked) > 1 else 0
        if best >= 2 and best >= 2 * second:
            return name, CONTEXT, confidence_of(best, best + second)
    return r.canonical, ARTICLE, 1.0
