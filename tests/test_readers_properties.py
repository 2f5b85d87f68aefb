"""Property-based tests: whatever the input, a reader yields Documents or ReadErrors, nothing else.

The readers are called directly, not through read_file, whose safety net would
turn a reader's bug into a ReadError and hide it from these tests.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import ReadError
from archive.extract.outlets import outlet_from_url
from archive.model import Document
from archive.readers import READERS
from archive.readers.dates import parse_date
from archive.readers.records import FIELDS, title_from_text

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
FIELD_NAMES = sorted({name for names in FIELDS.values() for name in names} | {"id", "Text"})

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), inner, max_size=5),
    max_leaves=20,
)
records = st.dictionaries(
    st.sampled_from(FIELD_NAMES), json_scalars | st.lists(json_scalars, max_size=3), max_size=8
)


def run(ext: str, data: bytes) -> list[Document | ReadError]:
    """Read data as a file of this type; fail on any exception but a ReadError."""
    items: list[Document | ReadError] = []
    try:
        for item in READERS[ext](io.BytesIO(data), "input" + ext):
            items.append(item)
    except ReadError as exc:
        items.append(exc)
    for item in items:
        assert isinstance(item, Document | ReadError), item
        if isinstance(item, Document):
            # Never an empty article: a title with something in it (a headline-only record
            # of an export is an article; its body may be empty).
            assert item.title.strip(), item
        else:
            assert str(item).startswith("input" + ext), item
    return items


@pytest.mark.parametrize("ext", [e for e in READERS if e not in (".html", ".htm", ".xhtml")])
@SETTINGS
@given(data=st.binary(max_size=2000))
def test_any_bytes(ext, data):
    run(ext, data)


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=2000)
    | st.text(max_size=500).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode())
    | st.lists(st.sampled_from(["<p>", "</p>", "<div>", "<article>", "<!--", "<meta charset=",
                                "<title>", "text ", "<script>", "&amp;", "\x00", "é"]),
               max_size=40).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))
)
def test_any_html(data):
    run(".html", data)


@SETTINGS
@given(text=st.text(max_size=500), codec=st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
@pytest.mark.parametrize("ext", [".txt", ".jsonl", ".csv", ".json"])
def test_any_text_in_any_encoding(ext, text, codec):
    run(ext, text.encode(codec, errors="ignore"))


@SETTINGS
@given(value=json_values)
def test_any_json_document(value):
    run(".json", json.dumps(value).encode())
    run(".json", json.dumps({"articles": value}).encode())


@SETTINGS
@given(values=st.lists(json_values | records, max_size=6))
def test_any_json_lines(values):
    items = run(".jsonl", "\n".join(json.dumps(v) for v in values).encode())
    if values:  # one item per non-blank line: nothing is silently dropped
        assert len(items) == len(values)


@SETTINGS
@given(rows=st.lists(records, min_size=1, max_size=6))
def test_any_records_as_json_array(rows):
    items = run(".json", json.dumps(rows, indent=1).encode())
    assert len(items) == len(rows)


@SETTINGS
@given(
    header=st.lists(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), min_size=1, max_size=6),
    rows=st.lists(st.lists(st.text(max_size=30), max_size=7), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_csv(header, rows, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    run(".csv", out.getvalue().encode())


@SETTINGS
@given(value=json_values | st.text(max_size=100))
def test_parse_date_never_raises(value):
    assert parse_date(value) is None or parse_date(value).year >= 1


@SETTINGS
@given(url=st.text(max_size=100) | st.none())
def test_outlet_from_url_never_raises(url):
    assert outlet_from_url(url) is None or isinstance(outlet_from_url(url), str)


@SETTINGS
@given(text=st.text(min_size=1).filter(str.strip))
def test_title_from_text_is_short_and_not_empty(text):
    title = title_from_text(text)
    assert title.strip() and len(title) <= 121
