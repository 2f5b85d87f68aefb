"""A damaged index is named, not hidden: every corrupted index file, a lost link or folder, and
an index that disagrees with the store say "run `archive reindex --full`", which fixes each."""

from __future__ import annotations

import gc
import shutil
import warnings
from pathlib import Path

import pytest

from archive.store import Store
from index.errors import IndexDamaged
from index.whoosh_backend.schema import to_document
from index.whoosh_backend.writing import live_dir, open_index
from tests.conftest import SEEDS
from web import create_app
from web.cli import cli

MESSAGE = "the index is damaged: run `archive reindex --full`"

# Whoosh leaves a damaged segment's other files open when it fails to read it (its leak, not
# the archive's): they are closed when collected, here, without failing the test.
pytestmark = [pytest.mark.filterwarnings("ignore::ResourceWarning"),
              pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")]


@pytest.fixture(autouse=True)
def collect_leaked_files():
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gc.collect()


def _garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(16, len(data), 3):
        data[i] = (data[i] * 7 + 13) % 256
    path.write_bytes(bytes(data))


def _double(data: Path) -> None:
    """Add a second entry for a stored article, as the racing rebuild did."""
    with Store(data / "archive.db") as s:
        article = next(s.iter_articles())
    writer = open_index(data).writer()
    writer.add_document(**to_document(article))
    writer.commit()


DAMAGE = {
    "truncated toc": lambda gen, data: (lambda f: f.write_bytes(f.read_bytes()[:50]))(
        next(gen.glob("*.toc"))),
    "deleted toc": lambda gen, data: next(gen.glob("*.toc")).unlink(),
    "deleted pst": lambda gen, data: next(gen.glob("*.pst")).unlink(),
    "garbled trm": lambda gen, data: _garble(next(gen.glob("*.trm"))),
    "deleted index link": lambda gen, data: (data / "index").unlink(),
    "deleted generation folder": lambda gen, data: shutil.rmtree(gen),
    "doubled entry": lambda gen, data: _double(data),
}


@pytest.fixture
def damaged(request, tmp_path, runner):
    data = tmp_path / "data"
    result = runner.invoke(cli, ["--data", str(data), "ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    DAMAGE[request.param](live_dir(data), data)
    return data


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_the_cli_names_a_damaged_index_and_reindex_full_fixes_it(damaged, runner):
    for args in (["search", "kim"], ["stats"]):
        result = runner.invoke(cli, ["--data", str(damaged), *args])
        assert result.exit_code == 1, result.output
        assert MESSAGE in result.output
        assert "Traceback" not in result.output and "No articles match" not in result.output
    result = runner.invoke(cli, ["--data", str(damaged), "reindex", "--full"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["--data", str(damaged), "search", "kim"])
    assert result.exit_code == 0 and result.output.startswith("1-2 of 2 articles"), result.output


@pytest.mark.parametrize("damaged", ["truncated toc", "deleted pst", "garbled trm",
                                     "deleted index link", "doubled entry"], indirect=True)
def test_the_web_answers_503_naming_the_damage(damaged):
    client = create_app({"DATA_DIR": str(damaged), "TESTING": True}).test_client()
    r = client.get("/?q=kim")
    assert r.status_code == 503
    assert "reindex --full" in r.get_data(as_text=True)
    r = client.get("/api/search?q=kim")
    assert r.status_code == 503 and r.is_json
    assert r.get_json()["error"].startswith(MESSAGE)


def test_a_never_indexed_archive_is_not_damaged(tmp_path):
    from index.searching import Searcher

    with Store(tmp_path / "archive.db") as s, Searcher(tmp_path, s.bodies) as searcher:
        assert searcher.doc_count() == 0


def test_an_ingest_into_a_damaged_index_stores_and_says_what_to_run(tmp_path, runner):
    data = tmp_path / "data"
    runner.invoke(cli, ["--data", str(data), "ingest", str(SEEDS)])
    next(live_dir(data).glob("*.pst")).unlink()
    more = tmp_path / "more.txt"
    more.write_text("Harbour news\nThe harbour reopened on Monday.\n")
    result = runner.invoke(cli, ["--data", str(data), "ingest", str(more)])
    assert result.exit_code == 1 and MESSAGE in result.output, result.output
    with Store(data / "archive.db") as s:
        assert s.count() == 3  # stored: the rebuild will index it
    assert runner.invoke(cli, ["--data", str(data), "reindex", "--full"]).exit_code == 0
    result = runner.invoke(cli, ["--data", str(data), "search", "harbour"])
    assert result.output.startswith("1-1 of 1 article"), result.output


def test_index_damaged_is_an_archive_error():
    assert str(IndexDamaged("x.pst is missing")) == f"{MESSAGE} (x.pst is missing)"
