"""The article store: SQLite, the archive's source of truth.

Every change to an article (put or delete) is appended to the `changes` log with
a growing sequence number, so the search index can catch up by reading only what
changed since the sequence number it last saw. A put that changed only an article's
`people` (the registry resolving it again after a correction or new evidence) also has its
seq in `people_changes`, so an index can apply it without reading the article again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from archive import dedupe, registry
from archive.errors import Busy, NotFound
from archive.model import Article, Entity

# 2: the entity registry (forms, resolutions, mentions, overrides); a version 1 store is
# filled in and resolved on first open. 3: also_at, the other files holding an article's text
# (created by the schema script; nothing to fill in). 4: people_changes, the seqs of the puts
# that changed only an article's people (created by the schema script; nothing to fill in:
# the puts logged before it read as whole puts, as they were).
SCHEMA_VERSION = 4

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published TEXT,
    url TEXT,
    outlet TEXT,
    author TEXT,
    people TEXT NOT NULL,
    outlets TEXT NOT NULL,
    mentioned TEXT NOT NULL,
    entities TEXT NOT NULL,
    added TEXT NOT NULL,
    seq INTEGER NOT NULL,
    grp TEXT NOT NULL,
    sig BLOB
);
CREATE INDEX IF NOT EXISTS articles_grp ON articles (grp);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_key ON bands (key);
CREATE INDEX IF NOT EXISTS bands_article ON bands (article_id);
CREATE INDEX IF NOT EXISTS articles_origin ON articles (origin);
CREATE INDEX IF NOT EXISTS articles_seq ON articles (seq);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('put', 'delete'))
);
CREATE INDEX IF NOT EXISTS changes_article ON changes (article_id);
CREATE TABLE IF NOT EXISTS people_changes (seq INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS also_at (
    article_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (article_id, origin)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS also_at_origin ON also_at (origin);
"""

COLUMNS = (
    "id, origin, source, title, body, published, url, outlet, author, "
    "people, outlets, mentioned, entities, grp"
)

# What put() did with an article.
NEW, UNCHANGED, UPDATED, DUPLICATE = "new", "unchanged", "updated", "duplicate"


class Store:
    """An SQLite file of articles, opened in WAL mode so readers never wait for a writer."""

    def __init__(self, path: str | Path, timeout: float = 30.0, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            uri = f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
            self.registry = registry.Registry(self.db, self._log)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.registry = registry.Registry(self.db, self._log)
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        # A store at this version needs no statement that writes: a reader opening it while an
        # ingest holds the write lock must not wait for that lock (a web request did, 10 s).
        try:
            row = self.db.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:
            row = None
        if row is not None and int(row[0]) == SCHEMA_VERSION:
            return
        # Every statement is idempotent, so a concurrent first open is harmless.
        self.db.executescript(SCHEMA + registry.SCHEMA)
        self.db.execute(
            "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
        )
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if int(row[0]) > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer news-archive (schema {row[0]})")
        if int(row[0]) < 2:
            self._fill_registry()
        elif int(row[0]) < SCHEMA_VERSION:
            with self.transaction():
                self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version' "
                                "AND CAST(value AS INTEGER) < ?", (str(SCHEMA_VERSION),
                                                                    SCHEMA_VERSION))

    def _fill_registry(self) -> None:
        """Record every stored article's people in the registry and resolve them (once, when a
        store of schema 1 is first opened); articles whose people change are logged."""
        with self.transaction():
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if int(row[0]) >= 2:
                return  # another process filled it while this one waited
            for article_id, entities, people in self.db.execute(
                    "SELECT id, entities, people FROM articles ORDER BY seq").fetchall():
                self.registry.add(article_id, _own_people(entities, people))
            self.registry._dirty |= self.registry._fresh
            self.registry._fresh.clear()
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                            (str(SCHEMA_VERSION),))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one write transaction; commit it whole or not at all."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                msg = f"the archive at {self.path} is being written by another process"
                raise Busy(msg) from None
            raise
        try:
            yield
            if self.registry.pending():
                self.registry.settle()
        except BaseException:
            # SQLite may have rolled back already (a full disk): its "cannot rollback - no
            # transaction is active" would hide the error that matters.
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self.registry = registry.Registry(self.db, self._log)  # forget what was pending
            raise
        else:
            self.db.execute("COMMIT")

    def _settle_outside(self) -> None:
        """Resolve at once what a write made outside transaction() left pending."""
        if not self.db.in_transaction and self.registry.pending():
            with self.transaction():
                pass

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Run the block inside a transaction so that, if it fails, only its own changes are
        undone (one article that cannot be stored does not roll back its batch)."""
        self.db.execute("SAVEPOINT one")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK TO one")
                self.db.execute("RELEASE one")
            raise
        else:
            self.db.execute("RELEASE one")

    # -- writing ---------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def status_of(self, article_id: str, origin: str) -> str | None:
        """Tell what put() would do with an article of this id and origin, if it is not new."""
        row = self.db.execute(
            "SELECT origin FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        return UNCHANGED if row[0] == origin else DUPLICATE

    def put(self, article: Article, sig: tuple[int, ...] | None = None) -> str:
        """Store an article; return NEW, UNCHANGED, UPDATED (same origin, new content) or DUPLICATE.

        `sig` is the body's near-duplicate signature, if already computed (in a worker).
        Call inside transaction() to batch many puts into one commit.
        """
        status = self.status_of(article.id, article.origin)
        if status == DUPLICATE:
            self.note_duplicate(article.id, article.origin, article.source)
        if status is not None:
            return status
        # This origin's content is new: it no longer holds a copy of another's article.
        self.db.execute("DELETE FROM also_at WHERE origin = ? AND origin != ''", (article.origin,))
        old = [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM articles WHERE origin = ? AND origin != ''", (article.origin,)
            )
        ]
        for old_id in old:
            if not self._hand_over(old_id):
                self._delete(old_id)
        sig = sig or dedupe.signature(article.body)
        keys = dedupe.band_keys(sig)
        group = self._group_of(sig, keys) or article.id
        seq = self._log(article.id, "put")
        self.db.execute(
            f"INSERT INTO articles ({COLUMNS}, added, seq, sig) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *_row(article)[:-1], group,
                datetime.now(UTC).isoformat(timespec="seconds"), seq, dedupe.pack(sig),
            ),
        )
        self.db.executemany(
            "INSERT INTO bands (key, article_id) VALUES (?, ?)", [(k, article.id) for k in keys]
        )
        self.registry.add(article.id, article.people)
        self._settle_outside()
        return UPDATED if old else NEW

    def note_duplicate(self, article_id: str, origin: str, source: str) -> None:
        """Remember that another file (origin) holds a stored article's text too."""
        if origin:
            self.db.execute("INSERT OR IGNORE INTO also_at VALUES (?, ?, ?)",
                            (article_id, origin, source))

    def _hand_over(self, article_id: str) -> bool:
        """Give an article whose file changed to another file holding the same text, if there is
        one (two identical files: editing one must not take the other's article away)."""
        row = self.db.execute(
            "SELECT origin, source FROM also_at WHERE article_id = ? ORDER BY origin LIMIT 1",
            (article_id,),
        ).fetchone()
        if row is None:
            return False
        self.db.execute("DELETE FROM also_at WHERE article_id = ? AND origin = ?",
                        (article_id, row[0]))
        seq = self._log(article_id, "put")  # its source changes in the index too
        self.db.execute("UPDATE articles SET origin = ?, source = ?, seq = ? WHERE id = ?",
                        (row[0], row[1], seq, article_id))
        return True

    def _group_of(self, sig: tuple[int, ...], keys: list[int]) -> str | None:
        """Return the group of the most similar stored near-duplicate, if there is one."""
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        best, best_score = None, dedupe.THRESHOLD
        for grp, other in self.db.execute(
            f"SELECT a.grp, a.sig FROM articles a WHERE a.id IN "
            f"(SELECT DISTINCT article_id FROM bands WHERE key IN ({marks}))",
            keys,
        ):
            score = dedupe.similarity(sig, dedupe.unpack(other))
            if score >= best_score:
                best, best_score = grp, score
        return best

    def group_members(self, article_id: str) -> list[Article]:
        """Return the other articles in this article's near-duplicate group, oldest first."""
        rows = self.db.execute(
            f"SELECT {COLUMNS} FROM articles WHERE grp = "
            "(SELECT grp FROM articles WHERE id = ?) AND id != ? ORDER BY seq",
            (article_id, article_id),
        )
        return [_article(r) for r in rows]

    def replace(self, article: Article) -> None:
        """Overwrite an existing article's extracted facets (after a re-extraction)."""
        seq = self._log(article.id, "put")
        row = _row(article)
        self.db.execute(
            "UPDATE articles SET people = ?, outlets = ?, mentioned = ?, entities = ?, seq = ? "
            "WHERE id = ?",
            (*row[9:13], seq, article.id),
        )
        self.registry.drop(article.id)
        self.registry.add(article.id, article.people)
        self._settle_outside()

    def delete(self, article_id: str) -> None:
        """Remove an article; raise NotFound if there is none with this id."""
        if not self.has(article_id):
            raise NotFound(f"no article with id {article_id!r}")
        self._delete(article_id)
        self._settle_outside()

    def _delete(self, article_id: str) -> None:
        self.registry.drop(article_id)
        self._log(article_id, "delete")
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        self.db.execute("DELETE FROM bands WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM also_at WHERE article_id = ?", (article_id,))

    def _log(self, article_id: str, op: str = "put", people_only: bool = False) -> int:
        """Append a change to the log and return its seq; `people_only` marks a put that
        changed the article's people and nothing else (its op stays 'put', so a reader that
        knows nothing of the mark treats it as a whole put, as before)."""
        cur = self.db.execute(
            "INSERT INTO changes (article_id, op) VALUES (?, ?)", (article_id, op)
        )
        seq = int(cur.lastrowid)
        if people_only:
            self.db.execute("INSERT INTO people_changes (seq) VALUES (?)", (seq,))
        return seq

    # -- reading ---------------------------------------------------------------

    def get(self, article_id: str) -> Article:
        row = self.db.execute(
            f"SELECT {COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id!r}")
        return _article(row)

    def get_many(self, ids: Iterable[str]) -> dict[str, Article]:
        """Return the articles with these ids (those that exist), by id."""
        return {row[0]: _article(row) for row in self._where_in(
            f"SELECT {COLUMNS} FROM articles WHERE id IN ({{}})", ids)}

    def mention_spans(self, ids: list[str], names: dict[str, set[str]]
                      ) -> dict[str, list[tuple[int, int]]]:
        """Where in each article's body the people and outlets named are mentioned: `names`
        maps a facet field (people, outlets, publisher, cites) to values as indexed."""
        people = names.get("people", set())
        outlets = set().union(*(names.get(f, set()) for f in ("outlets", "publisher", "cites")))
        forms: dict[str, set[str]] = {}
        if people:
            marks = ",".join("?" * len(people))
            for aid, form in self._where_in(
                    f"SELECT article_id, form FROM mentions WHERE type = 'person' AND article_id "
                    f"IN ({{}}) AND canonical IN ({marks})", ids, *sorted(people)):
                forms.setdefault(aid, set()).add(form)
        out: dict[str, list[tuple[int, int]]] = {}
        for aid, entities in self._where_in(
                "SELECT id, entities FROM articles WHERE id IN ({})", ids):
            out[aid] = [(e["start"], e["end"]) for e in json.loads(entities) if e["start"] >= 0
                        and ((e["type"] == "person" and e["value"] in forms.get(aid, ()))
                             or (e["type"] == "outlet" and e["value"] in outlets))]
        return out

    def urls(self, ids: Iterable[str]) -> dict[str, str | None]:
        """The url of each of these articles (None where it has none)."""
        return dict(self._where_in("SELECT id, url FROM articles WHERE id IN ({})", ids))

    def bodies(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(ids)
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, body FROM articles WHERE id IN ({marks})", ids)
        return dict(rows)

    def iter_articles(self, batch: int = 1000, upto: int | None = None) -> Iterator[Article]:
        """Yield every article in insertion order, reading in batches.

        With `upto`, only those last changed at or before that change seq: a rebuild reads
        what the store held at the seq it recorded, and catches up with the rest.
        """
        last = -1
        limit = upto if upto is not None else 2**62
        while True:
            rows = self.db.execute(
                f"SELECT {COLUMNS}, seq FROM articles WHERE seq > ? AND seq <= ? "
                "ORDER BY seq LIMIT ?",
                (last, limit, batch),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _article(row[:-1])
            last = rows[-1][-1]

    def last_seq(self) -> int:
        row = self.db.execute("SELECT MAX(seq) FROM changes").fetchone()
        return int(row[0] or 0)

    def changes_since(self, seq: int) -> tuple[int, list[str], list[str]]:
        """Return (newest seq, ids put, ids deleted) for the changes after `seq`."""
        state: dict[str, str] = {}
        newest = seq
        for s, article_id, op in self.db.execute(
            "SELECT seq, article_id, op FROM changes WHERE seq > ? ORDER BY seq", (seq,)
        ):
            state[article_id] = op
            newest = s
        put = [i for i, op in state.items() if op == "put"]
        deleted = [i for i, op in state.items() if op == "delete"]
        return newest, put, deleted

    def people_only_since(self, seq: int) -> set[str]:
        """The ids of the articles whose every change after `seq` changed only their people.

        An index synced to `seq` holds these articles with everything else as it is now: it
        need only learn their new people (`people_of`). A store written before the mark
        existed (opened read-only, so not brought up to date) has none."""
        try:
            rows = self.db.execute(
                "SELECT c.article_id FROM changes c LEFT JOIN people_changes p ON p.seq = c.seq "
                "WHERE c.seq > ? GROUP BY c.article_id HAVING COUNT(p.seq) = COUNT(*)", (seq,))
            return {r[0] for r in rows}
        except sqlite3.OperationalError:  # no such table: a store of schema 3 or older
            return set()

    def people_of(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The people of these articles (those that exist), by id, without their text."""
        return {i: tuple(json.loads(p)) for i, p in self._where_in(
            "SELECT id, people FROM articles WHERE id IN ({})", ids)}

    def changed_by(self, seq: int, ids: Iterable[str]) -> set[str]:
        """The ids among these that had a change at or before `seq`.

        Only these can be in an index synced to `seq`: the others need no deleting first.
        """
        return {row[0] for row in self._where_in(
            "SELECT DISTINCT article_id FROM changes WHERE article_id IN ({}) AND seq <= ?",
            ids, seq)}

    def _where_in(self, sql: str, ids: Iterable[str], *after) -> Iterator[tuple]:
        """Rows of `sql`, whose `{}` takes a list of ids, run for 500 ids at a time (SQLite
        limits a statement's parameters); `after` are the parameters that follow the list."""
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(chunk))), (*chunk, *after))

    def added_times(self, ids: Iterable[str]) -> dict[str, str]:
        """When each of these articles was first stored (ISO 8601, UTC), by id."""
        return dict(self._where_in("SELECT id, added FROM articles WHERE id IN ({})", ids))

    def count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def distinct_values(self, column: str) -> int:
        """Count the distinct values in a JSON list column (people or outlets)."""
        if column not in ("people", "outlets"):
            raise ValueError(column)
        row = self.db.execute(
            f"SELECT COUNT(DISTINCT j.value) FROM articles, json_each(articles.{column}) AS j"
        ).fetchone()
        return int(row[0])


def _row(a: Article) -> tuple:
    return (
        a.id,
        a.origin,
        a.source,
        a.title,
        a.body,
        a.published.isoformat() if a.published else None,
        a.url,
        a.outlet,
        a.author,
        json.dumps(list(a.people)),
        json.dumps(list(a.outlets)),
        json.dumps(list(a.mentioned)),
        json.dumps([e.to_dict() for e in a.entities]),
        a.group or a.id,
    )


def _own_people(entities: str, people: str) -> list[str]:
    """An article's people as its own text gave them (the values of its person entities)."""
    own = [e["value"] for e in json.loads(entities) if e["type"] == "person"]
    return list(dict.fromkeys(own)) if own else json.loads(people)


def _article(row: tuple) -> Article:
    (id_, origin, source, title, body, published, url, outlet, author,
     people, outlets, mentioned, entities, grp) = row
    return Article(
        id=id_,
        origin=origin,
        source=source,
        title=title,
        body=body,
        published=date.fromisoformat(published) if published else None,
        url=url,
        outlet=outlet,
        author=author,
        people=tuple(json.loads(people)),
        outlets=tuple(json.loads(outlets)),
        mentioned=tuple(json.loads(mentioned)),
        entities=tuple(Entity.from_dict(e) for e in json.loads(entities)),
        group=grp,
    )
