"""Faults a real archive meets: killed ingests, two writers at once, files arriving."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.locks import file_lock

ARCHIVE = [sys.executable, "-m", "web.cli"]


def make_files(folder: Path, n: int, word: str = "harbour") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:05}.txt").write_text(
            f"Story number {i} about the {word}\n"
            f"Reporter Jane Doe wrote about the {word} on day {i}. "
            "The council met again in March 2021 to talk it over.\n"
        )


def run(data: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*ARCHIVE, "--data", str(data), *args], capture_output=True, text=True, timeout=300, **kw
    )


def stored(data: Path) -> int:
    try:
        with sqlite3.connect(data / "archive.db", timeout=10) as db:
            return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet


def stats(data: Path) -> dict:
    if not data.exists():  # a watch not yet started: `archive stats` would say so
        return {"articles": 0, "index_docs": 0}
    done = run(data, "stats", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def wait_for(condition, seconds: float = 120.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("phase", ["storing", "indexing"])
def test_kill_9_during_ingest_loses_and_doubles_nothing(tmp_path, phase, spawn):
    n = 1200
    make_files(tmp_path / "in", n)
    data = tmp_path / "data"
    proc = spawn([*ARCHIVE, "--data", str(data), "ingest", str(tmp_path / "in")],
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    target = 1 if phase == "storing" else n
    assert wait_for(lambda: stored(data) >= target or proc.poll() is not None)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    if phase == "storing":
        assert stored(data) < n
    again = run(data, "ingest", str(tmp_path / "in"))
    assert again.returncode == 0, again.stderr
    figures = stats(data)
    assert figures["articles"] == figures["index_docs"] == n
    found = json.loads(run(data, "search", "harbour", "--json", "--limit", "1").stdout)
    assert found["total"] == n


def test_two_ingests_at_once_both_complete(tmp_path, spawn):
    make_files(tmp_path / "a", 300, "harbour")
    make_files(tmp_path / "b", 300, "airport")
    data = tmp_path / "data"
    procs = [
        spawn([*ARCHIVE, "--data", str(data), "ingest", str(tmp_path / d)],
              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for d in ("a", "b")
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert any("Waiting for another process" in err for _, err in outs)
    figures = stats(data)
    assert figures["articles"] == figures["index_docs"] == 600


def test_ingest_gives_up_with_a_clear_message_when_told_not_to_wait(tmp_path):
    make_files(tmp_path / "in", 2)
    data = tmp_path / "data"
    with file_lock(data / "write.lock", 1, "held by the test"):
        result = run(data, "ingest", "--wait", "0.2", str(tmp_path / "in"))
    assert result.returncode == 1
    assert "another process is still writing to the archive" in result.stderr
    assert "Traceback" not in result.stderr
    assert stored(data) == 0


@pytest.fixture
def spawn():
    """Start processes that are stopped at the end of the test, whatever happened in it."""
    started: list[subprocess.Popen] = []

    def start(args: list[str], **kw) -> subprocess.Popen:
        started.append(subprocess.Popen(args, **kw))
        return started[-1]

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def ignore_sigint() -> None:
    """What a shell does to a job started with `&`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def start_watch(spawn, folder: Path, data: Path, **kw) -> subprocess.Popen:
    return spawn(
        [*ARCHIVE, "--data", str(data), "watch", str(folder), "--interval", "0.2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw,
    )


def test_watch_picks_up_new_files(tmp_path, spawn):
    folder, data = tmp_path / "in", tmp_path / "data"
    make_files(folder, 2)
    proc = start_watch(spawn, folder, data)
    assert wait_for(lambda: stats(data)["index_docs"] == 2, 60)
    (folder / "new.txt").write_text("Late news\nThe airport reopened on Monday.\n")
    assert wait_for(lambda: stats(data)["index_docs"] == 3, 60)
    found = json.loads(run(data, "search", "airport", "--json").stdout)
    assert [h["title"] for h in found["hits"]] == ["Late news"]
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert (proc.returncode, out.splitlines()[-1], err) == (0, "Stopped.", "")


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT started with SIGINT ignored"])
def test_watch_stops_on_sigterm_and_on_sigint_however_it_was_started(tmp_path, spawn, how):
    folder, data = tmp_path / "in", tmp_path / "data"
    make_files(folder, 1)
    sig = signal.SIGTERM if how == "SIGTERM" else signal.SIGINT
    proc = start_watch(spawn, folder, data, preexec_fn=ignore_sigint)
    assert wait_for(lambda: stats(data)["index_docs"] == 1, 60)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert (proc.returncode, out.splitlines()[-1], err) == (0, "Stopped.", "")


def test_remove_takes_an_article_out_of_store_and_index(tmp_path):
    make_files(tmp_path / "in", 3)
    data = tmp_path / "data"
    run(data, "ingest", str(tmp_path / "in"))
    hit = json.loads(run(data, "search", '"number 1"', "--json").stdout)["hits"][0]
    result = run(data, "remove", hit["id"], "0000000000000000")
    assert result.returncode == 1
    assert result.stdout.startswith("1 removed; 1 removed from the index")
    assert "no article with id '0000000000000000'" in result.stderr
    assert stats(data)["articles"] == stats(data)["index_docs"] == 2


def test_cli_module_runs_as_a_program():
    out = subprocess.run([*ARCHIVE, "--help"], capture_output=True, text=True, env=os.environ)
    assert out.returncode == 0 and "ingest" in out.stdout


def _serve(spawn, data: Path):
    """Start `archive serve` on a free port: (the process, a function giving a query's total
    from /api/search)."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = spawn([*ARCHIVE, "--data", str(data), "serve", "--port", str(port)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def total(word: str) -> int:
        url = f"http://127.0.0.1:{port}/api/search?q={word}"
        with urllib.request.urlopen(url, timeout=30) as r:
            assert r.status == 200
            return json.load(r)["total"]

    return server, total


def test_web_server_answers_during_an_ingest_and_then_sees_the_new_articles(tmp_path, spawn):
    make_files(tmp_path / "first", 5, "harbour")
    make_files(tmp_path / "second", 1500, "airport")
    data = tmp_path / "data"
    run(data, "ingest", str(tmp_path / "first"))
    _, total = _serve(spawn, data)

    assert wait_for(lambda: _answers(total), 30)
    ingest = spawn(
        [*ARCHIVE, "--data", str(data), "ingest", str(tmp_path / "second")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    answered = 0
    while ingest.poll() is None:
        assert total("harbour") == 5  # the articles already there stay searchable
        answered += 1
    assert ingest.returncode == 0
    assert answered > 0, "the ingest finished before the server was asked anything"
    assert total("airport") == 1500


def _answers(total) -> bool:
    try:
        return total("harbour") == 5
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_the_servers_heavy_search_worker_ends_with_the_server(tmp_path, spawn, how):
    """`archive serve` answers a wildcard search from its worker process; stopped (SIGTERM)
    or killed, it leaves no worker behind."""
    make_files(tmp_path / "in", 5, "harbour")
    data = tmp_path / "data"
    run(data, "ingest", str(tmp_path / "in"))
    server, total = _serve(spawn, data)
    assert wait_for(lambda: _answers(total), 30)
    assert _children(server.pid) == []  # plain searches start no worker
    assert total("harb*") == 5
    started = _children(server.pid)  # the worker (and multiprocessing's resource tracker)
    assert started
    server.send_signal(getattr(signal, how))
    server.wait(timeout=30)
    assert wait_for(lambda: not any(Path(f"/proc/{p}").exists() for p in started), 10), \
        "a process of the server's was left running"
