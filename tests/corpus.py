"""A small corpus with known facets, stored and indexed without extraction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from archive.model import Article, article_id
from archive.store import Store
from index.searching import sync

# (title, body, published, people, outlets, mentioned)
ROWS = [
    ("Kim Kardashian files for divorce", "Kim Kardashian filed for divorce from Kanye West.",
     date(2021, 2, 19), ("Kim Kardashian", "Kanye West"), ("TMZ",), ("2021-02",)),
    ("Kanye West speaks out", "The rapper said he wants his family back. Divorce talk again.",
     date(2021, 12, 6), ("Kanye West",), ("People",), ("2021-12", "2014")),
    ("Pete Davidson and Kim", "Kim Kardashian was seen with Pete Davidson in New York.",
     date(2021, 11, 3), ("Kim Kardashian", "Pete Davidson"), ("E! News", "People"), ()),
    ("Election results", "The election results were counted overnight in Ohio.",
     date(2020, 11, 4), ("Joe Biden",), ("CNN",), ("2020-11-03",)),
    ("Senate votes", "The senate voted on the budget. Divorce was not on the agenda.",
     date(2019, 5, 1), (), ("Reuters",), ()),
    ("Undated notes", "A divorce lawyer talked about custody and property.",
     None, (), (), ("2009",)),
    ("Script <b>title</b>", "Body with <script>alert('x')</script> and divorce & more.",
     date(2018, 1, 1), ("Evil Person",), ("TMZ",), ()),
]


def article(n: int, row: tuple) -> Article:
    title, body, published, people, outlets, mentioned = row
    return Article(
        id=article_id(title, body), title=title, body=body, source=f"{n:03}.txt",
        origin=f"/corpus/{n:03}.txt", published=published, people=people, outlets=outlets,
        mentioned=mentioned,
    )


ARTICLES = [article(n, row) for n, row in enumerate(ROWS)]


def build(data: Path, articles=ARTICLES, full: bool = False) -> None:
    with Store(data / "archive.db") as s:
        with s.transaction():
            for a in articles:
                s.put(a)
        sync(s, data, full=full)
