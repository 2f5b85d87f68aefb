"""`archive ingest` over every format and every kind of bad input: errors named, the rest kept."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.test_readers import DATA


def search(invoke, query: str) -> list[str]:
    result = invoke("search", query, "--json", "--limit", "100", "--exact")
    assert result.exit_code == 0, result.output
    return sorted(hit["title"] for hit in json.loads(result.output)["hits"])


def test_ingest_every_format_reports_bad_input_and_keeps_the_rest(invoke, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "utf16.txt").write_bytes("Zürich tram news\nTrams run again in Zürich.\n"
                                       .encode("utf-16"))
    (folder / "cp1252.txt").write_bytes("Café prices\nA “fair” price for coffee – at last.\n"
                                        .encode("cp1252"))
    result = invoke("ingest", str(folder))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert sorted(line for line in lines if line.startswith("error: ")) == [
        "error: articles.jsonl:2: invalid JSON: Invalid control character at (column 55)",
        "error: articles.jsonl:5: record 4 is a list, not an object",
        "error: binary.txt: binary file (NUL bytes), not text",
        "error: empty.jsonl: empty file (no JSON lines)",
        "error: missing-columns.csv:3: row 2 has 2 fields, the header 3",
        "error: no-article.html: no article text found in the page",
        "error: no-text-column.csv:1: no text column (expected one of: text, body, content)",
    ]
    summary = next(line for line in lines if " new, " in line)
    assert summary.startswith("20 new, 0 updated, 0 unchanged, 0 duplicate, 7 failed"), summary
    # One good record of each file, found by its words.
    assert search(invoke, "Porthleven") == ["Harbour reopens after winter storms"]
    assert search(invoke, "secretary") == ["Senate confirms the new education secretary"]
    assert search(invoke, "Reykjanes") == ["Volcano erupts near Reykjavik"]
    assert search(invoke, "library") == ["Library extends hours"]
    assert search(invoke, "benches") == ["Parks will get new benches."]
    assert search(invoke, "Geneva") == ["Talks resumed in Geneva on Monday after a week's pause."]
    assert search(invoke, "ferry") == ["Ferry service returns"]
    assert search(invoke, "trams") == ["Zürich tram news"]
    assert search(invoke, "coffee") == ["Café prices"]
    assert search(invoke, "tracking OR Sport OR Copyright") == []  # no page furniture


def test_ingest_again_changes_nothing_and_still_fails(invoke):
    first = invoke("ingest", str(DATA / "articles.jsonl"))
    assert first.exit_code == 1, first.output
    assert "4 new, 0 updated, 0 unchanged, 0 duplicate, 2 failed" in first.output
    again = invoke("ingest", str(DATA / "articles.jsonl"))
    assert "0 new, 0 updated, 4 unchanged, 0 duplicate, 2 failed" in again.output


def test_ingest_json_summary_names_file_and_line(invoke):
    result = invoke("ingest", "--json", str(DATA / "missing-columns.csv"))
    assert result.exit_code == 1, result.output
    out = json.loads(result.output[result.output.index("{"):])
    assert out["new"] == 2
    assert out["failed"] == [
        {"source": "missing-columns.csv", "line": 3, "error": "row 2 has 2 fields, the header 3"}
    ]


def test_ingest_dash_reads_standard_input(invoke):
    result = invoke("ingest", "-", input="Piped story\nA story that came through a pipe.\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed")
    assert search(invoke, "pipe") == ["Piped story"]
    show = json.loads(invoke("search", "pipe", "--json").output)["hits"][0]
    assert show["source"] == "<stdin>"


def test_ingest_empty_standard_input_fails_clearly(invoke):
    result = invoke("ingest", "-", input="")
    assert result.exit_code == 1, result.output
    assert "error: <stdin>: empty file" in result.output


def test_html_without_text_gives_one_error_line_and_no_log_noise(tmp_path):
    # A real process: under pytest, logging is captured and would hide the warning
    # trafilatura logs for such a page ("discarding data"), which must not reach the terminal.
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", "--data", str(tmp_path / "data"), "ingest",
         str(DATA / "no-article.html")],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == "error: no-article.html: no article text found in the page\n"
