from whoosh.highlight import HtmlFormatter

from index.whoosh_backend.highlight import matches, snippet, whole


def fmt():
    return HtmlFormatter(tagname="mark", between=" … ")


def test_matches_find_every_form_of_a_stem():
    found = matches("Divorce talk: she divorced him; divorces rise.", {"divorc"})
    assert [m.text for m in found] == ["divorce", "divorced", "divorces"]


def test_snippet_marks_and_escapes():
    text = "A <b>bold</b> claim & a divorce filing."
    assert snippet(text, {"divorc"}, fmt()) == (
        'A &lt;b&gt;bold&lt;/b&gt; claim &amp; a <mark class="match term0">divorce</mark> filing.'
    )


def test_snippet_picks_the_densest_windows_in_text_order():
    filler = "word " * 100
    text = f"kim alone here. {filler}kim and kanye divorce together. {filler}kanye end."
    out = snippet(text, {"kim", "kany", "divorc"}, fmt(), maxchars=60, surround=6, top=1)
    assert out == (
        '… word <mark class="match term0">kim</mark> and <mark class="match term1">kanye</mark> '
        '<mark class="match term2">divorce</mark> …'
    )
    two = snippet(text, {"kim", "kany", "divorc"}, fmt(), maxchars=60, surround=0, top=2)
    assert two == (
        '<mark class="match term0">kim</mark> … <mark class="match term0">kim</mark> and '
        '<mark class="match term1">kanye</mark> <mark class="match term2">divorce</mark> …'
    )


def test_snippet_without_matches_is_empty():
    assert snippet("nothing here", {"divorc"}, fmt()) == ""
    assert snippet("nothing here", set(), fmt()) == ""


def test_whole_marks_titles():
    marked = whole("Kim & Kanye", {"kim"}, fmt())
    assert marked == '<mark class="match term0">Kim</mark> &amp; Kanye'


def test_a_phrase_marks_its_occurrences_only():
    text = "South Korea and North Korea met. North Koreans cheered; Korea again."
    found = matches(text, set(), (("north", "korea"),))
    assert [text[m.startchar:m.endchar] for m in found] == ["North", "Korea"]
    found = matches("A serenade from Kenny G, then Kenny alone.", set(), (("kenny", "g"),))
    assert [m.text for m in found] == ["kenny", "g"]


def test_search_highlights_phrases_and_leaves_excluded_words_unmarked(invoke, tmp_path):
    import json

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "k.txt").write_text(
        "Korea talks\nSouth Korea and North Korea met in Seoul. Trump was not there.\n")
    invoke("ingest", str(tmp_path / "in"))
    hit = json.loads(invoke("search", '"north korea"', "--json").output)["hits"][0]
    assert hit["snippet"].count("<mark") == 2 and "South Korea and" in hit["snippet"]
    hit = json.loads(invoke("search", "--json", "--", "seoul -putin").output)["hits"][0]
    assert hit["snippet"].count("<mark") == 1
    hit = json.loads(invoke("search", "--json", "--", "korea NOT trump").output)["hits"]
    assert hit == []


def test_person_and_outlet_queries_mark_the_mentions(invoke, tmp_path):
    import json

    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"{i}.txt").write_text(
            f"Memo {i}\nDevin Nunes spoke about memo {i} on Monday, Reuters reported. "
            "Nunes said it was accurate.\n")
    invoke("ingest", str(tmp_path / "in"))
    hit = json.loads(invoke("search", 'person:"Devin Nunes"', "--json").output)["hits"][0]
    assert "<mark" in hit["snippet"] and ">Devin Nunes</mark>" in hit["snippet"]
    assert ">Nunes</mark> said" in hit["snippet"]
    hit = json.loads(invoke("search", "cites:Reuters", "--json").output)["hits"][0]
    assert ">Reuters</mark> reported" in hit["snippet"]


def test_a_phrase_is_found_where_its_first_word_stands_inside_figures_and_not_in_a_word():
    """Phrases are looked up from where their first word may start: the second "1" of "1.1"
    starts one, the "s" of "Trump’s" does not."""
    from index.whoosh_backend.highlight import _phrase_matches

    text = "Spending stood at 1.1 percent. Trump’s s plan."
    assert [text[m.startchar:m.endchar] for m in _phrase_matches(text, (("1", "percent"),))] \
        == ["1", "percent"]
    assert [m.startchar for m in _phrase_matches(text, (("s", "plan"),))] == [39, 41]
