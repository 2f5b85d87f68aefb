"""Quality over the labelled set never drops below the recorded figures (tests/labelled/)."""

import json
from pathlib import Path

import pytest

from archive.evaluate import report

RECORDED = json.loads((Path(__file__).parent / "labelled" / "recorded.json").read_text())


@pytest.mark.parametrize("split", ["dev", "test", "all"])
def test_no_drop_below_recorded(split):
    got = report(split)
    for kind, figures in RECORDED[split].items():
        for name, value in figures.items():
            assert got[kind][name] >= value - 1e-9, (split, kind, name, got[kind][name], value)


def test_labelled_set_is_large_enough_and_sourced():
    from archive.evaluate import load

    articles = load()
    assert len(articles) >= 40
    assert all(a["source"] for a in articles)
    assert {"dev", "test"} == {a["split"] for a in articles}
