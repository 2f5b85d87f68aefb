"""One writer at a time, and a rebuild that neither misses nor doubles an article stored while
it runs; a lost sync record leads to a rebuild, not to every article added twice."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from archive.model import Article, article_id
from archive.store import Store
from index.whoosh_backend.writing import SYNCED, live_dir, sync
from tests.test_faults import ARCHIVE, make_files, run, stats


def article(n: int, word: str = "harbour") -> Article:
    title, body = f"Story {n} about the {word}", f"The {word} story number {n} was told again."
    return Article(id=article_id(title, body), title=title, body=body, source=f"{n}.txt",
                   origin=f"{n}.txt")


def fill(data: Path, n: int, start: int = 0) -> None:
    with Store(data / "archive.db") as s:
        with s.transaction():
            for i in range(start, start + n):
                s.put(article(i))


def index_ids(data: Path) -> list[str]:
    from index.whoosh_backend.writing import open_index

    with open_index(data).searcher() as s:
        return [fields["id"] for fields in s.all_stored_fields()]


def store_ids(data: Path) -> list[str]:
    with Store(data / "archive.db") as s:
        return [a.id for a in s.iter_articles()]


def assert_in_step(data: Path) -> None:
    indexed, stored = index_ids(data), store_ids(data)
    assert len(indexed) == len(set(indexed)), "an article is in the index twice"
    assert sorted(indexed) == sorted(stored)


@pytest.mark.parametrize("damage", ["delete", "garble", "negative"])
def test_a_lost_or_damaged_sync_record_rebuilds_instead_of_doubling(tmp_path, damage):
    data = tmp_path / "data"
    fill(data, 30)
    with Store(data / "archive.db") as s:
        sync(s, data)
    record = live_dir(data) / SYNCED
    if damage == "delete":
        record.unlink()
    elif damage == "garble":
        record.write_text('{"seq": ')
    else:
        record.write_text('{"seq": -5}')
    fill(data, 5, start=30)
    with Store(data / "archive.db") as s:
        report = sync(s, data)
    assert report.full and report.reason == "synced.json was missing or damaged"
    assert len(index_ids(data)) == 35
    assert_in_step(data)


def test_reindex_says_why_it_rebuilt(tmp_path):
    make_files(tmp_path / "in", 4)
    data = tmp_path / "data"
    assert run(data, "ingest", str(tmp_path / "in")).returncode == 0
    (live_dir(data) / SYNCED).unlink()
    out = run(data, "reindex")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("index rebuilt (synced.json was missing or damaged): 4 indexed")
    assert stats(data)["index_docs"] == 4


def test_a_rebuild_reads_only_up_to_the_seq_it_records(tmp_path, monkeypatch):
    """Articles stored while the rebuild reads are left to its catch-up, which replaces."""
    data = tmp_path / "data"
    fill(data, 10)
    real = Store.iter_articles
    stored_meanwhile = []

    def iter_then_store(self, batch=1000, upto=None):
        for n, a in enumerate(real(self, batch, upto)):
            if n == 3 and not stored_meanwhile:  # another process stores and edits meanwhile
                with Store(data / "archive.db") as other, other.transaction():
                    for i in range(100, 105):
                        other.put(article(i))
                    first = other.get(article(0).id)
                    other.replace(first)  # re-extracted: a later seq
                    other.delete(article(9).id)
                stored_meanwhile.append(True)
            yield a

    monkeypatch.setattr(Store, "iter_articles", iter_then_store)
    with Store(data / "archive.db") as s:
        report = sync(s, data, full=True)
    assert stored_meanwhile and report.full
    assert len(index_ids(data)) == 14
    assert_in_step(data)


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from archive.store import Store
    from tests.test_rebuild import article
    data, stop = Path(sys.argv[1]), Path(sys.argv[2])
    n = 100_000
    with Store(data / "archive.db") as s:
        while not stop.exists():
            with s.transaction():
                for _ in range(5):
                    s.put(article(n, "airport"))
                    n += 1
                s.replace(s.get(article(n % 1000).id))  # a re-extraction moves its seq
            time.sleep(0.05)
    print(n - 100_000)
""")

REBUILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from archive.store import Store
    from index.whoosh_backend import writing
    from index.searching import sync
    writing.SEGMENT_DOCS = 50  # many small reads of the store, while the writer writes
    data = Path(sys.argv[1])
    with Store(data / "archive.db") as s:
        print(sync(s, data, full=True).added)
""")


def test_a_rebuild_racing_a_writer_in_another_process_doubles_and_misses_nothing(tmp_path):
    """The index layer on its own (no write lock): a process stores articles the whole time
    another rebuilds the index."""
    data = tmp_path / "data"
    fill(data, 1000)
    stop = tmp_path / "stop"
    root = str(Path(__file__).resolve().parent.parent)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(data), str(stop)], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        before = len(store_ids(data))
        rebuild = subprocess.run([sys.executable, "-c", REBUILD, str(data)], cwd=root,
                                 capture_output=True, text=True, timeout=300)
        during = len(store_ids(data)) - before
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert rebuild.returncode == 0, rebuild.stderr
    assert writer.returncode == 0, err
    assert during > 0, "the writer stored nothing while the rebuild ran"
    with Store(data / "archive.db") as s:
        sync(s, data)  # what the writer stored after the rebuild's catch-up
    assert_in_step(data)
    assert len(index_ids(data)) == 1000 + int(out)


def test_reindex_full_and_ingest_in_two_processes_take_turns(tmp_path):
    make_files(tmp_path / "first", 800, "harbour")
    make_files(tmp_path / "second", 300, "airport")
    data = tmp_path / "data"
    assert run(data, "ingest", str(tmp_path / "first")).returncode == 0
    rebuild = subprocess.Popen([*ARCHIVE, "--data", str(data), "reindex", "--full"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ingest = subprocess.Popen([*ARCHIVE, "--data", str(data), "ingest", str(tmp_path / "second")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs = [p.communicate(timeout=300) for p in (rebuild, ingest)]
    assert [rebuild.returncode, ingest.returncode] == [0, 0], outs
    figures = stats(data)
    assert figures["articles"] == figures["index_docs"] == 1100
    assert_in_step(data)
    found = json.loads(run(data, "search", "airport", "--json", "--limit", "1").stdout)
    assert found["total"] == 300


def test_reindex_waits_for_the_writer_and_gives_up_with_a_message(tmp_path):
    from archive.locks import file_lock

    make_files(tmp_path / "in", 2)
    data = tmp_path / "data"
    run(data, "ingest", str(tmp_path / "in"))
    with file_lock(data / "write.lock", 1, "held by the test"):
        out = run(data, "reindex", "--full", "--wait", "0.2")
    assert out.returncode == 1
    assert "another process is still writing to the archive" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("args", [
    ["reindex"], ["reindex", "--full"], ["remove", "{id}"], ["entities", "ignore", "Jane Doe"],
    ["entities", "alias", "Doe", "Jane Doe"],
])
def test_every_writing_command_waits_for_the_writer(tmp_path, args):
    """reindex, remove and the entity corrections wait for write.lock as ingest does."""
    import threading

    from archive.locks import file_lock

    make_files(tmp_path / "in", 2)
    data = tmp_path / "data"
    run(data, "ingest", str(tmp_path / "in"))
    hit = json.loads(run(data, "search", "harbour", "--json").stdout)["hits"][0]["id"]
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with file_lock(data / "write.lock", 5, "held by the test"):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        proc = subprocess.Popen([*ARCHIVE, "--data", str(data), *(a.format(id=hit) for a in args)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # It waits: still running while the lock is held, and says so.
        first = proc.stderr.readline()
        assert "Waiting for another process writing to the archive" in first
        assert proc.poll() is None
    finally:
        release.set()
        holder.join(10)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, (out, err)


def test_a_killed_rebuilds_partial_generation_is_removed_at_the_next_sync(tmp_path):
    data = tmp_path / "data"
    fill(data, 5)
    with Store(data / "archive.db") as s:
        sync(s, data)
    old = live_dir(data)
    partial = data / "indexes" / "20260101-000000-killed"
    partial.mkdir()
    (partial / "MAIN_x.trm").write_bytes(b"half written")
    fill(data, 1, start=5)
    with Store(data / "archive.db") as s:
        sync(s, data)
    assert not partial.exists()
    assert live_dir(data) == old and old.exists()  # the live generation stays
    assert_in_step(data)
