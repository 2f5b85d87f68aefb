"""Median in-process search times of a few queries, with facets and snippets, on one archive.

    python bench/search_times.py --data DIR [--runs 30] [--out FILE]

For comparing one archive's searches before and after a change (e.g. with a people overlay of
1,000 articles, and without): run it with each code's Python on copies of one archive. The
first search of each query (reading its postings and tables) is timed apart from the rest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from archive.store import Store
from index.request import SearchRequest
from index.searching import Searcher

QUERIES = {
    "word": dict(q="harbour"),
    "two words": dict(q="trump putin"),
    "person filter": dict(people=("Donald J. Trump",)),
    "person: and a word": dict(q='person:"Donald J. Trump" election'),
    "NOT person:": dict(q='election NOT person:"Donald J. Trump"'),
    "everything, newest": dict(),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    out = {}
    with Store(args.data / "archive.db", readonly=True) as store:
        for name, q in QUERIES.items():
            times = []
            for _ in range(args.runs + 1):
                started = time.perf_counter()
                with Searcher(args.data, store.bodies, store.mention_spans) as s:
                    total = s.search(SearchRequest(**q)).total
                times.append((time.perf_counter() - started) * 1000)
            out[name] = {"total": total, "first_ms": round(times[0], 1),
                         "median_ms": round(statistics.median(times[1:]), 2)}
            print(name, out[name], flush=True)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
