"""The baseline: the same articles and queries through plain SQLite FTS5.

Porter-stemmed FTS5 over title and body, bm25 ranking (title weighted 2, as in
the archive), snippet() for highlights, and facets by GROUP BY over side tables
of people and outlets (the values the archive extracted, so both count the same).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE docs (id INTEGER PRIMARY KEY, title TEXT, body TEXT, published TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs', content_rowid='id',
                                    tokenize='porter unicode61');
CREATE TABLE people (doc_id INTEGER, name TEXT);
CREATE TABLE outlets (doc_id INTEGER, name TEXT);
CREATE INDEX people_doc ON people (doc_id);
CREATE INDEX people_name ON people (name);
CREATE INDEX outlets_doc ON outlets (doc_id);
"""


class Fts5:
    def __init__(self, path: Path):
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.executescript(SCHEMA)
        self.next_id = 1

    def add(self, articles) -> None:
        """Add articles (the archive's Article objects) in one transaction."""
        with self.db:
            for a in articles:
                i = self.next_id
                self.next_id += 1
                published = a.published.isoformat() if a.published else None
                self.db.execute("INSERT INTO docs VALUES (?, ?, ?, ?)",
                                (i, a.title, a.body, published))
                self.db.execute("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                                (i, a.title, a.body))
                self.db.executemany("INSERT INTO people VALUES (?, ?)", [(i, p) for p in a.people])
                self.db.executemany("INSERT INTO outlets VALUES (?, ?)",
                                    [(i, o) for o in a.outlets])

    def search(self, match: str, page: int = 1, facets: bool = True, person: str | None = None,
               year: str | None = None) -> dict:
        where = "fts MATCH ?"
        args: list = [match]
        if person:
            where += " AND fts.rowid IN (SELECT doc_id FROM people WHERE name = ?)"
            args.append(person)
        if year:
            where += " AND fts.rowid IN (SELECT id FROM docs WHERE published LIKE ?)"
            args.append(year + "%")
        hits = self.db.execute(
            f"SELECT fts.rowid, docs.title, snippet(fts, 1, '<mark>', '</mark>', '…', 24) "
            f"FROM fts JOIN docs ON docs.id = fts.rowid WHERE {where} "
            "ORDER BY bm25(fts, 2.0, 1.0) LIMIT 10 OFFSET ?",
            [*args, (page - 1) * 10],
        ).fetchall()
        total = self.db.execute(f"SELECT count(*) FROM fts WHERE {where}", args).fetchone()[0]
        out = {"total": total, "hits": hits}
        if facets:
            matched = f"SELECT fts.rowid FROM fts WHERE {where}"
            for table in ("people", "outlets"):
                out[table] = self.db.execute(
                    f"SELECT name, count(*) FROM {table} WHERE doc_id IN ({matched}) "
                    "GROUP BY name ORDER BY 2 DESC LIMIT 15", args).fetchall()
            out["years"] = self.db.execute(
                f"SELECT substr(published, 1, 4), count(*) FROM docs WHERE id IN ({matched}) "
                "GROUP BY 1", args).fetchall()
        return out
