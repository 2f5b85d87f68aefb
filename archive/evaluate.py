"""Measure extraction against the labelled set: precision, recall and F1 per entity type.

    python -m archive.evaluate [--split dev|test|all] [--errors] [--json]

The labelled set lives in tests/labelled/ (see its README): 530 real articles whose people,
outlets and dates were written down by hand. Scores are micro-averaged over articles: every
(article, value) pair is one item. People are compared without accents ("Beyonce" is
"Beyoncé"), outlets without a leading "The".
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from archive.extract import extract, outlet_from_url
from archive.model import Article

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "labelled"
TYPES = ("people", "outlets", "dates")
# Scored where the labels give them (from the eleventh round on): outlets split in two.
OUTLET_PARTS = ("publisher", "cites")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "tp": self.tp, "fp": self.fp, "fn": self.fn}


def load(folder: Path = LABELLED) -> list[dict]:
    """Return the labelled articles, each with its `labels`."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    articles = []
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        a["labels"] = labels[a["id"]]
        articles.append(a)
    return articles


def predict(article: dict) -> dict[str, set[str]]:
    """Run the extractor on one labelled article as ingest would: publisher from the URL."""
    published = date.fromisoformat(article["published"]) if article["published"] else None
    publisher = article.get("publisher") or outlet_from_url(article.get("url"))
    found = extract(article["title"], article["body"], published, publisher)
    art = Article(id="", title=article["title"], body=article["body"], source="",
                  outlet=publisher, entities=found.entities)
    return {"people": set(found.people), "outlets": set(found.outlets),
            "dates": set(found.mentioned),
            "publisher": {art.publisher} if art.publisher else set(), "cites": set(art.cites)}


def _outlet_key(name: str) -> str:
    """An outlet's name for comparison: "The Baltimore Sun" and "Baltimore Sun" are one paper,
    "Rossiya-1" and "Rossiya 1" one channel."""
    return (name[4:] if name.startswith("The ") else name).replace("-", " ")


def _person_key(name: str) -> str:
    """A person's name for comparison: "Beyonce" and "Beyoncé" are one singer (the extractor
    writes a known mononym with its accents; the labels keep the article's spelling)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


KEYS = {"people": _person_key, "outlets": _outlet_key, "dates": str, "publisher": _outlet_key,
        "cites": _outlet_key}


def evaluate(articles: list[dict], errors: list | None = None) -> dict[str, Score]:
    """Score the extractor over these articles; append each miss to `errors` if given."""
    parts = [t for t in OUTLET_PARTS if articles and all(t in a["labels"] for a in articles)]
    scores = {t: Score() for t in (*TYPES, *parts)}
    for a in articles:
        got = predict(a)
        for t in scores:
            got[t] = {KEYS[t](v) for v in got[t]}
            label = a["labels"][t]
            want = {KEYS[t](v) for v in ([label] if isinstance(label, str) else label or [])}
            s = scores[t]
            s.tp += len(got[t] & want)
            s.fp += len(got[t] - want)
            s.fn += len(want - got[t])
            if errors is not None and got[t] != want:
                errors.append(
                    (a["id"], a["split"], t, sorted(got[t] - want), sorted(want - got[t])))
    return scores


def report(split: str = "all") -> dict[str, dict]:
    """Return the figures for one split ("dev", "test" or "all") as plain dicts."""
    articles = [a for a in load() if split == "all" or a["split"] == split]
    return {t: s.to_dict() for t, s in evaluate(articles).items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m archive.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "test", "all"), default=None)
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    splits = [args.split] if args.split else ["dev", "test", "all"]
    articles = load()
    out = {}
    for split in splits:
        chosen = [a for a in articles if split == "all" or a["split"] == split]
        errors: list = []
        scores = evaluate(chosen, errors)
        out[split] = {t: s.to_dict() for t, s in scores.items()}
        if args.json:
            continue
        print(f"{split} ({len(chosen)} articles)")
        print(f"  {'type':8} {'precision':>9} {'recall':>7} {'F1':>6}   tp  fp  fn")
        for t, s in scores.items():
            print(f"  {t:8} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}  "
                  f"{s.tp:3d} {s.fp:3d} {s.fn:3d}")
        if args.errors:
            for aid, sp, t, extra, missed in errors:
                print(f"    {aid} [{sp}] {t}: extra {extra} missed {missed}")
    if args.json:
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
