"""The facet tables saved beside each segment load back as the tables read from Whoosh."""

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from whoosh import query

from index.whoosh_backend import facets, segments
from index.whoosh_backend.caches import IndexCaches
from index.whoosh_backend.held import OWNER
from index.whoosh_backend.writing import open_index
from tests.test_postings import _articles, _build


def _with_people(n: int):
    """Labelled articles, each with a person or two (the extraction is not run here)."""
    return [dataclasses.replace(a, people=("Donald Trump",) if i % 2 else ("Kim Kardashian",
                                                                           "Kanye West"))
            for i, a in enumerate(_articles(n))]


def test_saved_tables_equal_the_columns(tmp_path):
    _build(tmp_path, [_with_people(30), _with_people(60)[30:]])
    index_key = str((tmp_path / "index").resolve())
    c = IndexCaches(index_key)  # as in a new process
    with open_index(tmp_path).searcher() as s:
        leaves = segments.leaves(s)
        assert len(leaves) >= 2
        for leaf in leaves:
            reader = leaf.reader()
            segid = reader.segment().segment_id()
            for field in (*facets.LIST_FIELDS, *facets.NUMERIC_FIELDS):
                path = facets._cache_file(index_key, segid, field)
                assert path.exists()  # written by the sync
                loaded = facets._load_or_read(c, reader, field, segid)
                read = facets._read_table(c, reader, field)
                assert np.array_equal(loaded.owner, read.owner)
                values = c.interner.values
                assert [values[v] for v in loaded.values.tolist()] == \
                    [values[v] for v in read.values.tolist()]


def test_a_damaged_table_file_is_read_again(tmp_path):
    _build(tmp_path, [_with_people(20)])
    index_key = str((tmp_path / "index").resolve())
    c = IndexCaches(index_key)
    with open_index(tmp_path).searcher() as s:
        leaf = segments.leaves(s)[0]
        reader = leaf.reader()
        segid = reader.segment().segment_id()
        path = facets._cache_file(index_key, segid, "people")
        path.write_bytes(b"not a table")
        table = facets._load_or_read(c, reader, "people", segid)
        assert len(table.owner) == len(facets._read_table(c, reader, "people").owner) > 0
        with np.load(path) as saved:  # and saved again
            assert len(saved["owner"]) == len(table.owner)


def test_tables_of_merged_segments_are_deleted(tmp_path):
    articles = _articles(60)
    # Five small syncs: the fifth merges the four before it into its own segment.
    _build(tmp_path, [articles[i:i + 12] for i in range(0, 60, 12)], small=500)
    index_dir = (tmp_path / "index").resolve()
    with open_index(tmp_path).searcher() as s:
        live = {leaf.reader().segment().segment_id() for leaf in segments.leaves(s)}
    assert len(live) == 1
    assert {p.name.split("-")[1] for p in index_dir.glob("facets-*")} == live


def test_a_sync_reads_the_tables_of_its_new_segment_only(tmp_path, monkeypatch):
    articles = _with_people(30)
    _build(tmp_path, [articles[:20]], small=5)
    OWNER.caches(str((tmp_path / "index").resolve())).tables.clear()  # as in a new process
    read = []
    real = facets._load_or_read
    monkeypatch.setattr(facets, "_load_or_read",
                        lambda c, reader, field, segid: read.append(segid) or
                        real(c, reader, field, segid))
    _build(tmp_path, [articles[20:]], small=5)
    with open_index(tmp_path).searcher() as s:
        segids = [leaf.reader().segment().segment_id() for leaf in segments.leaves(s)]
    assert len(segids) == 2
    new = [seg for seg in segids if seg in read]
    assert len(new) == 1
    assert read == new * (len(facets.LIST_FIELDS) + len(facets.NUMERIC_FIELDS))


def _counts(c: IndexCaches, tmp_path, keep=()) -> dict:
    with open_index(tmp_path).searcher() as s:
        return facets.count(c, s, query.Every(), ("people", "published_year"), limit=1,
                            keep=keep)


def test_joined_tables_are_saved_for_the_next_process(tmp_path, monkeypatch):
    _build(tmp_path, [_with_people(30), _with_people(60)[30:]])
    index_key = str((tmp_path / "index").resolve())
    first = _counts(IndexCaches(index_key), tmp_path)
    assert first[0] == 60 and first[1]["people"]["Donald Trump"] == 30
    assert len(list(Path(index_key).glob("facets-whole-*.npz"))) == 1
    # A new process loads the joined file alone, not a table a segment.
    monkeypatch.setattr(facets, "_load_or_read", lambda *a: pytest.fail("a segment's table"))
    assert _counts(IndexCaches(index_key), tmp_path) == first
    # One that holds values already maps the file's numbers to its own.
    running = IndexCaches(index_key)
    for value in ("Someone Else", 1999, "Kanye West"):
        running.interner.id(value)
    assert _counts(running, tmp_path, keep=("Kim Kardashian",)) == \
        _counts(IndexCaches(index_key), tmp_path, keep=("Kim Kardashian",))


def test_a_damaged_joined_file_is_made_again(tmp_path):
    _build(tmp_path, [_with_people(20)])
    index_key = str((tmp_path / "index").resolve())
    first = _counts(IndexCaches(index_key), tmp_path)
    [path] = Path(index_key).glob("facets-whole-*.npz")
    path.write_bytes(b"not a table")
    assert _counts(IndexCaches(index_key), tmp_path) == first
    with np.load(path) as saved:
        assert len(saved["people.start"]) == 21


def test_the_joined_file_of_an_older_set_of_segments_is_deleted(tmp_path):
    articles = _with_people(40)
    _build(tmp_path, [articles[:20]], small=5)
    index_key = str((tmp_path / "index").resolve())
    _counts(IndexCaches(index_key), tmp_path)
    [old] = Path(index_key).glob("facets-whole-*.npz")
    _build(tmp_path, [articles[20:]], small=5)
    assert not old.exists()
    assert _counts(IndexCaches(index_key), tmp_path)[0] == 40
    assert [p.name for p in Path(index_key).glob("facets-whole-*.npz")] != [old.name]
