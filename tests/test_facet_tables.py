"""The facet tables saved beside each segment load back as the tables read from Whoosh."""

import dataclasses

import numpy as np

from index import facets
from index.writing import open_index
from tests.test_postings import _articles, _build


def _with_people(n: int):
    """Labelled articles, each with a person or two (the extraction is not run here)."""
    return [dataclasses.replace(a, people=("Donald Trump",) if i % 2 else ("Kim Kardashian",
                                                                           "Kanye West"))
            for i, a in enumerate(_articles(n))]


def test_saved_tables_equal_the_columns(tmp_path):
    _build(tmp_path, [_with_people(30), _with_people(60)[30:]])
    index_key = str((tmp_path / "index").resolve())
    with open_index(tmp_path).searcher() as s:
        leaves = facets.leaves(s)
        assert len(leaves) >= 2
        for leaf in leaves:
            reader = leaf.reader()
            segid = reader.segment().segment_id()
            for field in (*facets.LIST_FIELDS, *facets.NUMERIC_FIELDS):
                path = facets._cache_file(index_key, segid, field)
                assert path.exists()  # written by the sync
                loaded = facets._load_or_read(reader, field, index_key, segid)
                read = facets._read_table(reader, field)
                assert np.array_equal(loaded.owner, read.owner)
                values = facets._interner.values
                assert [values[v] for v in loaded.values.tolist()] == \
                    [values[v] for v in read.values.tolist()]


def test_a_damaged_table_file_is_read_again(tmp_path):
    _build(tmp_path, [_with_people(20)])
    index_key = str((tmp_path / "index").resolve())
    with open_index(tmp_path).searcher() as s:
        leaf = facets.leaves(s)[0]
        reader = leaf.reader()
        segid = reader.segment().segment_id()
        path = facets._cache_file(index_key, segid, "people")
        path.write_bytes(b"not a table")
        table = facets._load_or_read(reader, "people", index_key, segid)
        assert len(table.owner) == len(facets._read_table(reader, "people").owner) > 0
        with np.load(path) as saved:  # and saved again
            assert len(saved["owner"]) == len(table.owner)


def test_tables_of_merged_segments_are_deleted(tmp_path):
    _build(tmp_path, [_articles(20), _articles(40)[20:], _articles(60)[40:]], small=500)
    index_dir = (tmp_path / "index").resolve()
    with open_index(tmp_path).searcher() as s:
        live = {leaf.reader().segment().segment_id() for leaf in facets.leaves(s)}
    assert {p.name.split("-")[1] for p in index_dir.glob("facets-*")} == live
