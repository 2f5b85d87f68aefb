"""No query text or URL argument makes search raise anything but the archive's own QueryError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.store import Store
from index.errors import QueryError
from index.request import SearchRequest
from index.searching import Searcher
from tests.corpus import build

PROPERTY = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SYNTAX = st.sampled_from(
    ['"', "(", ")", "[", "]", "{", "}", ":", "*", "?", "~", "^", "AND", "OR", "NOT", "TO", " ",
     "title:", "body:", "person:", "outlet:", "published:", "-", "+", "2021", "divorce", "kim",
     "\\", "'", "<", ">", "=", "/", "\x00", "é", "2021-02", "[2020 to", "~2", "^3"]
)
QUERIES = st.one_of(
    st.text(max_size=40),
    st.lists(SYNTAX, max_size=12).map("".join),
    st.lists(SYNTAX, max_size=8).map(" ".join),
)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    data = tmp_path_factory.mktemp("props")
    build(data)
    store = Store(data / "archive.db")
    s = Searcher(data, store.bodies)
    yield s
    s.close()
    store.close()


@PROPERTY
@given(q=QUERIES)
@example(q="0~/2")  # a fuzzy prefix longer than the word crashed Whoosh's automaton
@example(q="kim~/9 OR west~2/5")
@example(q='0 OR "0"')  # a phrase of stop words in a nested OR: Whoosh read its missing boost
def test_any_query_text_searches_or_raises_query_error(searcher, q):
    try:
        result = searcher.search(SearchRequest(q=q, per_page=3))
    except QueryError as exc:
        assert str(exc)
    else:
        assert result.total >= len(result.hits)


ARGS = st.dictionaries(
    st.sampled_from(["q", "person", "outlet", "mentioned", "from", "to", "sort", "page",
                     "collapse"]),
    st.one_of(st.text(max_size=12), st.sampled_from(["2021", "2021-13", "0", "-1", "99999999999",
                                                     "newest", "1e3", "2021-02-30"])),
    max_size=6,
)


@PROPERTY
@given(args=ARGS)
def test_any_url_arguments_search_or_raise_query_error(searcher, args):
    try:
        result = searcher.search(SearchRequest.from_args(args))
    except QueryError as exc:
        assert str(exc)
    else:
        assert result.total >= 0
