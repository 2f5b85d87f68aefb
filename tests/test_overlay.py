"""The people overlay (index/whoosh_backend/overlay.py): a correction of people rewrites no
document, and the index answers as a full rebuild would, through merges, later puts, deletes,
its bound, old stores and Whoosh's public path."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from archive.store import Store
from index.backend import backend
from index.request import SearchRequest
from index.searching import Searcher, sync
from index.whoosh_backend import internals, overlay
from index.whoosh_backend.held import OWNER
from index.whoosh_backend.writing import live_dir
from tests.test_backend import (
    ARTICLES,
    CORRECTIONS,
    PEOPLE,
    answers,
    build,
    corpus,
    correct,
    corrected_queries,
    unscored,
)

WHOOSH = backend("whoosh")


def entries(data) -> dict:
    path = live_dir(data) / overlay.FILE
    return json.loads(path.read_text())["people"] if path.exists() else {}


def segment_files(data) -> set[str]:
    return {p.name for p in live_dir(data).glob("*.seg")} | {
        p.name for p in live_dir(data).glob("*.toc")}


def as_rebuilt(data, scored: bool = True) -> tuple[list, list]:
    """The answers of the corrected queries now, and after a full rebuild of the same store."""
    queries = corrected_queries()
    with Store(data / "archive.db") as store:
        now = answers(data, store, WHOOSH, queries)
        sync(store, data, full=True, engine=WHOOSH)
        rebuilt = answers(data, store, WHOOSH, queries)
    return (now, rebuilt) if scored else (unscored(now), unscored(rebuilt))


def test_a_correction_writes_no_document_and_records_the_people(tmp_path):
    data = tmp_path / "data"
    build(data, WHOOSH, batches=2)
    files = segment_files(data)
    correct(data, WHOOSH, CORRECTIONS[:1])
    merged = {a.id for a in ARTICLES if PEOPLE[0] in a.people}
    assert set(entries(data)) == merged
    assert segment_files(data) == files  # no segment written, the table of contents unchanged
    with Store(data / "archive.db") as store:
        assert all(entries(data)[i] == list(store.get(i).people) for i in merged)


def test_a_correction_undone_leaves_no_entries(tmp_path):
    """An unmerge after a merge (or an unalias after an alias) puts back the people the
    documents were written with: their entries go, and do not count toward the bound."""
    data = tmp_path / "data"
    build(data, WHOOSH, batches=2)
    correct(data, WHOOSH, CORRECTIONS[:1])  # a merge
    assert entries(data)
    files = segment_files(data)
    correct(data, WHOOSH, CORRECTIONS[3:])  # undone
    assert entries(data) == {}
    assert segment_files(data) == files  # and no document written
    now, rebuilt = as_rebuilt(data)
    assert now == rebuilt
    correct(data, WHOOSH, CORRECTIONS[1:2])  # an alias: its entries stay while it holds
    assert entries(data)


def test_a_new_process_reads_the_corrections_not_the_saved_tables(tmp_path):
    data = tmp_path / "data"
    build(data, WHOOSH, batches=2)
    queries = corrected_queries()
    with Store(data / "archive.db") as store:
        answers(data, store, WHOOSH, queries)  # facet tables read and saved before it
    correct(data, WHOOSH, CORRECTIONS[:2])
    OWNER.reset()  # as a new process: the joined tables come from facets-whole-*.npz
    now, rebuilt = as_rebuilt(data)
    assert now == rebuilt


def test_the_overlay_survives_segment_merges(tmp_path):
    data = tmp_path / "data"
    build(data, WHOOSH, batches=8)
    correct(data, WHOOSH, CORRECTIONS[:3])
    before = segment_files(data)
    more = [replace(a, origin=f"/more/{i}") for i, a in enumerate(corpus(40, seed=11))]
    with Store(data / "archive.db") as store:
        for i in range(0, 40, 5):  # eight more syncs: small segments merge, numbers change
            with store.transaction():
                for a in more[i:i + 5]:
                    store.put(a)
            sync(store, data, engine=WHOOSH)
    assert before - segment_files(data)  # some segments were merged away
    assert entries(data)
    now, rebuilt = as_rebuilt(data)
    assert unscored(now) == unscored(rebuilt)
    # Scores too where only people score (words' scores differ slightly after merges
    # anyway: Whoosh's statistics of merged segments are not a rebuild's).
    only_people = corrected_queries().index(dict(q=f'person:"{PEOPLE[1]}"'))
    assert now[only_people] == rebuilt[only_people]


def test_a_later_put_of_an_overlaid_article_replaces_its_entry(tmp_path):
    data = tmp_path / "data"
    build(data, WHOOSH)
    correct(data, WHOOSH, CORRECTIONS[:1])
    again = next(a for a in ARTICLES if PEOPLE[0] in a.people)
    gone = next(a for a in ARTICLES if PEOPLE[0] in a.people and a.id != again.id)
    assert again.id in entries(data)
    with Store(data / "archive.db") as store:
        with store.transaction():  # extracted again: its own people are new
            store.replace(replace(store.get(again.id), people=(PEOPLE[5], PEOPLE[0])))
            store.delete(gone.id)
        sync(store, data, engine=WHOOSH)
        assert store.get(again.id).people == (PEOPLE[5], PEOPLE[1])
    assert again.id not in entries(data) and gone.id not in entries(data)
    now, rebuilt = as_rebuilt(data, scored=False)  # the put left a deleted copy behind
    assert now == rebuilt


def test_past_its_bound_the_overlay_is_written_into_the_documents(tmp_path, monkeypatch):
    data = tmp_path / "data"
    build(data, WHOOSH)
    monkeypatch.setattr(overlay, "MAX_ENTRIES", 30)
    correct(data, WHOOSH, CORRECTIONS[:1])
    assert 0 < len(entries(data)) <= 30
    files = segment_files(data)
    correct(data, WHOOSH, CORRECTIONS[1:2])  # more than 30 articles overlaid: flushed
    assert entries(data) == {}
    assert segment_files(data) != files
    now, rebuilt = as_rebuilt(data, scored=False)
    assert now == rebuilt


def test_a_store_whose_changes_have_no_marks_rewrites_the_documents(tmp_path):
    """Corrections logged before the store marked people-only changes read as whole puts."""
    data = tmp_path / "data"
    build(data, WHOOSH)
    with Store(data / "archive.db") as store:
        with store.transaction():
            store.registry.correct(*CORRECTIONS[0])
    db = sqlite3.connect(data / "archive.db")
    db.execute("DELETE FROM people_changes")
    db.commit()
    db.close()
    with Store(data / "archive.db") as store:
        assert sync(store, data, engine=WHOOSH).added == sum(PEOPLE[0] in a.people
                                                            for a in ARTICLES)
    assert entries(data) == {}
    now, rebuilt = as_rebuilt(data, scored=False)
    assert now == rebuilt


def test_a_store_of_schema_3_read_only_has_no_people_only_changes(tmp_path):
    path = tmp_path / "archive.db"
    with Store(path) as store:
        with store.transaction():
            store.put(ARTICLES[0])
    db = sqlite3.connect(path)
    db.execute("DROP TABLE people_changes")
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with Store(path, readonly=True) as store:
        assert store.people_only_since(0) == set()
        assert store.changes_since(0)[1] == [ARTICLES[0].id]
    with Store(path) as store:  # brought up to date
        assert store.db.execute("SELECT COUNT(*) FROM people_changes").fetchone() == (0,)


def test_people_only_since_tells_corrections_from_puts(tmp_path):
    with Store(tmp_path / "archive.db") as store:
        with store.transaction():
            for a in ARTICLES[:10]:
                store.put(a)
        seq = store.last_seq()
        with store.transaction():
            store.registry.correct(*CORRECTIONS[0])
        named = {a.id for a in ARTICLES[:10] if PEOPLE[0] in a.people}
        assert named and store.people_only_since(seq) == named
        first = sorted(named)[0]
        with store.transaction():
            store.replace(replace(store.get(first), people=(PEOPLE[4],)))
        assert store.people_only_since(seq) == named - {first}
        assert store.people_of([first]) == {first: (PEOPLE[4],)}


def test_the_public_path_refuses_an_overlay_and_its_sync_writes_it_in(tmp_path, monkeypatch):
    data = tmp_path / "data"
    build(data, WHOOSH)
    correct(data, WHOOSH, CORRECTIONS[:2])
    overlaid = len(entries(data))
    assert overlaid
    monkeypatch.setattr(internals, "PUBLIC", True)
    with Store(data / "archive.db") as store:
        with pytest.raises(overlay.IndexNeedsSync, match="archive reindex"):
            Searcher(data, store.bodies).search(SearchRequest(q=PEOPLE[1]))
        assert sync(store, data, engine=WHOOSH).added == overlaid
    assert entries(data) == {}
    now, rebuilt = as_rebuilt(data, scored=False)
    assert now == rebuilt


def test_the_public_path_never_writes_an_overlay(tmp_path, monkeypatch):
    monkeypatch.setattr(internals, "PUBLIC", True)
    data = tmp_path / "data"
    build(data, WHOOSH)
    correct(data, WHOOSH, CORRECTIONS)
    assert not (live_dir(data) / overlay.FILE).exists()
