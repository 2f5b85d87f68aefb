from datetime import date

import pytest

from archive.errors import NotFound
from archive.model import Article, article_id
from archive.store import DUPLICATE, NEW, UNCHANGED, UPDATED, Store


def art(title="Title", body="Body text.", origin="/x/a.txt", **kw) -> Article:
    return Article(
        id=article_id(title, body), title=title, body=body, source=origin.rsplit("/", 1)[-1],
        origin=origin, **kw,
    )


def test_put_is_idempotent(store):
    a = art(people=("Kim Kardashian",), published=date(2021, 2, 19))
    with store.transaction():
        assert store.put(a) == NEW
    with store.transaction():
        assert store.put(a) == UNCHANGED
    assert store.count() == 1
    assert store.get(a.id) == a


def test_same_content_elsewhere_is_a_duplicate(store):
    with store.transaction():
        store.put(art(origin="/x/a.txt"))
        assert store.put(art(origin="/y/copy.txt")) == DUPLICATE
    assert store.count() == 1


def test_edited_file_updates_its_article(store):
    old = art(body="First version.")
    new = art(body="Second version.")
    with store.transaction():
        store.put(old)
    with store.transaction():
        assert store.put(new) == UPDATED
    assert store.count() == 1
    assert store.get(new.id).body == "Second version."
    with pytest.raises(NotFound):
        store.get(old.id)


def test_changes_since_reports_puts_and_deletes(store):
    a, b = art(body="one", origin="/a"), art(body="two", origin="/b")
    with store.transaction():
        store.put(a)
    seq = store.last_seq()
    with store.transaction():
        store.put(b)
        store.delete(a.id)
    newest, put, deleted = store.changes_since(seq)
    assert (put, deleted) == ([b.id], [a.id])
    assert newest == store.last_seq()
    assert store.changes_since(newest) == (newest, [], [])


def test_delete_unknown_raises(store):
    with pytest.raises(NotFound):
        store.delete("nope")


def test_a_failed_transaction_stores_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put(art())
            raise RuntimeError("crash")
    assert store.count() == 0
    assert store.last_seq() == 0


def test_reopen_keeps_everything(data_dir):
    with Store(data_dir / "archive.db") as s, s.transaction():
        s.put(art(people=("A B",), outlets=("TMZ",)))
    with Store(data_dir / "archive.db") as s:
        assert [a.people for a in s.iter_articles()] == [("A B",)]
        assert s.distinct_values("people") == 1
        assert s.distinct_values("outlets") == 1


def test_iter_articles_reads_in_batches(store):
    with store.transaction():
        for i in range(25):
            store.put(art(body=f"body {i}", origin=f"/f{i}"))
    assert [a.body for a in store.iter_articles(batch=7)] == [f"body {i}" for i in range(25)]


def test_a_store_of_an_older_schema_is_brought_up_to_date(tmp_path):
    import sqlite3

    path = tmp_path / "archive.db"
    with Store(path) as s:
        s.put(art(people=("Devin Nunes",)))
    db = sqlite3.connect(path)
    db.execute("DROP TABLE also_at")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path) as s:
        version = s.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert version[0] == "4"
        assert s.db.execute("SELECT COUNT(*) FROM also_at").fetchone() == (0,)
        assert [a.people for a in s.iter_articles()] == [("Devin Nunes",)]
