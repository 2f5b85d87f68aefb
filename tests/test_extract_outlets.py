"""Outlets: cited outlets, ordinary-word names only in citations, the publisher, URLs."""

import pytest

from archive.extract import extract, outlet_from_url


def outlets(body: str, publisher: str | None = None) -> tuple[str, ...]:
    return extract("", body, None, publisher).outlets


@pytest.mark.parametrize(
    "body, expected",
    [
        ("She filed new documents, according to E! News.", ("E! News",)),
        ("Per her court documents, obtained by People, the marriage is over.", ("People",)),
        ('She is "ready for the small experiences" (via Complex).', ("Complex",)),
        ("Multiple sources confirmed to In Touch that she wants to move on.", ("In Touch",)),
        ("A source told In Touch the couple split.", ("In Touch",)),
        ("TMZ reported the split first.", ("TMZ",)),
        ("The video went viral (H/T Uproxx).", ("Uproxx",)),
        ("Sources tell People the couple split.", ("People",)),
        ("Variety reports the show is cancelled.", ("Variety",)),
        ("LOS ANGELES (Variety.com) - The artist died on Sunday.", ("Variety",)),
        ("The photos were first shared with Us Weekly.", ("Us Weekly",)),
        ("Zypries told public broadcaster Deutschlandfunk in an interview.", ("Deutschlandfunk",)),
        ("mp (DPA/Reuters)", ("dpa", "Reuters")),
        ("The New York Times notes that he has not returned.", ("The New York Times",)),
    ],
)
def test_cited_outlets(body, expected):
    assert outlets(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "People were worried about sending their children to school.",
        "It is a complex problem. Time will tell.",
        "She is a star. Extra time was played.",
        "The variety of dishes was impressive.",
        "He drove, according to the police. People gathered outside.",  # not across a sentence
        "When Time Stopped At Sea is a film about a search.",
    ],
)
def test_word_names_outside_a_citation_are_not_outlets(body):
    assert outlets(body) == ()


def test_publisher_comes_first_without_offsets():
    found = extract("", "TMZ reported it.", None, "HuffPost")
    assert found.outlets == ("HuffPost", "TMZ")
    assert [(e.value, e.start, e.end) for e in found.entities if e.type == "outlet"] == [
        ("HuffPost", -1, -1), ("TMZ", 0, 3)]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://www.huffingtonpost.com/2017/03/16/a.html", "HuffPost"),
        ("http://europe.chinadaily.com.cn/epaper/x.htm", "China Daily"),
        ("https://abcnews.go.com/Politics/story", "ABC News"),
        ("https://www.eonline.com/news/1", "E! News"),
        ("www.tmz.com/2021/01/01/x", "TMZ"),
        ("https://example.org/news", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url, expected):
    assert outlet_from_url(url) == expected
