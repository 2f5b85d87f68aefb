"""The word lists extraction relies on, loaded once from archive/data/."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = files("archive").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _words(name: str) -> frozenset[str]:
    return frozenset(w for ln in _lines(name) for w in ln.split())


@cache
def first_names() -> frozenset[str]:
    """Lowercase given names (US Census 1990), and family names written first ("Xi")."""
    return _words("first_names.txt") | _words("family_names_first.txt")


@cache
def surnames() -> frozenset[str]:
    """Lowercase family names (US Census 1990, the 20,000 most frequent)."""
    return _words("surnames.txt")


@cache
def english_words() -> frozenset[str]:
    """Common lowercase English words (SCOWL size 50), to tell "Song Contest" from a name."""
    return _words("english_words.txt")


@cache
def titles() -> frozenset[str]:
    """Capitalised titles and roles that stand before names, without their dots."""
    return _words("titles.txt")


@cache
def not_names() -> frozenset[str]:
    """Lowercase words that are never part of a person's name."""
    return _words("not_names.txt")


@cache
def breakers() -> frozenset[str]:
    """Lowercase words that make a run of capitals a place, work or organisation."""
    return _words("breakers.txt")


@cache
def places() -> frozenset[str]:
    """Lowercase names of countries, states and cities."""
    return _words("places.txt")


@cache
def cities() -> frozenset[str]:
    """Lowercase names of cities (15,000 people or more), US states and countries (GeoNames)."""
    return frozenset(_lines("cities.txt"))


@cache
def stage_names() -> frozenset[str]:
    """The people of mononyms.txt known by one name ("Madonna"), not the surnames that stand
    alone in the news ("Trump"), which the archive resolves to a full name."""
    text = files("archive").joinpath("data", "mononyms.txt").read_text(encoding="utf-8")
    head = text.split("# Surnames", 1)[0]
    return frozenset(ln.split("|")[0].strip() for ln in head.splitlines()
                     if ln.strip() and not ln.startswith("#"))


@cache
def mononyms() -> dict[str, str]:
    """People known by one name or a short form ("Jay-Z", "Kenny G"): spelling -> name."""
    out = {}
    for line in _lines("mononyms.txt"):
        names = [n.strip() for n in line.split("|")]
        out.update((n, names[0]) for n in names)
    return out


@cache
def organisations() -> frozenset[str]:
    """Firms, parties, groups and clubs whose names read like a person's ("Morgan Stanley")."""
    return frozenset(_lines("organisations.txt"))


def _ascii_key(name: str) -> str:
    return "".join(c for c in name if c.isascii() and (c.isalpha() or c == " "))


@cache
def _organisation_keys() -> frozenset[str]:
    return frozenset(_ascii_key(n) for n in organisations())


def is_organisation(name: str) -> bool:
    """Whether a name is one of organisations(), spelt with or without its accents, or with
    them lost to a bad conversion ("Sinn F\ufffd\ufffdin" is Sinn Féin)."""
    return name in organisations() or (
        not name.isascii() and _ascii_key(name) in _organisation_keys())


@cache
def outlets() -> tuple[tuple[str, str, bool], ...]:
    """(name as written, usual name, ambiguous) for every outlet spelling, longest first."""
    found = []
    for line in _lines("outlets.txt"):
        names = [n.strip() for n in line.split("|")]
        usual = names[0].lstrip("?")
        for n in names:
            found.append((n.lstrip("?"), usual, n.startswith("?")))
    return tuple(sorted(found, key=lambda f: -len(f[0])))


@cache
def outlet_domains() -> dict[str, str]:
    """Registered domain (no "www.") -> the outlet's usual name."""
    pairs = (ln.split("|") for ln in _lines("outlet_domains.txt"))
    return {d.strip(): name.strip() for d, name in pairs}
