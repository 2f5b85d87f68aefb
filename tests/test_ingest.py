from archive.errors import ReadError
from archive.ingest import ingest
from archive.store import Store
from tests.conftest import doc


def docs(n: int):
    return [
        doc(f"Story {i}", f"Jane Doe reported on the harbour in March 2021, day {i}.",
            source=f"{i}.txt")
        for i in range(n)
    ]


def test_workers_store_the_same_articles_as_inline(tmp_path):
    items = docs(450) + [ReadError("bad.txt", "empty file")] + docs(3)  # 3 repeats
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        r1 = ingest(one, items, workers=1)
        r2 = ingest(two, items, workers=2)
        assert (r1.new, r1.unchanged, len(r1.failed)) == (r2.new, r2.unchanged, len(r2.failed))
        assert (r2.new, r2.unchanged, len(r2.failed)) == (450, 3, 1)
        a = {x.id: (x.people, x.outlets, x.mentioned, x.entities) for x in one.iter_articles()}
        b = {x.id: (x.people, x.outlets, x.mentioned, x.entities) for x in two.iter_articles()}
        assert a == b


def test_reingest_with_workers_changes_nothing(tmp_path):
    with Store(tmp_path / "a.db") as s:
        ingest(s, docs(50), workers=2)
        seq = s.last_seq()
        again = ingest(s, docs(50), workers=2)
        assert (again.new, again.unchanged) == (0, 50)
        assert s.last_seq() == seq


def test_on_commit_sees_each_batch(tmp_path):
    seen = []
    with Store(tmp_path / "a.db") as s:
        ingest(s, docs(450), on_commit=lambda r: seen.append(r.new))
    assert seen == [200, 400, 450]
