"""Extraction time against text size: real news text from 10 KB to 5 MB, in one article.

    python bench/extract_size.py

The audit measured 1 MB at 6.8 s, 2 MB at 25.6 s and 5 MB over 170 s (growing with the square
of the size). Run after main, in one session on the shared machine (2026-12-02): main 5.8, 5.9
and 14.2 s a MB at 1, 2 and 5 MB; with full names looked up in tables and phrases counted where
their first word starts (branch extract-split) 2.7, 2.2 and 2.5 s a MB. Prints seconds and
microseconds a kilobyte for each size, and writes them to bench/out/extract_size.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import corpus  # noqa: E402

from archive.extract import extract  # noqa: E402

SIZES = [10_000, 100_000, 1_000_000, 2_000_000, 5_000_000]


def main() -> None:
    text = "\n".join(" ".join(s.sentences) for s in corpus.stories())
    rows = []
    for size in SIZES:
        body = (text * (size // len(text) + 1))[:size]
        started = time.perf_counter()
        found = extract("A long article", body, None, None)
        seconds = time.perf_counter() - started
        rows.append({"bytes": size, "seconds": round(seconds, 2),
                     "us_per_kb": round(seconds / (size / 1000) * 1e6),
                     "people": len(found.people), "outlets": len(found.outlets)})
        print(rows[-1], flush=True)
    out = HERE / "out" / "extract_size.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
