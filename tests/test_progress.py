"""The progress bar of a long ingest: on a terminal only, never in pipes or with --json."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

ARCHIVE = [sys.executable, "-m", "web.cli"]


def make_files(folder, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"{i:03}.txt").write_text(f"Story {i}\nThe harbour story number {i}.\n")


def on_a_pty(args: list[str]) -> tuple[int, str]:
    """Run with standard error on a pseudo-terminal; return the status and what it showed."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=follower,
                                env={**os.environ, "COLUMNS": "100"})
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the other end closed: the process is done
                break
            if not chunk:
                break
            shown += chunk
        return proc.wait(timeout=120), shown.decode(errors="replace")
    finally:
        os.close(leader)


def test_ingest_shows_a_progress_bar_with_rate_and_time_left_on_a_terminal(tmp_path):
    make_files(tmp_path / "in", 30)
    status, shown = on_a_pty([*ARCHIVE, "--data", str(tmp_path / "d"), "ingest",
                              str(tmp_path / "in"), "--workers", "1"])
    assert status == 0
    assert "Ingesting" in shown
    assert "30/30" in shown and "100%" in shown
    assert "30 articles" in shown and "/s" in shown


def test_ingest_is_quiet_in_a_pipe_and_with_json(tmp_path):
    make_files(tmp_path / "in", 5)
    piped = subprocess.run([*ARCHIVE, "--data", str(tmp_path / "d"), "ingest",
                            str(tmp_path / "in")], capture_output=True, text=True, timeout=120)
    assert (piped.returncode, piped.stderr) == (0, "")
    status, shown = on_a_pty([*ARCHIVE, "--data", str(tmp_path / "e"), "ingest", "--json",
                              str(tmp_path / "in")])
    assert (status, shown) == (0, "")


def test_a_full_reindex_and_an_entity_correction_show_progress_on_a_terminal(tmp_path):
    make_files(tmp_path / "in", 12)
    data = str(tmp_path / "d")
    subprocess.run([*ARCHIVE, "--data", data, "ingest", str(tmp_path / "in")],
                   capture_output=True, timeout=120, check=True)
    status, shown = on_a_pty([*ARCHIVE, "--data", data, "reindex", "--full"])
    assert status == 0
    assert "Reindexing" in shown and "12/12" in shown and "12 articles" in shown
    status, shown = on_a_pty([*ARCHIVE, "--data", data, "entities", "ignore", "harbour"])
    assert status == 0
    assert "Re-extracting" in shown and "12/12" in shown
    status, shown = on_a_pty([*ARCHIVE, "--data", data, "reindex"])  # not full: nothing to show
    assert (status, shown) == (0, "")
