from dataclasses import replace

from archive.model import article_id
from archive.store import Store
from index.searching import Searcher, SearchRequest
from index.whoosh_backend.writing import doc_count, live_dir, sync
from tests.corpus import ARTICLES, article, build


def everything(data) -> list[tuple]:
    """Every article as the index returns it, with facets, in a stable order."""
    with Store(data / "archive.db") as s, Searcher(data, s.bodies) as searcher:
        r = searcher.search(SearchRequest(sort="oldest", per_page=100))
    return [(h.id, h.title, h.published, h.people, h.outlets) for h in r.hits], {
        k: [(v.value, v.count) for v in vs] for k, vs in r.facets.items()
    }


def test_incremental_and_full_sync_give_the_same_results(tmp_path):
    inc, full = tmp_path / "inc", tmp_path / "full"
    # Incremental: three batches, with an update and a delete along the way.
    build(inc, ARTICLES[:3])
    build(inc, ARTICLES[3:])
    with Store(inc / "archive.db") as s:
        with s.transaction():
            s.delete(ARTICLES[1].id)
            edited = replace(ARTICLES[2], body="Edited body about divorce.",
                             id=article_id(ARTICLES[2].title, "Edited body about divorce."))
            s.put(edited)
        report = sync(s, inc)
    assert (report.added, report.deleted, report.full) == (1, 2, False)
    # Full: the same store, rebuilt from scratch.
    (full).mkdir()
    (full / "archive.db").write_bytes((inc / "archive.db").read_bytes())
    with Store(full / "archive.db") as s:
        assert sync(s, full, full=True).full
    assert everything(inc) == everything(full)
    assert doc_count(inc) == doc_count(full) == len(ARTICLES) - 1


def test_sync_with_nothing_new_does_nothing(tmp_path):
    build(tmp_path, ARTICLES)
    with Store(tmp_path / "archive.db") as s:
        report = sync(s, tmp_path)
    assert (report.added, report.deleted) == (0, 0)


def test_full_rebuild_swaps_in_a_new_generation(tmp_path):
    build(tmp_path, ARTICLES)
    before = live_dir(tmp_path)
    with Store(tmp_path / "archive.db") as s:
        sync(s, tmp_path, full=True)
    after = live_dir(tmp_path)
    assert before != after and before.exists()  # kept for searchers opened before the swap
    with Store(tmp_path / "archive.db") as s:
        sync(s, tmp_path, full=True)
    assert not before.exists() and after.exists()  # the next rebuild removes it
    assert doc_count(tmp_path) == len(ARTICLES)


def test_a_searcher_open_during_rebuild_keeps_working(tmp_path):
    build(tmp_path, ARTICLES)
    with Store(tmp_path / "archive.db") as s, Searcher(tmp_path, s.bodies) as searcher:
        sync(s, tmp_path, full=True)
        assert searcher.search(SearchRequest(q="divorce")).total == 5


def test_missing_index_is_built_from_the_store(tmp_path):
    build(tmp_path, ARTICLES)
    import shutil

    shutil.rmtree(live_dir(tmp_path))
    with Store(tmp_path / "archive.db") as s:
        assert sync(s, tmp_path).full
    assert doc_count(tmp_path) == len(ARTICLES)


def test_a_long_running_process_sees_new_articles_after_each_commit(tmp_path):
    build(tmp_path, ARTICLES[:3])

    def total():
        with Store(tmp_path / "archive.db") as s, Searcher(tmp_path, s.bodies) as searcher:
            return searcher.search(SearchRequest()).total

    assert total() == 3
    build(tmp_path, ARTICLES[3:])
    assert total() == len(ARTICLES)
    with Store(tmp_path / "archive.db") as s:
        with s.transaction():
            s.delete(ARTICLES[0].id)
        sync(s, tmp_path, full=True)
    assert total() == len(ARTICLES) - 1


def test_suggestions_come_from_live_articles_only(tmp_path):
    build(tmp_path, ARTICLES)

    def suggestion(q):
        with Store(tmp_path / "archive.db") as s, Searcher(tmp_path, s.bodies) as searcher:
            return searcher.search(SearchRequest(q=q, exact=True)).suggestion

    assert suggestion("electon results") == "election results"
    with Store(tmp_path / "archive.db") as s:
        with s.transaction():
            s.delete(ARTICLES[3].id)  # the only article about the election
        sync(s, tmp_path)
    assert suggestion("electon") is None


def test_an_empty_store_indexes_and_searches_as_empty(tmp_path):
    # Every input failed: the index has no segment yet, and must still build and answer.
    with Store(tmp_path / "archive.db") as s:
        assert sync(s, tmp_path, full=True).added == 0
        with Searcher(tmp_path, s.bodies) as searcher:
            r = searcher.search(SearchRequest(q="divorce"))
    assert (r.total, r.hits, doc_count(tmp_path)) == (0, [], 0)
    assert all(values == [] for values in r.facets.values())


def test_suggestion_weighs_swapped_letters_and_the_other_words(tmp_path):
    extra = [article(100, ("Gets going", "He gets going. He gets up.", None, (), (), ())),
             article(101, ("Gets there", "It gets there. She gets it.", None, (), (), ()))]
    build(tmp_path, ARTICLES + extra)
    with Store(tmp_path / "archive.db") as s, Searcher(tmp_path, s.bodies) as searcher:
        # "gets" is one edit away and more frequent; "west" is one swap away and is found
        # with "kanye".
        assert searcher.search(SearchRequest(q="kanye wets", exact=True)).suggestion == "kanye west"
        assert searcher.search(SearchRequest(q="wets", exact=True)).suggestion == "gets"


def test_date_filter_leaves_out_deleted_articles(tmp_path):
    build(tmp_path, ARTICLES)

    def in_2021():
        with Store(tmp_path / "archive.db") as s, Searcher(tmp_path, s.bodies) as searcher:
            r = searcher.search(SearchRequest(date_from="2021", date_to="2021", per_page=50))
        return sorted(h.title for h in r.hits), r.total

    assert in_2021()[1] == 3
    with Store(tmp_path / "archive.db") as s:
        with s.transaction():
            s.delete(ARTICLES[0].id)  # still in its segment, marked deleted
        sync(s, tmp_path)
    assert in_2021() == (["Kanye West speaks out", "Pete Davidson and Kim"], 2)


def _segment_sizes(data) -> list[int]:
    with Store(data / "archive.db") as s, Searcher(data, s.bodies) as searcher:
        assert searcher.search(SearchRequest(per_page=50)).total == s.count()
        return sorted(r.doc_count_all() for r, _ in searcher._view._s.reader().leaf_readers())


def test_syncs_merge_small_segments_a_tier_at_a_time(tmp_path, monkeypatch):
    from index.whoosh_backend import writing

    monkeypatch.setattr(writing, "SMALL_SEGMENT", 4)  # 1-3 articles: tier 0; 4 is big here
    # One big segment, then one article a sync, as small ingests do.
    more = [replace(ARTICLES[0], id=article_id(f"t{n}", "b"), title=f"Story {n}",
                    body=f"Body number {n}.", origin=f"/more/{n}.txt") for n in range(9)]
    build(tmp_path, ARTICLES[:4], full=True)
    sizes = []
    for a in more:
        build(tmp_path, [a])
        sizes.append(_segment_sizes(tmp_path))
    # Syncs 1-4 write one segment each; the fifth merges the four into its own (5 articles);
    # the next four write one each again. The big segment is never rewritten.
    assert sizes[3] == [1, 1, 1, 1, 4]
    assert sizes[4] == [4, 5]
    assert sizes[8] == [1, 1, 1, 1, 4, 5]


def test_tiers():
    from index.whoosh_backend.writing import _tier

    assert [_tier(n) for n in (0, 1, 3, 4, 15, 16, 63, 64, 255, 256)] == \
        [0, 0, 0, 1, 1, 2, 2, 3, 3, 4]


def test_new_articles_are_added_and_changed_ones_replaced(tmp_path, monkeypatch):
    from whoosh.writing import SegmentWriter

    build(tmp_path, ARTICLES[:3])
    updates = []
    real = SegmentWriter.update_document
    monkeypatch.setattr(SegmentWriter, "update_document",
                        lambda self, **doc: updates.append(doc["id"]) or real(self, **doc))
    build(tmp_path, ARTICLES[3:])  # new: no older copy to look for
    assert updates == []
    with Store(tmp_path / "archive.db") as s:
        with s.transaction():  # re-extracted: the same article with other facets
            s.replace(replace(ARTICLES[0], people=("Someone Else",)))
        sync(s, tmp_path)
    assert updates == [ARTICLES[0].id]
    hits, facets = everything(tmp_path)
    assert doc_count(tmp_path) == len(ARTICLES)
    assert [h for h in hits if h[0] == ARTICLES[0].id][0][3] == ("Someone Else",)


def test_a_sync_stopped_after_its_commit_adds_no_second_copy(tmp_path, monkeypatch):
    from index.whoosh_backend import writing

    build(tmp_path, ARTICLES[:3])
    real = writing._write_synced

    def stop_before_recording(path, seq, committing=False):
        if not committing:
            raise KeyboardInterrupt  # killed between the commit and recording its seq
        real(path, seq, committing)

    monkeypatch.setattr(writing, "_write_synced", stop_before_recording)
    try:
        build(tmp_path, ARTICLES[3:])
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(writing, "_write_synced", real)
    assert doc_count(tmp_path) == len(ARTICLES)  # committed, but not recorded as synced
    with Store(tmp_path / "archive.db") as s:
        assert sync(s, tmp_path).added == len(ARTICLES) - 3  # done again
    assert doc_count(tmp_path) == len(ARTICLES)  # replaced, not added twice
    assert len(everything(tmp_path)[0]) == len(ARTICLES)
