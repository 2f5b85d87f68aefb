"""Highlighted snippets: find the matched words fast, let Whoosh's formatter escape and mark them.

Whoosh's own highlighter pushes every word of the text through its analyzer
chain and fragmenter, a few microseconds a word: on a page of ten hits that was
the largest part of a query's time. Here one regular-expression pass with a
cached stemmer finds the words whose stems the hit matched, the densest windows
become Whoosh `Fragment`s, and Whoosh's `HtmlFormatter` writes them, escaping
the text (so only its output is ever marked safe).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from whoosh.highlight import Formatter, Fragment

from index.whoosh_backend.schema import english_stem

# The same words Whoosh's StemmingAnalyzer makes tokens of.


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return english_stem(word)


class _Match:
    __slots__ = ("startchar", "endchar", "text")

    def __init__(self, startchar: int, endchar: int, text: str):
        self.startchar, self.endchar, self.text = startchar, endchar, text


def matches(text: str, terms: set[str], phrases: tuple[tuple[str, ...], ...] = ()
            ) -> list[_Match]:
    """Return where in the text the words whose stems are among `terms` stand, and the
    words of each occurrence of a phrase (its words one after the other, each the same word
    or one of its family: "north korea" marks "North Korea", never the "Korea" of "South
    Korea"; "Kenny G" marks the G too)."""
    found = []
    if terms:
        for m in _candidates(frozenset(terms)).finditer(text):
            word = m.group().lower()
            if stem(word) in terms:
                found.append(_Match(m.start(), m.end(), word))
    if phrases:
        found += _phrase_matches(text, phrases)
        found = sorted({(m.startchar, m.endchar): m for m in found}.values(),
                       key=lambda m: m.startchar)
    return found


WORDS = re.compile(r"\w+(?:['’]\w+)*")


def _phrase_matches(text: str, phrases: tuple[tuple[str, ...], ...]) -> list[_Match]:
    """Each occurrence of a phrase: the places where its first word may stand are found by
    one pattern (as for single words), and only the words after each are read (reading
    every word of the text was half of highlighting a page of phrase hits)."""
    out = []
    for words in phrases:
        if not words:
            continue
        wanted = [(w, stem(w)) for w in words]
        for m in _starts(frozenset({wanted[0][0], wanted[0][1]})).finditer(text):
            run = []
            for t in WORDS.finditer(text, m.start()):
                run.append((t.start(), t.end(), t.group().lower()))
                if len(run) == len(wanted):
                    break
            if len(run) == len(wanted) and run[0][0] == m.start() \
                    and all(_same(t[2], w) for t, w in zip(run, wanted, strict=True)):
                out += [_Match(a, b, word) for a, b, word in run]
    return out


def _same(token: str, word: tuple[str, str]) -> bool:
    return token == word[0] or stem(token) == word[1]


@functools.lru_cache(maxsize=1024)
def _starts(terms: frozenset[str]) -> re.Pattern:
    """Where a word of WORDS that may stem to one of the terms starts: not inside a word, nor
    after an apostrophe inside one (the "s" of "Trump's"), and each word of "1.1" apart."""
    prefixes = sorted({re.escape(t[:-1] or t) for t in terms}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?<!\w['’])(?:{'|'.join(prefixes)})", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _candidates(terms: frozenset[str]) -> re.Pattern:
    """A pattern for the words that may stem to one of the terms, to check only those.

    Snowball's English stemmer rewrites a word's ending (at most turning a final y into
    i), so a word stems to a term only if it starts with the term less its last letter (its
    few exceptions, such as "dying" to "die", go unmarked).
    """
    prefixes = sorted({re.escape(t[:-1] or t) for t in terms}, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(prefixes)})\w*(?:\.?\w+)*", re.IGNORECASE)


def snippet(
    text: str,
    terms: set[str],
    formatter: Formatter,
    maxchars: int = 240,
    surround: int = 70,
    top: int = 2,
    phrases: tuple[tuple[str, ...], ...] = (),
    spans: Iterable[tuple[int, int]] = (),
) -> str:
    """Return up to `top` fragments of text around its matched words, written by the formatter.

    A fragment holds the run of matches that fits in `maxchars`, with up to
    `surround` characters of context each side, cut at spaces. The fragments with
    the most distinct matched words win; they are shown in text order.
    """
    found = matches(text, terms, phrases) if terms or phrases else []
    if spans:  # mentions of the people or outlets asked for, from the store's evidence
        found = sorted({(m.startchar, m.endchar): m for m in [*found, *(
            _Match(a, b, text[a:b].lower()) for a, b in spans if 0 <= a < b <= len(text))]
        }.values(), key=lambda m: m.startchar)
    if not found:
        return ""
    fragments = []
    i = 0
    while i < len(found):
        first = found[i]
        j = i
        while j + 1 < len(found) and found[j + 1].endchar - first.startchar <= maxchars:
            j += 1
        run = found[i : j + 1]
        start = max(0, first.startchar - surround)
        end = min(len(text), run[-1].endchar + surround)
        if start:
            start = text.find(" ", start, first.startchar) + 1 or start
        if end < len(text):
            space = text.rfind(" ", run[-1].endchar, end)
            end = space if space > 0 else end
        score = (len({m.text for m in run}), len(run))
        fragments.append((score, start, Fragment(text, run, start, end)))
        i = j + 1
    best = sorted(fragments, key=lambda f: (-f[0][0], -f[0][1], f[1]))[:top]
    chosen = [f for _, _, f in sorted(best, key=lambda f: f[1])]
    lead = "… " if chosen[0].startchar > 0 else ""
    tail = " …" if chosen[-1].endchar < len(text.rstrip()) else ""
    return lead + formatter(text, chosen) + tail


def whole(text: str, terms: set[str], formatter: Formatter,
          phrases: tuple[tuple[str, ...], ...] = ()) -> str:
    """Return the whole text with its matched words marked (for titles)."""
    found = matches(text, terms, phrases) if terms or phrases else []
    return formatter(text, [Fragment(text, found, 0, len(text))]) if found else ""
