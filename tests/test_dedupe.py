from archive import dedupe
from archive.model import Article, article_id
from archive.store import Store
from index.searching import Searcher, SearchRequest, sync
from tests.conftest import SEEDS

KANYE = (SEEDS / "000_fd8147d0a04f768b.txt").read_text(encoding="utf-8").split("\n", 1)[1]
LOOK_BACK = (SEEDS / "004_3717b05c1210112f.txt").read_text(encoding="utf-8").split("\n", 1)[1]
# A syndicated copy: a new first sentence, the last paragraph cut, a credit line added.
REWRITE = (
    KANYE.replace("Kanye West is determined to get his wife back", "Ye wants his wife back")
    .rsplit("\n", 2)[0]
    + "\nThis story first appeared elsewhere."
)


def art(title: str, body: str, origin: str) -> Article:
    return Article(id=article_id(title, body), title=title, body=body, source=origin,
                   origin=origin)


def test_similarity_separates_copies_from_other_articles():
    a, b, c = map(dedupe.signature, (KANYE, REWRITE, LOOK_BACK))
    assert dedupe.similarity(a, a) == 1.0
    assert dedupe.similarity(a, b) >= dedupe.THRESHOLD
    assert dedupe.similarity(a, c) < 0.1
    assert set(dedupe.band_keys(a)) & set(dedupe.band_keys(b))


def test_signature_of_empty_and_tiny_texts():
    empty = dedupe.signature("")
    assert len(empty) == dedupe.BINS and dedupe.similarity(empty, empty) == 1.0
    assert dedupe.similarity(dedupe.signature("one"), dedupe.signature("two")) == 0.0
    assert dedupe.unpack(dedupe.pack(dedupe.signature("x y z"))) == dedupe.signature("x y z")


def test_store_groups_near_duplicates(tmp_path):
    with Store(tmp_path / "archive.db") as s:
        original = art("Kanye keeps going", KANYE, "/a.txt")
        copy = art("Ye keeps going", REWRITE, "/b.txt")
        other = art("A look back", LOOK_BACK, "/c.txt")
        with s.transaction():
            for a in (original, copy, other):
                s.put(a)
        assert s.get(copy.id).group == original.id
        assert s.get(other.id).group == other.id
        assert [a.id for a in s.group_members(original.id)] == [copy.id]
        assert [a.id for a in s.group_members(copy.id)] == [original.id]
        assert s.group_members(other.id) == []


def test_search_can_collapse_near_duplicates(tmp_path):
    with Store(tmp_path / "archive.db") as s:
        with s.transaction():
            s.put(art("Kanye keeps going", KANYE, "/a.txt"))
            s.put(art("Ye keeps going", REWRITE, "/b.txt"))
            s.put(art("A look back", LOOK_BACK, "/c.txt"))
        sync(s, tmp_path)
        with Searcher(tmp_path, s.bodies) as searcher:
            plain = searcher.search(SearchRequest(q="kardashian"))
            collapsed = searcher.search(SearchRequest(q="kardashian", collapse=True))
    assert plain.total == 3
    assert len(collapsed.hits) == 2
    assert sorted(h.duplicates for h in collapsed.hits) == [0, 1]


def test_cli_collapse_and_also_published_as(invoke, tmp_path):
    import json

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Kanye keeps going\n" + KANYE, encoding="utf-8")
    (folder / "b.txt").write_text("Ye keeps going\n" + REWRITE, encoding="utf-8")
    (folder / "c.txt").write_text("Kanye keeps going\n" + KANYE, encoding="utf-8")
    result = invoke("ingest", str(folder))
    assert "2 new, 0 updated, 0 unchanged, 1 duplicate" in result.output
    out = json.loads(invoke("search", "kardashian", "--collapse", "--json").output)
    assert [h["duplicates"] for h in out["hits"]] == [1]
    hit = out["hits"][0]
    shown = json.loads(invoke("show", hit["id"], "--json").output)
    titles = {"Kanye keeps going", "Ye keeps going"}
    assert [a["title"] for a in shown["also_published_as"]] == list(titles - {hit["title"]})
