"""Saved searches: add, check twice, and the articles ingested in between appear once."""

from __future__ import annotations

import json

from tests.conftest import SEEDS


def write(folder, name: str, title: str, body: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{title}\n{body}\n")
    return folder / name


def test_new_articles_appear_once_in_the_next_check(invoke, tmp_path):
    assert invoke("ingest", str(SEEDS)).exit_code == 0
    added = invoke("alerts", "add", "kim", "kardashian")
    assert added.output == "Saved 'kim': 2 articles match it now.\n"
    first = invoke("alerts", "check", "kim", "--json")
    assert (first.exit_code, json.loads(first.output)) == (1, {"kim": []})
    write(tmp_path / "in", "a.txt", "Kardashian in Paris", "Kim Kardashian was seen in Paris.")
    write(tmp_path / "in", "b.txt", "Harbour news", "The harbour reopened on Monday.")
    assert invoke("ingest", str(tmp_path / "in")).exit_code == 0
    second = invoke("alerts", "check", "kim", "--json")
    assert second.exit_code == 0
    assert [h["title"] for h in json.loads(second.output)["kim"]] == ["Kardashian in Paris"]
    third = invoke("alerts", "check", "kim")
    assert (third.exit_code, third.output) == (1, "kim: 0 new\n")


def test_filters_are_kept_and_listed(invoke, tmp_path):
    assert invoke("ingest", str(SEEDS)).exit_code == 0
    assert invoke("alerts", "add", "paris", "", "--person", "Kim Kardashian",
                  "--from", "2021").exit_code == 0
    listed = json.loads(invoke("alerts", "list", "--json").output)
    assert [(a["name"], a["q"], a["people"], a["date_from"], a["checked"]) for a in listed] == [
        ("paris", "", ["Kim Kardashian"], "2021", None)]
    write(tmp_path / "in", "old.txt", "Kardashian then", "Kim Kardashian, 5 January 2017.")
    assert invoke("ingest", str(tmp_path / "in")).exit_code == 0
    assert invoke("alerts", "check").output == "paris: 0 new\n"


def test_an_entity_correction_does_not_make_an_article_new_again(invoke, tmp_path):
    write(tmp_path / "in", "a.txt", "Harbour news", "Jane Doe said the harbour reopened.")
    assert invoke("ingest", str(tmp_path / "in")).exit_code == 0
    assert invoke("alerts", "add", "harbour", "harbour").exit_code == 0
    assert invoke("entities", "alias", "Jane Doe", "Jane Q. Doe").exit_code == 0
    assert invoke("alerts", "check", "harbour").output == "harbour: 0 new\n"


def test_unknown_names_and_bad_queries_are_errors(invoke):
    assert invoke("ingest", str(SEEDS)).exit_code == 0
    missing = invoke("alerts", "check", "nope")
    assert (missing.exit_code, missing.output) == (1, "Error: no saved search named 'nope'\n")
    bad = invoke("alerts", "add", "bad", "nosuchfield:x")
    assert bad.exit_code == 2 and "unknown field 'nosuchfield'" in bad.output
    assert invoke("alerts", "list").output.startswith("No saved searches")
    assert invoke("alerts", "add", "../x", "kim").exit_code == 1
    assert invoke("alerts", "remove", "nope").exit_code == 1
