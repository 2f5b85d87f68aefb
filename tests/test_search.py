import gc
import threading
from collections import Counter

import pytest

from archive.store import Store
from index.errors import QueryError
from index.searching import Searcher, SearchRequest
from index.whoosh_backend.held import OWNER
from tests.corpus import ARTICLES, build


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    build(d)
    return d


@pytest.fixture
def search(data):
    store = Store(data / "archive.db")
    searcher = Searcher(data, store.bodies)

    def run(q="", **kw):
        return searcher.search(SearchRequest(q=q, **kw))

    yield run
    searcher.close()
    store.close()


def titles(result):
    return [h.title for h in result.hits]


def test_title_matches_rank_first(search):
    r = search("divorce")
    assert r.total == 5
    assert titles(r)[0] == "Kim Kardashian files for divorce"


def test_boolean_phrase_and_field_queries(search):
    assert set(titles(search("divorce AND kanye"))) == {
        "Kim Kardashian files for divorce", "Kanye West speaks out",
    }
    assert titles(search("divorce AND title:kanye")) == ["Kanye West speaks out"]
    assert set(titles(search("divorce NOT kim"))) == {
        "Kanye West speaks out", "Senate votes", "Undated notes", "Script <b>title</b>",
    }
    assert titles(search('"election results"')) == ["Election results"]
    assert titles(search("title:senate")) == ["Senate votes"]
    assert titles(search("elect*")) == ["Election results"]
    assert titles(search("senat~")) == ["Senate votes"]


def test_person_and_outlet_in_query_take_whole_names(search):
    assert titles(search('person:"Pete Davidson"')) == ["Pete Davidson and Kim"]
    assert titles(search("outlet:tmz divorce", sort="newest")) == [
        "Kim Kardashian files for divorce", "Script <b>title</b>",
    ]


def test_filters_combine_or_within_and_across_facets(search):
    r = search(people=("Kanye West", "Pete Davidson"))
    assert r.total == 3
    r = search(people=("Kanye West", "Pete Davidson"), outlets=("TMZ",))
    assert titles(r) == ["Kim Kardashian files for divorce"]


def test_filters_match_names_case_insensitively(search):
    assert search(people=("kim kardashian",)).total == 2


def test_a_filter_matching_nothing_gives_nothing(search):
    r = search("divorce", people=("Nobody At All",))
    assert r.total == 0 and r.hits == []


def test_date_range_filters_published(search):
    assert search(date_from="2021").total == 3
    assert search(date_from="2021-11", date_to="2021-11").total == 1
    assert set(titles(search(date_to="2019-12-31"))) == {"Senate votes", "Script <b>title</b>"}
    with pytest.raises(QueryError):
        search(date_from="2021-13")
    with pytest.raises(QueryError):
        search(date_from="2022", date_to="2021")


def test_sort_by_date_puts_undated_last(search):
    newest = [h.published for h in search(sort="newest", per_page=20).hits]
    oldest = [h.published for h in search(sort="oldest", per_page=20).hits]
    dated = sorted(a.published for a in ARTICLES if a.published)
    assert newest == dated[::-1] + [None]
    assert oldest == dated + [None]


def test_pagination(search):
    page1 = search(sort="oldest", per_page=3, page=1)
    page3 = search(sort="oldest", per_page=3, page=3)
    assert page1.total == page3.total == len(ARTICLES)
    assert page1.pages == 3
    assert len(page3.hits) == 1
    assert search(per_page=3, page=99).hits == []


def test_facet_counts_equal_counts_from_the_store(search, data):
    r = search("", per_page=1, facet_limit=100)
    with Store(data / "archive.db") as s:
        everything = list(s.iter_articles())
    people = Counter(p for a in everything for p in a.people)
    outlets = Counter(o for a in everything for o in a.outlets)
    years = Counter(a.published.year for a in everything if a.published)
    mentioned = Counter(y for a in everything for y in a.mentioned_years)
    assert {v.value: v.count for v in r.facets["people"]} == people
    assert {v.value: v.count for v in r.facets["outlets"]} == outlets
    assert {v.value: v.count for v in r.facets["published_year"]} == years
    assert {v.value: v.count for v in r.facets["mentioned_year"]} == mentioned


def test_facets_count_over_all_hits_not_the_page(search):
    r = search("divorce", per_page=1)
    assert len(r.hits) == 1
    assert {v.value: v.count for v in r.facets["outlets"]} == {"TMZ": 2, "People": 1, "Reuters": 1}


def test_selected_facet_keeps_counts_of_its_other_values(search):
    r = search(outlets=("TMZ",))
    outlets = {v.value: (v.count, v.selected) for v in r.facets["outlets"]}
    assert outlets["TMZ"] == (2, True)
    assert outlets["People"] == (2, False)  # what choosing People too would add
    people = {v.value: v.count for v in r.facets["people"]}
    assert people == {"Kim Kardashian": 1, "Kanye West": 1, "Evil Person": 1}


def test_snippets_are_escaped_and_highlighted(search):
    [hit] = search("script").hits
    assert hit.snippet == (
        'Body with &lt;<mark class="match term0">script</mark>&gt;alert(\'x\')'
        '&lt;/<mark class="match term0">script</mark>&gt; and divorce &amp; more.'
    )
    assert hit.title_html == '<mark class="match term1">Script</mark> &lt;b&gt;title&lt;/b&gt;'



def test_snippet_without_match_falls_back_to_escaped_lead(search):
    [hit] = search(people=("Evil Person",)).hits
    assert hit.snippet.startswith("Body with &lt;script&gt;")


def test_empty_query_and_star_match_everything(search):
    assert search("").total == search("*").total == len(ARTICLES)


@pytest.mark.parametrize(
    "q", ['"unclosed phrase', "(divorce", "published:[x to y]", "nofield:value", "divorce)"]
)
def test_malformed_queries_raise_query_error(search, q):
    with pytest.raises(QueryError):
        search(q)


def test_did_you_mean(search):
    r = search("divorse", exact=True)
    assert r.total == 0
    assert r.suggestion == "divorce"
    assert search("divorce").suggestion is None


def test_zero_hits_show_the_suggestions_results(search):
    r = search("divorse")
    assert r.request.q == "divorce" and r.corrected_from == "divorse" and r.total == 5
    assert search("divorce").corrected_from is None


def test_no_suggestion_for_wildcards_and_fuzzy_terms(search):
    assert search("divorcx*").suggestion is None
    assert search("divorcx~").corrected_from is None


def test_more_like_this(data):
    with Store(data / "archive.db") as s, Searcher(data, s.bodies) as searcher:
        similar = searcher.more_like(ARTICLES[0].id)
    assert similar and ARTICLES[0].id not in [h.id for h in similar]


def test_request_from_url_args():
    from werkzeug.datastructures import MultiDict

    args = MultiDict([("q", " divorce "), ("person", "A B"), ("person", "C D"), ("page", "2"),
                      ("from", "2021"), ("sort", "newest"), ("mentioned", "2014")])
    r = SearchRequest.from_args(args)
    assert (r.q, r.people, r.page, r.date_from, r.sort, r.mentioned) == (
        "divorce", ("A B", "C D"), 2, "2021", "newest", (2014,))
    assert SearchRequest.from_args(r.filter_args()).people == ("A B", "C D")
    with pytest.raises(QueryError):
        SearchRequest.from_args({"page": "x"})
    with pytest.raises(QueryError):
        SearchRequest.from_args({"sort": "random"})


@pytest.mark.parametrize(
    "q", ["divorce", "divorce AND kim", "kim OR election", "*", '"election results"', "divor*",
          "divorce NOT kim", 'person:"Kim Kardashian"', "nothingatall", "published:2021"]
)
def test_fast_document_sets_equal_whoosh_matching(data, q):
    import numpy as np

    from index.whoosh_backend import matching, segments
    from index.whoosh_backend.held import OWNER
    from index.whoosh_backend.query import make_parser, parse

    searcher, _, caches = OWNER.searcher(data)
    parsed = parse(make_parser(searcher.schema), q)
    for leaf in segments.leaves(searcher):
        expected = sorted(parsed.docs(leaf))
        assert matching.docs_of(caches, parsed, leaf).tolist() == expected
        assert np.all(np.diff(matching.docs_of(caches, parsed, leaf)) > 0)


def test_facet_limit_keeps_the_top_values_and_the_selected_ones(search):
    r = search("", facet_limit=1)
    assert [(v.value, v.count) for v in r.facets["people"]] == [("Kanye West", 2)]  # a tie: by name
    r = search("", facet_limit=1, people=("Evil Person",))
    assert [(v.value, v.count, v.selected) for v in r.facets["people"]] == [
        ("Kanye West", 2, False), ("Evil Person", 1, True),
    ]


def test_a_threads_searcher_is_closed_when_the_thread_ends(data):
    opened = []

    def work():
        with Store(data / "archive.db") as s, Searcher(data, s.bodies) as searcher:
            assert searcher.search(SearchRequest(q="divorce")).total
            opened.append(searcher._view._s)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    gc.collect()
    assert opened[0].is_closed
    assert all(held.searcher is not opened[0] for held in OWNER.held())
