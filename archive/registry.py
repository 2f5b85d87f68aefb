"""The archive-wide entity registry: every person's forms, their resolutions, each mention.

Three tables in the article store, kept in the same transactions as the articles:

- `forms`: each form a person was extracted as (an article's own value, such as "Trump"),
  its family (`archive.resolve.family`) and the number of articles it is in;
- `resolutions`: what each form resolves to across the archive, how, and how sure;
- `mentions`: for each article, each of its forms and the canonical name it took, how and with
  what confidence; the article's `people` column holds those canonical names.

A change touches a few families; `settle()`, run before each commit, resolves those families
again and re-resolves only the articles whose forms changed resolution (and the new ones),
logging a change for each article whose people changed so the index catches up with it.
User corrections (`overrides`: a form or a canonical name mapped to another, or ignored) win.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from functools import cache

from archive import resolve
from archive.resolve import AMBIGUOUS, ARTICLE, CORRECTION, Resolution

PERSON = "person"
CONTEXT_PEOPLE = 5  # an ambiguous surname is decided by at most this many of its article's people

SCHEMA = """
CREATE TABLE IF NOT EXISTS forms (
    type TEXT NOT NULL, form TEXT NOT NULL, family TEXT NOT NULL, articles INTEGER NOT NULL,
    PRIMARY KEY (type, form));
CREATE INDEX IF NOT EXISTS forms_family ON forms (type, family);
CREATE TABLE IF NOT EXISTS resolutions (
    type TEXT NOT NULL, form TEXT NOT NULL, family TEXT NOT NULL, canonical TEXT NOT NULL,
    how TEXT NOT NULL, confidence REAL NOT NULL, candidates TEXT,
    PRIMARY KEY (type, form));
CREATE INDEX IF NOT EXISTS resolutions_family ON resolutions (type, family);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL, type TEXT NOT NULL, form TEXT NOT NULL, ord INTEGER NOT NULL,
    canonical TEXT NOT NULL, how TEXT NOT NULL, confidence REAL NOT NULL,
    PRIMARY KEY (article_id, type, form));
CREATE INDEX IF NOT EXISTS mentions_form ON mentions (type, form);
CREATE INDEX IF NOT EXISTS mentions_canonical ON mentions (type, canonical);
CREATE TABLE IF NOT EXISTS overrides (
    type TEXT NOT NULL, name TEXT NOT NULL, canonical TEXT NOT NULL,
    PRIMARY KEY (type, name));
"""


@cache
def _mononyms() -> frozenset[str]:
    from archive.extract import lexicon

    return lexicon.stage_names()


class Registry:
    """The registry over one store's connection; `log(article_id, people_only=True)` records
    an article whose people changed (and nothing else) and returns the change's seq."""

    def __init__(self, db: sqlite3.Connection, log: Callable[..., int]):
        self.db = db
        self.log = log
        self._families: set[str] = set()
        self._fresh: set[str] = set()  # put in this transaction: logged already
        self._dirty: set[str] = set()  # to re-resolve; logged if their people change

    # -- recording ---------------------------------------------------------------

    def add(self, article_id: str, people: Iterable[str]) -> None:
        """Record a new article's people (its own values, as extracted)."""
        rows = []
        for i, form in enumerate(dict.fromkeys(people)):
            fam = resolve.family(form)
            self.db.execute(
                "INSERT INTO forms VALUES (?, ?, ?, 1) ON CONFLICT (type, form) "
                "DO UPDATE SET articles = articles + 1", (PERSON, form, fam))
            self._families.add(fam)
            rows.append((article_id, PERSON, form, i, form, ARTICLE, 1.0))
        self.db.executemany("INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        self._fresh.add(article_id)

    def drop(self, article_id: str) -> None:
        """Forget an article's mentions (it is deleted or about to be re-recorded)."""
        forms = [r[0] for r in self.db.execute(
            "SELECT form FROM mentions WHERE article_id = ? AND type = ?", (article_id, PERSON))]
        for form in forms:
            self.db.execute("UPDATE forms SET articles = articles - 1 WHERE type = ? AND form = ?",
                            (PERSON, form))
            self._families.add(resolve.family(form))
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self._fresh.discard(article_id)
        self._dirty.discard(article_id)

    def pending(self) -> bool:
        return bool(self._families or self._fresh or self._dirty)

    # -- corrections --------------------------------------------------------------

    def correct(self, name: str, canonical: str | None) -> int:
        """Map a form or canonical name to another name ('' ignores it; None removes the
        correction); re-resolve the articles it touches. Returns how many changed."""
        old = self.overrides().get(name)
        for n in {name, old, canonical} - {None, ""}:
            self._dirty |= self.articles_naming(n)
        if canonical is None:
            self.db.execute("DELETE FROM overrides WHERE type = ? AND name = ?", (PERSON, name))
        else:
            self.db.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?)",
                            (PERSON, name, canonical))
        return len(self.settle())

    def articles_naming(self, name: str) -> set[str]:
        """The articles with a mention written as, or resolved to, this name."""
        return {r[0] for r in self.db.execute(
            "SELECT article_id FROM mentions WHERE type = ? AND (form = ? OR canonical = ?)",
            (PERSON, name, name))}

    def overrides(self) -> dict[str, str]:
        return dict(self.db.execute(
            "SELECT name, canonical FROM overrides WHERE type = ?", (PERSON,)))

    # -- resolving ----------------------------------------------------------------

    def settle(self) -> set[str]:
        """Resolve the touched families, then the articles they affect; return the ids of the
        articles whose people changed."""
        changed_forms: set[str] = set()
        for fam in sorted(self._families):
            changed_forms |= self._resolve_family(fam)
        self._families.clear()
        ids = set(self._fresh) | self._dirty
        for form in changed_forms:
            ids |= {r[0] for r in self.db.execute(
                "SELECT article_id FROM mentions WHERE type = ? AND form = ?", (PERSON, form))}
        fresh, self._fresh, self._dirty = self._fresh, set(), set()
        overrides = self.overrides()
        changed = set()
        for article_id in sorted(ids):
            if self._resolve_article(article_id, overrides, log=article_id not in fresh):
                changed.add(article_id)
        return changed

    def _resolve_family(self, fam: str) -> set[str]:
        forms = dict(self.db.execute(
            "SELECT form, articles FROM forms WHERE type = ? AND family = ? AND articles > 0",
            (PERSON, fam)))
        new = resolve.resolve_family(forms, _mononyms())
        old = {f: (c, h) for f, c, h in self.db.execute(
            "SELECT form, canonical, how FROM resolutions WHERE type = ? AND family = ?",
            (PERSON, fam))}
        self.db.execute("DELETE FROM resolutions WHERE type = ? AND family = ?", (PERSON, fam))
        self.db.execute("DELETE FROM forms WHERE type = ? AND family = ? AND articles <= 0",
                        (PERSON, fam))
        self.db.executemany("INSERT INTO resolutions VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (PERSON, f, fam, r.canonical, r.how, r.confidence,
             json.dumps(r.candidates) if r.candidates else None) for f, r in new.items()])
        return {f for f in old.keys() | new.keys()
                if f not in new or old.get(f) != (new[f].canonical, new[f].how)}

    def _resolution(self, form: str) -> Resolution:
        row = self.db.execute(
            "SELECT canonical, how, confidence, candidates FROM resolutions "
            "WHERE type = ? AND form = ?", (PERSON, form)).fetchone()
        if row is None:
            return Resolution(form, ARTICLE, 1.0)
        cands = tuple(tuple(c) for c in json.loads(row[3])) if row[3] else ()
        return Resolution(row[0], row[1], row[2], cands)

    def _resolve_article(self, article_id: str, overrides: dict[str, str], log: bool) -> bool:
        forms = [r[0] for r in self.db.execute(
            "SELECT form FROM mentions WHERE article_id = ? AND type = ? ORDER BY ord",
            (article_id, PERSON))]
        decided: dict[str, tuple[str, str, float]] = {}
        split: dict[str, Resolution] = {}
        for form in forms:
            r = self._resolution(form)
            if r.how == AMBIGUOUS:
                split[form] = r
            else:
                decided[form] = (r.canonical, r.how, r.confidence)
        others = {c for c, _, _ in decided.values()}
        for form, r in split.items():
            decided[form] = resolve.by_context(r, self._together(article_id, r, others))
        rows, people = [], []
        for form in forms:
            canonical, how, confidence = decided[form]
            seen = set()
            for name in (form, canonical):
                if name in overrides:
                    canonical, how, confidence = overrides[name], CORRECTION, 1.0
                    break
            while canonical in overrides and canonical not in seen:  # merged, then ignored
                seen.add(canonical)
                canonical = overrides[canonical]
            rows.append((canonical, how, confidence, article_id, PERSON, form))
            if canonical:
                people.append(canonical)
        self.db.executemany(
            "UPDATE mentions SET canonical = ?, how = ?, confidence = ? "
            "WHERE article_id = ? AND type = ? AND form = ?", rows)
        people = list(dict.fromkeys(people))
        row = self.db.execute("SELECT people FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None or json.loads(row[0]) == people:
            return False
        if log:
            seq = self.log(article_id, people_only=True)  # the index need not read it again
            self.db.execute("UPDATE articles SET people = ?, seq = ? WHERE id = ?",
                            (json.dumps(people), seq, article_id))
        else:
            self.db.execute("UPDATE articles SET people = ? WHERE id = ?",
                            (json.dumps(people), article_id))
        return True

    def _together(self, article_id: str, r: Resolution, others: set[str]) -> dict[str, int]:
        """Per candidate, the articles (other than this one) naming it with one of `others`.

        Driven from the articles of the article's rarest other people (at most CONTEXT_PEOPLE
        of them): they say the most about who is meant, and they bound the work."""
        if not others:
            return {}
        sizes = {o: self.db.execute(
            "SELECT articles FROM forms WHERE type = ? AND form = ?", (PERSON, o)).fetchone()
            for o in others}
        rarest = sorted(others, key=lambda o: (sizes[o][0] if sizes[o] else 0, o))
        rarest = rarest[:CONTEXT_PEOPLE]
        cands = [c for c, _ in r.candidates]
        marks_c, marks_o = ",".join("?" * len(cands)), ",".join("?" * len(rarest))
        return dict(self.db.execute(
            "SELECT m1.canonical, COUNT(DISTINCT m1.article_id) FROM "
            f"(SELECT DISTINCT article_id FROM mentions WHERE type = ? AND canonical IN "
            f"({marks_o}) AND article_id != ?) o "
            "JOIN mentions m1 ON m1.article_id = o.article_id AND m1.type = ? "
            f"WHERE m1.canonical IN ({marks_c}) GROUP BY m1.canonical",
            (PERSON, *rarest, article_id, PERSON, *cands)))

    # -- reading ------------------------------------------------------------------

    def mentions(self, article_id: str) -> list[dict]:
        """How each of an article's forms resolved: form, canonical, how, confidence."""
        out = []
        for form, canonical, how, conf in self.db.execute(
                "SELECT form, canonical, how, confidence FROM mentions "
                "WHERE article_id = ? AND type = ? ORDER BY ord", (article_id, PERSON)):
            if how in (resolve.ARCHIVE, resolve.VARIANT):
                conf = self._resolution(form).confidence  # kept current as evidence grows
            out.append({"form": form, "canonical": canonical, "how": how,
                        "confidence": conf})
        return out

    def entity(self, canonical: str) -> dict | None:
        """A person's entry: the forms written for them (each with how it resolved and in how
        many articles), the number of articles, and the first and last publication dates."""
        rows = self.db.execute(
            "SELECT form, how, COUNT(*) FROM mentions WHERE type = ? AND canonical = ? "
            "GROUP BY form, how ORDER BY COUNT(*) DESC", (PERSON, canonical)).fetchall()
        if not rows:
            return None
        n, first, last = self.db.execute(
            "SELECT COUNT(DISTINCT m.article_id), MIN(a.published), MAX(a.published) "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.type = ? AND m.canonical = ?", (PERSON, canonical)).fetchone()
        return {"canonical": canonical, "articles": n, "first_seen": first, "last_seen": last,
                "forms": [{"form": f, "how": h, "articles": c} for f, h, c in rows]}


HOW_SAID = {
    resolve.ARTICLE: "as the article names them",
    resolve.VARIANT: "the same name spelled differently across the archive",
    resolve.ARCHIVE: "across the archive",
    resolve.CONTEXT: "by the people named with them",
    resolve.CORRECTION: "by a correction",
}


def explain(mention: dict) -> str:
    """How a form got its name, as a person reads it: "Trump → Donald Trump, across the
    archive, 0.96"; "" when the form is the name as the article gives it."""
    form, name, how = mention["form"], mention["canonical"], mention["how"]
    if how == resolve.ARTICLE and form == name:
        return ""
    if not name:
        return f"{form}: ignored by a correction"
    said = HOW_SAID.get(how, how)
    conf = f", {mention['confidence']:.2f}" if how in (resolve.ARCHIVE, resolve.CONTEXT) else ""
    return f"{form} → {name}, {said}{conf}"
