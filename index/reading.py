"""How a query was read: exclusion and inclusion as people type them, and lowercase operators.

Before Whoosh's parser sees the text:

- `-word`, `-"a phrase"` and `-(a OR b)` at the start of a term exclude it (`NOT`); a hyphen
  inside a word ("al-Assad", "Jong-un") is left alone;
- `+word` requires the word, which every word already is (terms combine with AND): the plus is
  dropped;
- lowercase `and`, `or`, `not` between words are words, not operators (as in Whoosh: "not" is a
  stop word, so `trump not putin` finds articles with both). The reading says so and offers the
  operator version ("trump NOT putin").

Every search reports `understood`: the query in the form it ran, with its operators spelled out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A quoted phrase, or one run of characters that are not space or a quote.
_PIECES = re.compile(r'"[^"]*"|[^\s"]+|\s+|"')
_LOWER_OPERATOR = re.compile(r"(?:and|or|not)")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


@dataclass(frozen=True)
class Reading:
    text: str  # what the parser is given
    understood: str  # the query as it ran, operators spelled out
    operators: str | None = None  # the query with its lowercase operators as operators


def read(text: str) -> Reading:
    """Read the user's query text (see the module's docstring)."""
    pieces = _PIECES.findall(text.strip())
    out: list[str] = []
    for i, piece in enumerate(pieces):
        start = i == 0 or pieces[i - 1].isspace() or pieces[i - 1].endswith("(")
        if start and len(piece) > 1 and piece[0] == "-" and _opens(piece[1]):
            out.append("NOT " + piece[1:])
        elif start and piece == "-" and i + 1 < len(pieces) and pieces[i + 1].startswith('"'):
            out.append("NOT ")
        elif start and len(piece) > 1 and piece[0] == "+" and _opens(piece[1]):
            out.append(piece[1:])
        else:
            out.append(piece)
    ran = "".join(out)
    words = [p.strip() for p in out if not p.isspace()]
    lowered = [j for j, w in enumerate(words)
               if _LOWER_OPERATOR.fullmatch(w) and 0 < j < len(words) - 1
               and words[j - 1].upper() not in _OPERATORS
               and words[j + 1].upper() not in _OPERATORS]
    operators = None
    if lowered:
        fixed = [w.upper() if j in lowered else w for j, w in enumerate(words)]
        operators = " ".join(fixed)
    return Reading(ran, _spelled_out(words, lowered), operators)


def _opens(c: str) -> bool:
    return c.isalnum() or c in '"('


def _spelled_out(words: list[str], lowered: list[int]) -> str:
    """The words with AND between terms where the query left it implicit; lowercase operators
    left out, as the search leaves them out."""
    shown: list[str] = []
    for j, w in enumerate(words):
        if j in lowered:
            continue
        if shown and w.upper() not in _OPERATORS and shown[-1].upper() not in _OPERATORS \
                and not shown[-1].endswith("(") and not w.startswith(")"):
            shown.append("AND")
        shown.append(w)
    return " ".join(shown)
