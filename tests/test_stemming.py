"""Word families stay together: Snowball's English stemmer, and older indexes rebuilt."""

from __future__ import annotations

import json

import pytest
from whoosh import fields
from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer

from index.whoosh_backend.schema import build_schema, english_stem
from index.whoosh_backend.writing import _outdated


@pytest.mark.parametrize("a, b", [
    ("educated", "education"), ("operated", "operates"), ("reiterated", "reiterates"),
    ("wiretapping", "wiretap"), ("investigation", "investigated"), ("divorced", "divorcing"),
])
def test_a_word_family_shares_a_stem(a, b):
    assert english_stem(a) == english_stem(b)


@pytest.mark.parametrize("a, b", [("added", "ad"), ("news", "new"), ("organization", "organ")])
def test_different_words_keep_different_stems(a, b):
    assert english_stem(a) != english_stem(b)


def test_search_finds_the_whole_family(invoke, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Schools\nThe minister educated parents on the plan.\n")
    (folder / "b.txt").write_text("Taps\nA wiretap was found in the office.\n")
    (folder / "c.txt").write_text("Ads\nThe ad ran on Monday.\n")
    assert invoke("ingest", str(folder)).exit_code == 0

    def titles(q):
        return [h["title"] for h in json.loads(invoke("search", q, "--json").output)["hits"]]

    assert titles("education") == ["Schools"]
    assert titles("wiretapping") == ["Taps"]
    assert titles("added") == []


def test_an_index_stemmed_with_porter_is_outdated(tmp_path):
    old = build_schema()
    old.remove("body")
    old.add("body", fields.TEXT(analyzer=StemmingAnalyzer()))
    for name, schema in (("old", old), ("new", build_schema())):
        (tmp_path / name).mkdir()
        whoosh_index.create_in(tmp_path / name, schema)
    assert _outdated(tmp_path / "old") and not _outdated(tmp_path / "new")


def test_phrases_match_adjacent_words_and_keep_a_stop_word_s_place(invoke, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Farms\nThe Department of Agriculture said so on Monday.\n")
    (folder / "b.txt").write_text("Envoys\nThe ambassador in Damascus left. A department "
                                  "agriculture fair opened.\n")
    assert invoke("ingest", str(folder)).exit_code == 0

    def titles(q):
        result = invoke("search", q, "--json")
        assert result.exit_code == 0, result.output
        return sorted(h["title"] for h in json.loads(result.output)["hits"])

    assert titles('"department of agriculture"') == ["Farms"]
    assert titles('"department agriculture"') == ["Envoys"]
    assert titles('"ambassador damascus"') == []
    assert titles('"ambassador in damascus"') == ["Envoys"]
    assert titles('"agriculture said"') == ["Farms"]
