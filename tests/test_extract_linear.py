"""Extraction time grows with the text, not with its square: the audit's inputs, which took
from 28 s to minutes, and the lookups rewritten for it, checked against the old ones."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from archive.extract import extract, outlets, people
from archive.extract.people import _SUFFIXES, _is_suffix, _middle_left_out, _resolve

DATA = Path(__file__).resolve().parent.parent / "archive" / "data"


def test_a_long_hyphenated_token_is_read_once():
    """ "Aa-" * 16000 (48 KB) took 42 s: _NAMED_AFTER scanned the token again from each hyphen."""
    text = "Aa-" * 16000
    assert outlets.extract_outlets(text) == []
    found = extract("A title", text + " the Reuters news agency reported.", None, None)
    assert "Reuters" in found.outlets


def test_named_after_still_finds_names_after_a_dash():
    for text, name in [("Source:-Reuters news agency said", "Reuters"),
                       ("an interview-W magazine published", "W"),
                       ("the Kyiv Post newspaper", "Kyiv Post")]:
        assert [m.group(1) for m in outlets._NAMED_AFTER.finditer(text)] == [name]


def test_many_outlets_are_checked_against_those_found_in_one_pass():
    text = ", ".join(["CNN", "TMZ", "People", "E! News"] * 5000) + "."
    found = outlets.extract_outlets(text)
    assert len(found) >= 10_000
    assert {e.value for e in found} >= {"CNN", "TMZ"}


def _words(name: str) -> list[str]:
    return [w.capitalize() for w in (DATA / name).read_text().split() if w.isalpha()][:3000]


def test_112_kb_of_capitalised_words():
    """112 KB of capitalised words took 28 s (_breaker counted the whole run for each word)."""
    rng = random.Random(5)
    surnames = _words("surnames.txt")
    text = " ".join(rng.choice(surnames) for _ in range(15_000))
    assert len(text) > 110_000
    people.extract_people("", text)  # finishes; what it finds in noise does not matter


def test_many_people_resolve_from_tables():
    rng = random.Random(3)
    first, last = _words("first_names.txt"), _words("surnames.txt")
    text = " ".join(f"{rng.choice(first)} {rng.choice(last)} said. {rng.choice(last)} said."
                    for _ in range(600))
    found = people.extract_people("", text)
    assert len({e.value for e in found}) > 300


def _old_resolve(words, fulls):
    """_resolve as it was: each mention compared with every full name."""
    name = " ".join(words)
    if name in fulls:
        return name
    for f in fulls:
        if _is_suffix(words, f.split()):
            return f
    longer = [f for f in fulls if _middle_left_out(words, f.split())]
    if len(longer) == 1:
        return longer[0]
    if len(words) == 1:
        given = [f for f in fulls if f.split()[0] == words[0]]
        if len(given) == 1:
            return given[0]
        if given:
            return ""
        if words[0] in people.lexicon.mononyms():
            return None
    return None


def test_resolve_answers_as_the_old_comparisons_did():
    rng = random.Random(11)
    pool = ["Kim", "Jong", "Un", "Nam", "West", "Kanye", "James", "Harris", "Jackson", "Vance",
            "Cyrus", "R.", *sorted(_SUFFIXES)[:3]]
    for _ in range(300):
        fulls = {" ".join(rng.choice(pool) for _ in range(rng.randint(2, 4))): "body"
                 for _ in range(rng.randint(0, 8))}
        for _ in range(20):
            words = tuple(rng.choice(pool) for _ in range(rng.randint(1, 3)))
            assert _resolve(words, fulls) == _old_resolve(words, fulls), (words, fulls)


@pytest.mark.parametrize("workers", [1, 2])
def test_extraction_past_its_time_limit_stores_the_article_without_its_facets(tmp_path,
                                                                               monkeypatch,
                                                                               workers):
    """A per-document time budget: the text that takes too long is still stored, with its
    publisher from the metadata, and the run says which file it was and goes on."""
    import archive.ingest
    from archive.extract import extract
    from archive.ingest import ingest
    from archive.model import Document
    from archive.store import Store

    body = "Kim Kardashian told People on May 1, 2020 that TMZ was wrong. " * 4000
    assert extract("T", body, None, "CNN", time_limit=0.05).stopped
    quick = extract("T", "Kim Kardashian spoke.", None, "CNN", time_limit=30)
    assert not quick.stopped and quick.people == ("Kim Kardashian",)
    monkeypatch.setattr(archive.ingest, "TIME_LIMIT", 0.05)
    notes = []
    docs = [Document("Long", body, "long.txt", origin="long.txt", outlet="CNN"),
            Document("Short", "Kim Kardashian spoke on Monday.", "short.txt", origin="short.txt")]
    with Store(tmp_path / "archive.db") as store:
        report = ingest(store, docs, on_incomplete=notes.append, workers=workers)
        stored = {a.title: a for a in store.iter_articles()}
    assert report.new == 2 and not report.failed
    assert [n.source for n in notes] == ["long.txt"] == [n.source for n in report.incomplete]
    assert "extraction stopped after 0.05 s" in str(notes[0])
    assert stored["Long"].people == () and stored["Long"].publisher == "CNN"
    assert stored["Short"].people == ("Kim Kardashian",)
    assert "1 stored unextracted" in report.summary()


def test_a_long_story_of_days_is_followed_once():
    """Each day after a full date of its month takes that date's year: found by walking back
    over the days before it, 20,000 of them would be read 200 million times."""
    from datetime import date

    from archive.extract.dates import extract_dates

    text = "On 2 May 2012 it began. " + "On May 9 it went on. " * 20_000
    found = extract_dates(text, date(2017, 5, 20))
    assert (len(found), found[-1].value) == (20_001, "2012-05-09")


@pytest.mark.parametrize("unit", ["Police-Neil Basu ", "Neil Basu "])
def test_a_run_of_thousands_of_name_words(unit):
    """A run of 45,000 capitalised words: a given name was looked for from each word on over
    a copy of the rest (quadratic), and a run kept whole as one name had all its endings
    counted (quadratic in memory). No name has more than ten words."""
    people.extract_people("", unit * 15_000)  # finishes; what it finds in noise does not matter
