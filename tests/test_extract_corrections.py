"""Corrections: aliases and ignores in entities.json, applied to new and stored articles."""

import json
from pathlib import Path

import click
from click.testing import CliRunner

from archive import layout
from archive.extract import Corrections, extract
from archive.ingest import build_article
from archive.model import Document
from archive.store import Store
from web.cli_entities import entities_group

BODY = 'Ye spoke on "Keeping Up" again. Kanye West said so. TMZ reported it.'


def test_alias_finds_and_renames_a_mention():
    c = Corrections(aliases={"Ye": "Kanye West"})
    found = extract("", BODY, corrections=c)
    assert found.people == ("Kanye West",)
    assert [(e.text, e.start) for e in found.entities if e.type == "person"] == [
        ("Ye", 0), ("Kanye West", 32)]


def test_ignore_drops_a_value():
    c = Corrections(ignored={"Kanye West"})
    assert extract("", BODY, corrections=c).people == ()


def test_outlet_alias():
    c = Corrections(aliases={"TMZ": "TMZ.com"}, alias_types={"TMZ": "outlet"})
    assert extract("", BODY, corrections=c).outlets == ("TMZ.com",)


def test_save_and_load(tmp_path):
    c = Corrections({"Ye": "Kanye West"}, {"Ye": "person"}, {"Keeping Up"})
    c.save(tmp_path)
    assert json.loads((tmp_path / "entities.json").read_text()) == {
        "aliases": [{"from": "Ye", "to": "Kanye West", "type": "person"}],
        "ignored": ["Keeping Up"],
    }
    again = Corrections.load(tmp_path)
    assert (again.aliases, again.ignored) == ({"Ye": "Kanye West"}, {"Keeping Up"})


@click.group()
@click.option("--data", type=click.Path(path_type=Path))
@click.pass_context
def cli(ctx, data):
    ctx.obj = {"data": data}


cli.add_command(entities_group)


def run(tmp_path, *args):
    result = CliRunner().invoke(cli, ["--data", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_alias_reextracts_only_affected_articles(tmp_path, monkeypatch):
    import web.cli_support

    synced = []
    monkeypatch.setattr(web.cli_support, "sync_index", lambda store, data: synced.append(data))
    with Store(layout.store(tmp_path)) as store:
        with store.transaction():
            for title, body in [("One", BODY), ("Two", "Nothing about anyone at all.")]:
                store.put(build_article(Document(title, body, "x.txt", origin=title)))
        seq = store.last_seq()
    assert run(tmp_path, "entities", "alias", "Ye", "Kanye West") == (
        "Saved; 1 article changed (0 mapped, 1 re-extracted).\n")
    with Store(layout.store(tmp_path)) as store:
        _, changed, _ = store.changes_since(seq)
        assert [store.get(i).title for i in changed] == ["One"]
    assert synced == [tmp_path]
    out = run(tmp_path, "entities", "list", "--type", "person")
    assert out == "people:\n       1  Kanye West\nalias: Ye -> Kanye West\n"
    run(tmp_path, "entities", "ignore", "Kanye West")
    assert run(tmp_path, "entities", "list", "--type", "person") == (
        "people:\nalias: Ye -> Kanye West\nignored: Kanye West\n")
    run(tmp_path, "entities", "unignore", "Kanye West")
    run(tmp_path, "entities", "unalias", "Ye")
    assert json.loads((tmp_path / "entities.json").read_text()) == {"aliases": [], "ignored": []}


def _two_nunes_articles(tmp_path):

    with Store(layout.store(tmp_path)) as store, store.transaction():
        for i in range(2):
            body = f"Devin Nunes said the memo {i} was accurate. Nunes said more on Monday."
            store.put(build_article(Document(f"Memo {i}", body, "x.txt", origin=str(i))))
        store.put(build_article(Document(
            "Other", "Tom Price said the plan was fine. Price spoke on Monday.", "y.txt",
            origin="y")))


def test_cli_alias_of_a_known_name_maps_without_re_extracting(tmp_path, monkeypatch):
    import archive.entities
    import web.cli_support

    monkeypatch.setattr(web.cli_support, "sync_index", lambda store, data: None)
    _two_nunes_articles(tmp_path)
    calls = []
    monkeypatch.setattr(archive.entities, "_extracted",
                        lambda a, c: calls.append(a.id) or a)
    out = run(tmp_path, "entities", "alias", "Devin Nunes", "Devin G. Nunes")
    assert out == "Saved; 2 articles changed (2 mapped, 0 re-extracted).\n"
    assert calls == []
    assert "       2  Devin G. Nunes\n" in run(tmp_path, "entities", "list", "--type", "person")


def test_cli_merge_and_unmerge(tmp_path, monkeypatch):
    import web.cli_support

    monkeypatch.setattr(web.cli_support, "sync_index", lambda store, data: None)
    _two_nunes_articles(tmp_path)
    assert run(tmp_path, "entities", "merge", "Tom Price", "Devin Nunes") == (
        "Saved; 1 article changed.\n")
    assert run(tmp_path, "entities", "list", "--type", "person").startswith(
        "people:\n       3  Devin Nunes\n")
    assert run(tmp_path, "entities", "unmerge", "Tom Price") == "Saved; 1 article changed.\n"
    out = run(tmp_path, "entities", "list", "--type", "person")
    assert "       1  Tom Price\n" in out
    result = CliRunner().invoke(cli, ["--data", str(tmp_path), "entities", "unmerge", "Nobody"])
    assert result.exit_code == 1 and "not merged" in result.output


def test_cli_entities_show_lists_forms_and_how(tmp_path):
    _two_nunes_articles(tmp_path)
    out = run(tmp_path, "entities", "show", "Devin Nunes")
    assert out == ("Devin Nunes: 2 articles, undated to undated\n"
                   "       2  Devin Nunes (as the article names them)\n")
    entry = json.loads(run(tmp_path, "entities", "show", "Devin Nunes", "--json"))
    assert entry["forms"] == [{"form": "Devin Nunes", "how": "article", "articles": 2}]
    result = CliRunner().invoke(cli, ["--data", str(tmp_path), "entities", "show", "Nobody"])
    assert result.exit_code == 1 and "no person 'Nobody'" in result.output


def test_a_correction_leaves_an_article_too_slow_to_read_as_it_was(tmp_path, monkeypatch):
    """Re-extraction under a correction has the ingest's time limit: an article over it keeps
    its facets (nothing is taken away because the text was slow), and the command says so."""
    import archive.entities
    import web.cli_support

    monkeypatch.setattr(web.cli_support, "sync_index", lambda store, data: None)
    slow = (BODY + " Kim Kardashian agreed on May 1, 2020. ") * 3000
    with Store(layout.store(tmp_path)) as store, store.transaction():
        for title, body in [("Slow", slow), ("Quick", BODY)]:
            store.put(build_article(Document(title, body, "x.txt", origin=title)))
    with Store(layout.store(tmp_path)) as store:
        before = {a.title: a for a in store.iter_articles()}
    monkeypatch.setattr(archive.entities, "TIME_LIMIT", 0.05)
    result = CliRunner().invoke(cli, ["--data", str(tmp_path), "entities", "alias", "Ye",
                                      "Kanye West"])
    assert result.exit_code == 0, result.output
    assert "1 re-extracted" in result.stdout
    assert f"warning: article {before['Slow'].id}: extraction ran over its time limit" \
        in result.stderr
    with Store(layout.store(tmp_path)) as store:
        after = {a.title: a for a in store.iter_articles()}
    assert after["Slow"].entities == before["Slow"].entities
    assert "Kim Kardashian" in after["Slow"].people
    assert "Kanye West" in after["Quick"].people
