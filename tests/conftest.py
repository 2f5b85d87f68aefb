"""Shared fixtures: a temporary archive, and one built from seeds/ for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.ingest import ingest, iter_documents
from archive.model import Document
from archive.store import Store
from index.searching import sync
from web.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path):
    s = Store(data_dir / "archive.db")
    yield s
    s.close()


@pytest.fixture(scope="session")
def seeds_data(tmp_path_factory) -> Path:
    """A data folder with the seeds ingested and indexed; tests must not change it."""
    data = tmp_path_factory.mktemp("seeds-archive")
    with Store(data / "archive.db") as s:
        report = ingest(s, iter_documents([SEEDS]))
        assert report.new == 2 and not report.failed
        sync(s, data)
    return data


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, data_dir: Path):
    """Run the `archive` command on a temporary data folder."""

    def run(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--data", str(data_dir), *args], input=input)

    return run


def doc(title: str, body: str, source: str = "a.txt", **kw) -> Document:
    return Document(title=title, body=body, source=source, origin=kw.pop("origin", source), **kw)
