"""Exclusion and inclusion as people type them, and lowercase operators (index.reading)."""

from __future__ import annotations

import json

import pytest

from index.reading import Reading, read


@pytest.mark.parametrize("typed, reading", [
    ("Putin -Trump", Reading("Putin NOT Trump", "Putin AND NOT Trump")),
    ('putin -"white house"', Reading('putin NOT "white house"', 'putin NOT "white house"')),
    ("+trump putin", Reading("trump putin", "trump AND putin")),
    ("-trump", Reading("NOT trump", "NOT trump")),
    ("trump not putin", Reading("trump not putin", "trump AND putin", "trump NOT putin")),
    ("kim or kanye", Reading("kim or kanye", "kim AND kanye", "kim OR kanye")),
    ("trump NOT putin", Reading("trump NOT putin", "trump NOT putin")),
    # Hyphens inside words and a dash alone are not exclusions; "not" first is a word.
    ("al-Assad", Reading("al-Assad", "al-Assad")),
    ("Kim Jong-un", Reading("Kim Jong-un", "Kim AND Jong-un")),
    ("not guilty", Reading("not guilty", "not guilty")),
])
def test_read(typed, reading):
    assert read(typed) == reading


@pytest.fixture
def archive(invoke, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "both": "Putin met Trump in Helsinki on Monday.",
        "putin": "Putin spoke in Moscow about the economy.",
        "trump": "Trump spoke at the White House about taxes.",
        "house": "Putin visited a white house by the sea.",
    }
    for name, body in texts.items():
        (folder / f"{name}.txt").write_text(f"{name.title()} story\n{body}\n", encoding="utf-8")
    assert invoke("ingest", str(folder)).exit_code == 0

    def search(q: str) -> dict:
        result = invoke("search", "--json", "--", q)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    return search


def test_minus_excludes_words_and_phrases(archive):
    titles = lambda out: sorted(h["title"] for h in out["hits"])  # noqa: E731
    assert titles(archive("putin -trump")) == ["House story", "Putin story"]
    assert titles(archive('putin -"white house"')) == ["Both story", "Putin story"]
    assert titles(archive("-putin")) == ["Trump story"]
    out = archive("putin not trump")
    assert titles(out) == ["Both story"]
    assert out["understood"] == "putin AND trump" and out["operators"] == "putin NOT trump"


def test_results_say_how_the_query_was_read(invoke, archive):
    result = invoke("search", "putin not trump")
    assert "Searched for: putin AND trump" in result.output
    assert "Did you mean: putin NOT trump" in result.output


def test_reading_keeps_every_character_it_does_not_rewrite():
    assert read('"unclosed phrase').text == '"unclosed phrase'
    assert read("a  (b OR c)").text == "a  (b OR c)"
