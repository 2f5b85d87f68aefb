"""Every file name and file kind is handled: undecodable names are stored safely, FIFOs and
other non-regular files are skipped with a message, one bad article never rolls back the
others, and an article's control characters never reach the terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from archive.ingest import ingest
from archive.store import Store
from tests.conftest import doc
from tests.test_faults import ARCHIVE


def files(folder, n: int = 7):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"ok{i}.txt").write_text(f"Title {i}\nBody number {i} about the harbour.\n")


def test_a_name_with_invalid_utf8_is_stored_and_the_batch_kept(tmp_path, invoke, data_dir):
    folder = tmp_path / "in"
    files(folder)
    with open(os.path.join(os.fsencode(folder), b"bad\xff.txt"), "wb") as f:
        f.write(b"Bad name\nA body about the harbour, with a name that is not UTF-8.\n")
    result = invoke("ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("8 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed")
    found = json.loads(invoke("search", "harbour", "--json", "--limit", "20").output)
    assert sorted(h["source"] for h in found["hits"]) == [
        "bad\\xff.txt", *(f"ok{i}.txt" for i in range(7))]


def test_one_article_that_cannot_be_stored_does_not_roll_back_its_batch(store):
    docs = [doc(f"Title {i}", f"Body {i} about the harbour.", source=f"{i}.txt")
            for i in range(5)]
    docs.insert(2, doc("Bad", "A body that cannot be stored.", source="bad\udcff.txt"))
    errors = []
    report = ingest(store, docs, on_error=errors.append)
    assert report.new == 5 and store.count() == 5
    assert [e.source for e in report.failed] == ["bad\udcff.txt"]
    assert "cannot be stored" in report.failed[0].message and errors == report.failed


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_skipped_with_a_message_not_waited_for(tmp_path):
    folder, data = tmp_path / "in", tmp_path / "data"
    files(folder, 3)
    os.mkfifo(folder / "pipe.txt")
    out = subprocess.run([*ARCHIVE, "--data", str(data), "ingest", str(folder)],
                         capture_output=True, text=True, timeout=120)
    assert "pipe.txt: not a regular file (a FIFO, socket or device): skipped" in out.stderr
    assert out.stdout.startswith("3 new, 0 updated, 0 unchanged, 0 duplicate, 1 failed")
    named = subprocess.run([*ARCHIVE, "--data", str(data), "ingest", str(folder / "pipe.txt")],
                           capture_output=True, text=True, timeout=120)
    assert "not a regular file" in named.stderr and named.returncode == 1


def test_read_file_refuses_a_fifo_it_is_handed(tmp_path):
    from archive.readers import read_file

    os.mkfifo(tmp_path / "late.txt")
    [item] = list(read_file(tmp_path / "late.txt"))
    assert item.message == "not a regular file (a FIFO, socket or device): skipped"


def test_show_and_search_strip_control_characters(tmp_path, invoke, data_dir):
    path = tmp_path / "evil.txt"
    path.write_text("Evil \x1b]0;owned\x07title\n"
                    "The harbour \x1b[2Jcleared\x9b31m and more text.\n")
    assert invoke("ingest", str(path)).exit_code == 0
    hit = json.loads(invoke("search", "harbour", "--json").output)["hits"][0]
    shown = invoke("show", hit["id"]).output + invoke("search", "harbour").output
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "Evil ]0;ownedtitle" in shown and "The harbour [2Jcleared31m and more" in shown
    # The store keeps the text as it was: only the terminal is protected.
    with Store(data_dir / "archive.db") as s:
        assert "\x1b[2J" in s.get(hit["id"]).body


@pytest.mark.parametrize("name, content", [
    ("big.jsonl", lambda body: json.dumps({"title": "Huge", "text": body}) + "\n"
                               + json.dumps({"title": "Small", "text": "A harbour story."})),
    ("big.json", lambda body: json.dumps([{"title": "Small", "text": "A harbour story."},
                                          {"title": "Huge", "text": body}])),
    ("big.csv", lambda body: f"title,text\nSmall,A harbour story.\nHuge,{body}\n"),
    ("big.txt", lambda body: "Huge\n" + body),
])
def test_every_format_has_a_per_article_size_limit(tmp_path, invoke, monkeypatch, name, content):
    import archive.readers as readers

    monkeypatch.setattr(readers, "MAX_ARTICLE_CHARS", 10_000)
    path = tmp_path / name
    path.write_text(content("harbour " * 5_000))
    result = invoke("ingest", str(path))
    assert result.exit_code == 1
    assert re.search(r"is too long \(4\d,\d{3} characters; an article may have at most 10,000\)"
                     ": split it", result.output), result.output
    if name != "big.txt":
        assert "record " in result.output
        assert "\n1 new, 0 updated" in result.output


@pytest.mark.parametrize("workers", ["1", "2"])
def test_identical_files_keep_their_own_article_when_one_is_edited(tmp_path, invoke, workers):
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Same story\nThe harbour reopened on Monday after the storm.\n"
    (folder / "a.txt").write_text(text)
    (folder / "b.txt").write_text(text)
    first = invoke("ingest", str(folder), "--workers", workers)
    assert first.output.startswith("1 new, 0 updated, 0 unchanged, 1 duplicate"), first.output
    (folder / "a.txt").write_text("Edited story\nThe airport reopened on Tuesday.\n")
    again = invoke("ingest", str(folder / "a.txt"), "--workers", workers)
    assert again.output.startswith("0 new, 1 updated"), again.output
    harbour = json.loads(invoke("search", "harbour", "--json").output)
    assert [h["source"] for h in harbour["hits"]] == ["b.txt"]  # b.txt's article stays
    airport = json.loads(invoke("search", "airport", "--json").output)
    assert [h["source"] for h in airport["hits"]] == ["a.txt"]
    stats = json.loads(invoke("stats", "--json").output)
    assert stats["articles"] == stats["index_docs"] == 2


def test_utf8_with_two_bad_bytes_stays_utf8():
    from archive.readers.text import decode

    data = "Café news\nThe café reopened; the crème brûlée is back.\n".encode() + b"\xff\xfe end"
    text = decode(data, "a.txt")
    assert text.startswith("Café news\nThe café reopened; the crème brûlée")
    assert text.count("\ufffd") == 2 and "Ã" not in text


def test_latin1_is_still_read_as_latin1():
    from archive.readers.text import decode

    data = "Café news\nThe café reopened on Monday, and the crowd came back.\n".encode("latin-1")
    assert decode(data, "a.txt").startswith("Café news\nThe café reopened")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text_not_binary(encoding):
    from archive.readers.text import decode

    text = "Café news\nThe harbour reopened on Monday.\n"
    assert decode(text.encode(encoding), "a.txt") == text


@pytest.mark.parametrize("error", [
    "sqlite", "oserror",
])
def test_a_full_disk_is_one_line_naming_the_folder(tmp_path, invoke, data_dir, monkeypatch,
                                                   error):
    import errno
    import sqlite3

    files(tmp_path / "in", 3)

    def full(*args, **kwargs):
        if error == "sqlite":
            raise sqlite3.OperationalError("database or disk is full")
        raise OSError(errno.ENOSPC, "No space left on device", str(data_dir / "indexes" / "x"))

    monkeypatch.setattr(Store, "put", full)
    result = invoke("ingest", str(tmp_path / "in"))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: the disk holding {data_dir} is full: free some space and run the command again "
        "(what was already committed is kept; the rest was not written)"]
