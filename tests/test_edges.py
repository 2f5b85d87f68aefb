"""The edges a daily user meets: a mistyped --data folder, a busy port."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

ARCHIVE = [sys.executable, "-m", "web.cli"]


@pytest.mark.parametrize("args", [["search", "divorce"], ["stats"], ["show", "abc"], ["reindex"]])
def test_a_data_folder_that_does_not_exist_is_an_error_naming_it(invoke, data_dir, args):
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert f"Error: no archive in {data_dir}: the folder does not exist" in result.output
    assert not data_dir.exists()


def test_ingest_creates_the_data_folder(invoke, data_dir, tmp_path):
    (tmp_path / "a.txt").write_text("A title\nA body about harbours.\n")
    assert invoke("ingest", str(tmp_path / "a.txt")).exit_code == 0
    assert data_dir.is_dir()
    assert invoke("search", "harbours").exit_code == 0


def test_help_works_without_a_data_folder(invoke):
    result = invoke("search", "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_serve_on_a_busy_port_is_one_line_naming_the_port(seeds_data):
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        done = subprocess.run(
            [*ARCHIVE, "--data", str(seeds_data), "serve", "--port", str(port)],
            capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"Error: cannot serve on 127.0.0.1 port {port} (Address already in use); "
        "another program may be using it: choose another with --port\n"
    )
