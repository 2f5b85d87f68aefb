"""Publisher and cited outlets apart: a "published by" facet and a "cites" facet."""

from __future__ import annotations

import json

from archive.model import Article, Entity

CSV = "\n".join([
    "title,text,date,url",
    'Vote on Monday,"The Senate voted on Monday, Reuters reported. The New York Times said '
    'more.",2017-02-07,https://abcnews.go.com/a',
    'Reactions abroad,"(CNN)Leaders reacted on Tuesday, according to Reuters.",2017-02-08,',
    'Moscow briefing,"MOSCOW, February 7. /TASS/. The ministry said so, TASS and RIA Novosti '
    'reported.",2017-02-07,',
]) + "\n"


def test_publisher_from_metadata_then_dateline():
    body = "MOSCOW, February 7. /TASS/. In Moscow, CNN reported."
    a = Article(id="x", title="t", body=body, source="s", entities=(
        Entity("outlet", "TASS", "TASS", 21, 25), Entity("outlet", "CNN", "CNN", 39, 42)))
    assert (a.publisher, a.cites) == ("TASS", ("CNN",))
    a = Article(id="x", title="t", body="(CNN)Iran said. Reuters reported.", source="s",
                entities=(Entity("outlet", "CNN", "CNN", 1, 4),
                          Entity("outlet", "Reuters", "Reuters", 16, 23)))
    assert (a.publisher, a.cites) == ("CNN", ("Reuters",))
    a = Article(id="x", title="t", body="CNN said so.", source="s", outlet="BBC",
                entities=(Entity("outlet", "BBC", "BBC", -1, -1),
                          Entity("outlet", "CNN", "CNN", 0, 3)))
    assert (a.publisher, a.cites) == ("BBC", ("CNN",))


def test_search_filters_and_facets_by_publisher_and_cites(invoke, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")
    assert invoke("ingest", str(path)).exit_code == 0

    def search(*args):
        result = invoke("search", *args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    out = search("")
    facets = {k: {v["value"]: v["count"] for v in out["facets"][k]} for k in out["facets"]}
    assert facets["publisher"] == {"ABC News": 1, "CNN": 1, "TASS": 1}
    assert facets["cites"] == {"Reuters": 2, "The New York Times": 1, "TASS": 1,
                               "RIA Novosti": 1}
    assert facets["outlets"]["Reuters"] == 2
    assert [h["title"] for h in search("", "--publisher", "CNN")["hits"]] == ["Reactions abroad"]
    cites = search("", "--cites", "Reuters", "--sort", "oldest")
    assert [h["title"] for h in cites["hits"]] == ["Vote on Monday", "Reactions abroad"]
    assert all("Reuters" not in h["publisher"] for h in cites["hits"])
    assert search('publisher:"ABC News"')["total"] == 1
    assert search("cites:TASS")["total"] == 1


def test_a_dateline_after_the_lead_paragraph_is_the_publisher_not_a_citation():
    """Exports that put the lead before the dateline ("... Putin said MOSCOW, February 23.
    /TASS/. Russia will ...") named the publisher among the outlets the text cites."""
    from archive.model import Entity, _is_dateline

    def entity(body, name):
        i = body.index(name)
        return Entity(type="outlet", value=name, text=name, start=i, end=i + len(name))

    for body, name in [('"Good," Putin said MOSCOW, February 23. /TASS/. Russia will', "TASS"),
                       ("he said. BEIJING (Reuters) - China's exports", "Reuters"),
                       ("the minister said ST. PETERSBURG, March 2. /TASS/. The", "TASS"),
                       ("KUMERTAU (Bashkiria), March 30. /TASS/. The plant", "TASS")]:
        assert _is_dateline(body, entity(body, name)), body
    for body, name in [("he told TASS. More", "TASS"), ("according to (Reuters) data", "Reuters"),
                       ("as Interfax/TASS/ reported", "TASS")]:
        assert not _is_dateline(body, entity(body, name)), body
