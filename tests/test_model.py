from datetime import date

from archive.model import Article, Entity, article_id


def test_id_ignores_spacing_and_unicode_form():
    a = article_id("Kim  Kardashian files", "She filed\r\nin February.")
    b = article_id("Kim Kardashian files", "She filed in February.")
    c = article_id("Kim Kardashian files", "She filed in Febru\u0061ry.")
    assert a == b == c
    assert len(a) == 16


def test_id_changes_with_content():
    assert article_id("T", "body one") != article_id("T", "body two")
    assert article_id("T1", "body") != article_id("T2", "body")


def test_to_dict_round_trips_entities():
    e = Entity("person", "Kim Kardashian", "Kardashian", 10, 20)
    a = Article(
        id="x", title="T", body="B", source="s.txt", published=date(2021, 2, 19),
        people=("Kim Kardashian",), mentioned=("2021-02", "2014"), entities=(e,),
    )
    d = a.to_dict()
    assert d["published"] == "2021-02-19"
    assert d["entities"] == [
        {"type": "person", "value": "Kim Kardashian", "text": "Kardashian", "start": 10, "end": 20}
    ]
    assert Entity.from_dict(d["entities"][0]) == e
    assert a.mentioned_years == (2014, 2021)
