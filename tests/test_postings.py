"""The postings arrays written beside each segment hold exactly Whoosh's postings."""

import json
from pathlib import Path

import numpy as np
import pytest

from archive.model import Article, article_id
from archive.store import Store
from index.searching import Searcher, SearchRequest
from index.whoosh_backend import internals, postings, segments, writing
from index.whoosh_backend.held import OWNER
from index.whoosh_backend.writing import open_index, sync

LABELLED = Path(__file__).parent / "labelled" / "articles.jsonl"


def _articles(n: int) -> list[Article]:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()][:n]
    return [Article(id=article_id(r["title"], r["body"]), title=r["title"], body=r["body"],
                    source=f"{i}.txt", origin=f"{i}.txt") for i, r in enumerate(rows)]


def _build(data: Path, parts: list[list[Article]], small: int = 10) -> None:
    keep, writing.SMALL_SEGMENT = writing.SMALL_SEGMENT, small
    try:
        with Store(data / "archive.db") as s:
            for part in parts:
                with s.transaction():
                    for a in part:
                        s.put(a)
                sync(s, data)
    finally:
        writing.SMALL_SEGMENT = keep


def _whoosh_postings(reader, field, btext):
    m = reader.postings(field, btext)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def _check_every_term(data: Path) -> int:
    checked = 0
    with open_index(data).searcher() as s:
        for leaf, _ in segments.leaves_with_offsets(s):
            reader = leaf.reader()
            arrays = postings.arrays(reader)
            assert arrays is not None
            for field, btext in reader.all_terms():
                ids, weights = _whoosh_postings(reader, field, btext)
                got = arrays.get(field, btext)
                assert got is not None, (field, btext)
                assert got[0].tolist() == ids, (field, btext)
                assert np.allclose(got[1], weights), (field, btext)
                checked += 1
            assert arrays.get("body", b"\xff\xffno such term") is None
            assert arrays.get("no such field", b"x") is None
    return checked


def test_arrays_equal_whoosh_postings_for_every_term(tmp_path):
    _build(tmp_path, [_articles(80)])
    assert _check_every_term(tmp_path) > 4000


def test_merged_segments_get_arrays_and_old_files_go(tmp_path):
    articles = _articles(60)
    # Five small syncs: the fifth merges the four before it into its own segment.
    _build(tmp_path, [articles[i:i + 12] for i in range(0, 60, 12)], small=500)
    index_dir = (tmp_path / "index").resolve()
    with open_index(tmp_path).searcher() as s:
        live = {leaf.reader().segment().segment_id() for leaf, _ in
                segments.leaves_with_offsets(s)}
    assert len(live) == 1  # the merge happened
    files = {p.name for p in index_dir.glob("*" + postings.EXT)}
    assert files == {seg + postings.EXT for seg in live}  # none left of merged segments
    _check_every_term(tmp_path)


def test_a_segment_without_arrays_is_read_through_whoosh(tmp_path):
    _build(tmp_path, [_articles(40)])
    request = SearchRequest(q="trump OR china", per_page=50)
    with Store(tmp_path / "archive.db") as s:
        with Searcher(tmp_path, s.bodies) as searcher:
            with_arrays = searcher.search(request)
        for f in (tmp_path / "index").resolve().glob("*" + postings.EXT):
            f.unlink()
        OWNER.reset()
        with Searcher(tmp_path, s.bodies) as searcher:
            without = searcher.search(request)
    assert with_arrays.total == without.total > 0
    assert [(h.id, round(h.score, 9)) for h in with_arrays.hits] == \
        [(h.id, round(h.score, 9)) for h in without.hits]


def test_a_damaged_arrays_file_is_ignored(tmp_path):
    _build(tmp_path, [_articles(20)])
    for f in (tmp_path / "index").resolve().glob("*" + postings.EXT):
        f.write_bytes(b"garbage")
    OWNER.reset()
    with Store(tmp_path / "archive.db") as s, Searcher(tmp_path, s.bodies) as searcher:
        assert searcher.search(SearchRequest(q="said")).total > 0


@pytest.fixture(autouse=True)
def _fresh_maps():
    yield
    OWNER.reset()


def test_positions_equal_whoosh_for_every_term(tmp_path):
    _build(tmp_path, [_articles(60)])
    checked = 0
    with open_index(tmp_path).searcher() as s:
        for leaf, _ in segments.leaves_with_offsets(s):
            reader = leaf.reader()
            arrays = postings.arrays(reader)
            everyone = np.arange(reader.doc_count_all(), dtype=np.int32)
            some = everyone[::3]
            for field in ("title", "body"):
                for btext in reader.lexicon(field):
                    m = reader.postings(field, btext)
                    expected = []
                    while m.is_active():
                        expected += [(m.id(), p) for p in m.value_as("positions")]
                        m.next()
                    docs, positions = arrays.positions(field, btext, everyone)
                    assert list(zip(docs.tolist(), positions.tolist(), strict=True)) == expected
                    docs, positions = arrays.positions(field, btext, some)
                    assert list(zip(docs.tolist(), positions.tolist(), strict=True)) == \
                        [(d, p) for d, p in expected if d % 3 == 0]
                    checked += 1
            assert arrays.positions("people", b"x", everyone) is None  # no positions there
    assert checked > 3000


def test_files_of_deleted_generations_are_closed(tmp_path):
    _build(tmp_path, [_articles(20)])
    with Store(tmp_path / "archive.db") as s:
        with Searcher(tmp_path, s.bodies) as searcher:
            searcher.search(SearchRequest(q="said"))
        first = (tmp_path / "index").resolve()
        assert any(p.startswith(str(first)) for p in OWNER.open_files())
        for _ in range(2):  # the second rebuild deletes the first generation
            sync(s, tmp_path, full=True)
            with Searcher(tmp_path, s.bodies) as searcher:
                searcher.search(SearchRequest(q="said"))
    assert not first.exists()
    assert not any(p.startswith(str(first)) for p in OWNER.open_files())


def test_segments_written_term_at_a_time_equal_whooshs_byte_for_byte(tmp_path):
    """ArrayCodec's add_postings feeds the postings writer a term at a time; Whoosh's own
    loop feeds it one posting at a time. The postings and terms files must not differ."""
    import dataclasses

    from whoosh import index as whoosh_index
    from whoosh.codec.whoosh3 import W3Codec

    from index.whoosh_backend.schema import build_schema, to_document

    people = [("Donald Trump",), ("Kim Kardashian", "Kanye West"), ()]
    articles = [dataclasses.replace(a, people=people[i % 3], outlets=("CNN",) * (i % 2))
                for i, a in enumerate(_articles(410))]
    files = {}
    for name, codec in (("whoosh", W3Codec()), ("arrays", internals.ArrayCodec())):
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(folder, build_schema())
        writer = ix.writer(codec=codec, compound=False)
        for a in articles:
            writer.add_document(**to_document(a))
        writer.commit(merge=False)
        files[name] = {p.suffix: p.read_bytes() for p in folder.iterdir()
                       if p.suffix in (".pst", ".trm")}
    assert set(files["arrays"]) == {".pst", ".trm"}
    assert files["arrays"] == files["whoosh"]
    # Long posting lists span several blocks (128 postings each).
    with whoosh_index.open_dir(tmp_path / "arrays").searcher() as s:
        assert s.doc_frequency("body", "said") > 256


def test_phrase_starts_before_the_text_are_left_out_and_the_rest_stay_sorted():
    """_meet looks phrase starts up by binary search, so they must stay sorted: a word at a
    place before its offset in the phrase (a start below 0) is left out, not wrapped around."""
    import numpy as np

    from index.whoosh_backend.matching import _meet

    # Starts of a word two on in the phrase: -2, 3, -1, 5, 1.
    first = _meet(None, (np.array([0, 0, 1, 1, 2]), np.array([0, 5, 1, 7, 3])), 2)
    assert [(int(k) >> 32, int(k) & 0xFFFFFFFF) for k in first] == [(0, 3), (1, 5), (2, 1)]
    assert np.all(np.diff(first) > 0)
    # A word one on: starts 3, -1 and 1; the phrase starts where both words agree.
    both = _meet(first, (np.array([0, 2, 2]), np.array([4, 0, 2])), 1)
    assert [(int(k) >> 32, int(k) & 0xFFFFFFFF) for k in both] == [(0, 3), (2, 1)]
