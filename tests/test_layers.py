"""The layers: archive/ below index/ below web/ (the web app and the CLI), and Whoosh behind
one seam (index/whoosh_backend/). Read from the code's import statements, functions' too."""

import ast
import pickle
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imports(package: str) -> list[tuple[str, str]]:
    """(module file, imported module) for every import in the package's files."""
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(), rel)):
            if isinstance(node, ast.Import):
                out += [(rel, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                out.append((rel, node.module))
    return out


def top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("package", ["archive", "index", "web"])
def test_only_the_whoosh_backend_imports_whoosh(package):
    outside = [(f, m) for f, m in imports(package)
               if top(m) == "whoosh" and not f.startswith("index/whoosh_backend/")]
    assert outside == []


def test_the_core_imports_neither_the_index_nor_the_front_ends():
    assert [(f, m) for f, m in imports("archive") if top(m) in ("index", "web")] == []


def test_the_index_does_not_import_the_front_ends():
    assert [(f, m) for f, m in imports("index") if top(m) == "web"] == []


def test_the_front_ends_see_only_the_index_front():
    """The web app and the CLI import the request, results, kinds and searching modules of
    index/, never the Whoosh backend's."""
    assert [(f, m) for f, m in imports("web") if m.startswith("index.whoosh_backend")] == []


def test_the_index_front_reaches_the_backend_only_through_the_seam():
    allowed = {"index/schema.py"}  # the alias for indexes pickled before the move
    inside = [(f, m) for f, m in imports("index")
              if m.startswith("index.whoosh_backend") and not f.startswith("index/whoosh_backend/")
              and f not in allowed]
    assert inside == []


def test_indexes_written_before_the_move_still_unpickle_their_field_classes():
    from index.whoosh_backend.schema import FastText, build_schema

    field = build_schema()["body"]
    new = pickle.dumps(field, protocol=2)
    old = new.replace(b"index.whoosh_backend.schema", b"index.schema")
    assert old != new
    assert type(pickle.loads(old)) is FastText


def test_the_command_groups_do_not_import_the_cli_back():
    """web/cli.py imports its command groups; they share web/cli_support.py, not web/cli.py."""
    back = [(f, m) for f, m in imports("web") if m == "web.cli" and f != "web/cli.py"]
    assert back == []
