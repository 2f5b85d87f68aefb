"""Articles a second for extraction on one core, over the labelled set repeated.

    python bench/extract_speed.py [--repeat 20]

Prints the figure and writes it to bench/extract_speed.txt. The first pass is timed apart:
it loads the word lists and builds the patterns. Then the same articles' people go through the
store's entity registry (recorded and resolved across the archive, 200 a commit), and the
rate with that added is printed too.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path

from archive.evaluate import load
from archive.extract import extract, outlet_from_url
from archive.store import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    docs = [(a["title"], a["body"], date.fromisoformat(a["published"]) if a["published"] else None,
             a.get("publisher") or outlet_from_url(a.get("url"))) for a in load()]
    t0 = time.perf_counter()
    for d in docs:
        extract(*d)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = []
    for _ in range(args.repeat):
        for d in docs:
            found.append(extract(*d).people)
    elapsed = time.perf_counter() - t0
    n = len(docs) * args.repeat
    resolving = _resolve(found)
    chars = sum(len(d[1]) for d in docs) / len(docs)
    line = (f"{n / elapsed:.0f} articles/s ({n} articles, mean {chars:.0f} characters, "
            f"one core); first pass {len(docs) / first:.0f} articles/s; with resolution "
            f"across the archive {n / (elapsed + resolving):.0f} articles/s "
            f"({resolving / n * 1000:.2f} ms an article in the registry)")
    print(line)
    (Path(__file__).parent / "extract_speed.txt").write_text(line + "\n", encoding="utf-8")


def _resolve(people: list[tuple[str, ...]]) -> float:
    """Seconds the store's entity registry takes to record and resolve these articles' people,
    committed 200 at a time as ingest does (each article under its own id)."""
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "archive.db") as store:
        store.db.executescript("DROP TABLE articles; CREATE TABLE articles "
                               "(id TEXT PRIMARY KEY, people TEXT NOT NULL, seq INTEGER)")
        t0 = time.perf_counter()
        for start in range(0, len(people), 200):
            with store.transaction():
                for i in range(start, min(start + 200, len(people))):
                    store.db.execute("INSERT INTO articles VALUES (?, ?, 0)",
                                     (str(i), json.dumps(people[i])))
                    store.registry.add(str(i), people[i])
        return time.perf_counter() - t0


if __name__ == "__main__":
    main()
