import json

from tests.conftest import SEEDS

HIT_KEYS = {
    "id", "title", "published", "source", "outlet", "people", "outlets", "snippet", "score",
    "group", "duplicates", "publisher", "cites",
}
FACETS = {"people", "outlets", "publisher", "cites", "published_year", "mentioned_year"}


def test_ingest_then_again_changes_nothing(invoke):
    first = invoke("ingest", str(SEEDS))
    assert first.exit_code == 0, first.output
    assert first.output.startswith("2 new, 0 updated, 0 unchanged, 0 duplicate, 0 failed")
    again = invoke("ingest", str(SEEDS))
    assert again.exit_code == 0, again.output
    assert again.output.startswith("0 new, 0 updated, 2 unchanged, 0 duplicate, 0 failed")
    assert again.output.rstrip().endswith("0 indexed")


def test_ingest_reports_bad_files_and_keeps_the_rest(invoke, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A title\nA body about divorce.\n")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    result = invoke("ingest", str(folder), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1, result.output
    assert "1 new, 0 updated, 0 unchanged, 0 duplicate, 3 failed" in result.output
    assert "error: empty.txt: empty file" in result.output
    assert "error: binary.txt: binary file" in result.output
    assert "missing.txt: no such file or folder" in result.output
    found = json.loads(invoke("search", "divorce", "--json").output)
    assert [h["title"] for h in found["hits"]] == ["A title"]


def test_edited_file_updates_its_article(invoke, tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Story\nFirst version mentions apples.\n")
    invoke("ingest", str(f))
    f.write_text("Story\nSecond version mentions pears.\n")
    result = invoke("ingest", str(f))
    assert "0 new, 1 updated" in result.output
    assert json.loads(invoke("search", "apples", "--json").output)["total"] == 0
    assert json.loads(invoke("search", "pears", "--json").output)["total"] == 1
    assert json.loads(invoke("stats", "--json").output)["articles"] == 1


def test_search_json_contract(invoke):
    invoke("ingest", str(SEEDS))
    result = invoke("search", '"Kenny G"', "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["query"] == '"Kenny G"'
    assert out["total"] == 1 and out["page"] == 1
    [hit] = out["hits"]
    assert set(hit) == HIT_KEYS
    assert hit["source"] == "000_fd8147d0a04f768b.txt"
    assert '<mark class="match term0">Kenny</mark> <mark class="match term1">G</mark>' \
        in hit["snippet"]
    assert "Kanye West" in hit["people"]
    assert FACETS <= set(out["facets"])
    for values in out["facets"].values():
        for v in values:
            assert set(v) == {"value", "count", "selected"}
    assert out["suggestion"] is None


def test_search_text_output_lists_hits_and_facets(invoke):
    invoke("ingest", str(SEEDS))
    result = invoke("search", "divorce")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1-2 of 2 articles")
    assert "Kanye West Keeps Making His Divorce" in result.output
    assert "Facets" in result.output and "People: " in result.output


def test_search_filters_and_sort(invoke):
    invoke("ingest", str(SEEDS))
    out = json.loads(invoke("search", "--person", "Paris Hilton", "--json").output)
    assert [h["source"] for h in out["hits"]] == ["004_3717b05c1210112f.txt"]
    out = json.loads(invoke("search", "", "--sort", "newest", "--limit", "1", "--json").output)
    assert out["total"] == 2 and len(out["hits"]) == 1


def test_malformed_query_is_a_usage_error(invoke):
    invoke("ingest", str(SEEDS))
    result = invoke("search", '"unclosed')
    assert result.exit_code == 2
    assert "unbalanced quotes" in result.output
    assert "Traceback" not in result.output
    assert invoke("search", "x", "--from", "yesterday").exit_code == 2


def test_did_you_mean_in_output(invoke):
    invoke("ingest", str(SEEDS))
    out = json.loads(invoke("search", "divorse", "--json", "--exact").output)
    assert out["suggestion"] == "divorce" and out["total"] == 0
    out = json.loads(invoke("search", "divorse", "--json").output)
    assert (out["query"], out["corrected_from"], out["total"]) == ("divorce", "divorse", 2)
    assert "Showing results for: divorce" in invoke("search", "divorse").output


def test_show_json_has_body_and_entities(invoke):
    invoke("ingest", str(SEEDS))
    hit = json.loads(invoke("search", "Seacrest", "--json").output)["hits"][0]
    result = invoke("show", hit["id"], "--json")
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    assert article["id"] == hit["id"]
    assert article["body"].startswith("Kim Kardashian and Kanye West are easily")
    assert article["entities"], "entities carry their evidence"
    for e in article["entities"]:
        assert set(e) == {"type", "value", "text", "start", "end"}
        assert e["type"] in ("person", "outlet", "date")
        if e["start"] >= 0:
            assert article["body"][e["start"]:e["end"]] == e["text"]


def test_show_text_and_unknown_id(invoke):
    invoke("ingest", str(SEEDS))
    hit = json.loads(invoke("search", "Seacrest", "--json").output)["hits"][0]
    text = invoke("show", hit["id"])
    assert text.exit_code == 0 and "People:" in text.output
    missing = invoke("show", "0000000000000000")
    assert missing.exit_code == 1
    assert "no article with id" in missing.output


def test_stats_and_reindex(invoke):
    invoke("ingest", str(SEEDS))
    stats = json.loads(invoke("stats", "--json").output)
    assert stats["articles"] == stats["index_docs"] == 2
    assert stats["people"] > 0 and stats["outlets"] > 0
    result = invoke("reindex", "--full")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("index rebuilt: 2 indexed")
    assert invoke("reindex").output.startswith("index updated: 0 indexed")


def test_data_folder_from_environment(runner, tmp_path):
    from web.cli import cli

    env = {"NEWS_ARCHIVE_DATA": str(tmp_path / "envdata")}
    assert runner.invoke(cli, ["ingest", str(SEEDS)], env=env).exit_code == 0
    assert (tmp_path / "envdata" / "archive.db").exists()


def test_usage_errors_exit_2(invoke):
    assert invoke("ingest").exit_code == 2
    assert invoke("search", "x", "--sort", "random").exit_code == 2


def test_export_writes_every_matching_row(invoke, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(1003):
        (folder / f"{i}.txt").write_text(f"Harbour {i}\nThe harbour reopened, story {i}.\n")
    (folder / "other.txt").write_text("Other\nNothing about boats.\n")
    assert invoke("ingest", str(folder)).exit_code == 0
    result = invoke("export", "harbour", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 1003 and len({r["id"] for r in rows}) == 1003
    assert set(rows[0]) == {"id", "title", "published", "url", "publisher", "cites", "people",
                            "snippet"}
    assert "harbour reopened" in rows[0]["snippet"].lower() and "<mark" not in rows[0]["snippet"]
    result = invoke("export", "harbour", "--limit", "5")
    assert result.exit_code == 0 and result.output.count("\n") == 6  # the header and 5 rows
    assert invoke("export", '"unclosed').exit_code == 2
