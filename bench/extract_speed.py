"""Articles a second for extraction on one core, over the labelled set repeated.

    python bench/extract_speed.py [--repeat 20]

Prints the figure and writes it to bench/extract_speed.txt. The first pass is timed apart:
it loads the word lists and builds the patterns.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from archive.evaluate import load
from archive.extract import extract, outlet_from_url


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
    for _ in range(args.repeat):
        for d in docs:
            extract(*d)
    elapsed = time.perf_counter() - t0
    n = len(docs) * args.repeat
    chars = sum(len(d[1]) for d in docs) / len(docs)
    line = (f"{n / elapsed:.0f} articles/s ({n} articles, mean {chars:.0f} characters, "
            f"one core); first pass {len(docs) / first:.0f} articles/s")
    print(line)
    (Path(__file__).parent / "extract_speed.txt").write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
