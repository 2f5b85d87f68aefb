"""The vocabulary behind "did you mean": every unstemmed word, with its document frequency.

Suggestions need unstemmed words (a stemmed lexicon suggests "electron" for
"elecion"). A Whoosh spelling field would index every word of every article a
second time, which doubled indexing time; this table costs one upsert per
distinct word of an article. It lives in the index folder: like the index, it is
derived from the store and rebuilt with it. Words of deleted articles stay (the
counts only grow), so a suggestion is only offered if the index still has it.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

FILE = "vocabulary.db"
MIN_WORD, MAX_WORD = 3, 24
_WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD},{MAX_WORD}}}")


def words_of(text: str) -> set[str]:
    """Return the distinct lowercase words of a text (letters only, 3 to 24 of them)."""
    return set(_WORD.findall(text.lower()))


class Vocabulary:
    def __init__(self, index_dir: Path, readonly: bool = False):
        path = index_dir / FILE
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, df INTEGER NOT NULL)"
                " WITHOUT ROWID"
            )

    def close(self) -> None:
        self.db.close()

    def add(self, texts: Iterable[str]) -> None:
        """Count the words of these texts (one article each) in one transaction."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(words_of(text))
        if not counts:
            return
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO words VALUES (?, ?) ON CONFLICT(word) DO UPDATE SET df = df + ?",
                ((w, c, c) for w, c in counts.items()),
            )

    def frequency(self, word: str) -> int:
        row = self.db.execute("SELECT df FROM words WHERE word = ?", (word,)).fetchone()
        return row[0] if row else 0

    def suggest(self, word: str, maxdist: int = 2) -> list[str]:
        """Return known words within `maxdist` edits of `word`: nearest first, then most used.

        Swapping two letters counts as one edit ("wets" is one from "west"). A word too long
        to be within `maxdist` of any word kept is not looked up: the automaton's work grows
        with the word (a 10,000-letter word took 85 s).
        """
        if not MIN_WORD - maxdist <= len(word) <= MAX_WORD + maxdist:
            return []
        found: dict[str, int] = {}
        for dist in range(1, maxdist + 1):
            dfa = levenshtein_automaton(word, dist, 0).to_dfa()
            for match in find_all_matches(dfa, self._first_at_or_after):
                if match != word and match not in found:
                    found[match] = dist
            if dist == 1:  # the automaton counts a swap as two edits
                for i in range(len(word) - 1):
                    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
                    if swapped != word and self.frequency(swapped):
                        found[swapped] = 1
            if found:
                break  # a nearer correction beats any farther one
        return sorted(found, key=lambda w: (found[w], -self.frequency(w), w))

    def _first_at_or_after(self, text: str) -> str | None:
        row = self.db.execute(
            "SELECT word FROM words WHERE word >= ? ORDER BY word LIMIT 1", (text,)
        ).fetchone()
        return row[0] if row else None
