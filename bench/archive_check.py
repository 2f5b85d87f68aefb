"""Archive-level checks of the people facet on a real corpus (issue: one name per person).

    python bench/archive_check.py NewsArticles.csv [--sample trump_sample.json] [--data DIR]

Ingests the corpus into a fresh archive (or uses --data as it is), then reports:

- the top 100 of the people facet, and every value there that is a short form or a spelling
  variant of another value there (by `archive.resolve`'s own keys: the same loose tokens, or
  a surname alone, or a first-and-last or suffix shortening);
- with --sample (a hand-made list of articles judged to name Donald Trump, or not), how many
  of those the "Donald Trump" facet value covers;
- the time an alias touching about 1,000 articles takes (`archive entities alias`), and an
  unalias back.

Writes the figures to bench/archive_check.json. Which top-100 values are not people is a
judgement made by reading the printed list; the script does not decide it.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archive.resolve import _shortens, tokens
from archive.store import Store

HERE = Path(__file__).parent


def archive(data: Path, *args: str) -> str:
    exe = Path(sys.executable).with_name("archive")
    out = subprocess.run([str(exe), "--data", str(data), *args], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(out.stderr)
    return out.stdout


def top_people(data: Path, n: int = 100) -> list[tuple[str, int]]:
    listed = json.loads(archive(data, "entities", "list", "--type", "person", "--json"))
    return [(e["value"], e["articles"]) for e in listed["entities"]["person"][:n]]


def overlaps(values: list[str]) -> list[tuple[str, str]]:
    """Pairs (value, other) where value is a short form or variant of other."""
    keys = {v: tokens(v) for v in values}
    out = []
    for v, k in keys.items():
        for o, ko in keys.items():
            if v == o or not k or not ko:
                continue
            same = k == ko and v < o
            surname = len(k) == 1 and len(ko) > 1 and ko[-1] == k[0]
            if same or surname or _shortens(k, ko):
                out.append((v, o))
    return out


def coverage(data: Path, sample: Path, csv_path: Path) -> dict:
    """Of the sampled articles judged to name Donald Trump, how many the facet value covers."""
    judged = json.loads(sample.read_text(encoding="utf-8"))
    rows = {r["article_id"]: r for r in csv.DictReader(open(csv_path, encoding="utf-8"))}
    named = [j for j in judged if j["names_donald_trump"]]
    covered, missed = 0, []
    with Store(data / "archive.db", readonly=True) as store:
        for j in named:
            r = rows[str(j["article_id"])]
            hit = store.db.execute(
                "SELECT people FROM articles WHERE title = ? AND instr(body, ?) > 0",
                (r["title"].strip(), r["text"].strip()[:60])).fetchone()
            if hit and "Donald Trump" in json.loads(hit[0]):
                covered += 1
            else:
                missed.append(j["article_id"])
    return {"sampled": len(judged), "name_him": len(named), "covered": covered,
            "share": round(covered / len(named), 3) if named else None, "missed": missed}


def alias_timing(data: Path) -> dict:
    with Store(data / "archive.db", readonly=True) as store:
        n = store.db.execute("SELECT COUNT(DISTINCT article_id) FROM mentions "
                             "WHERE canonical = 'Donald Trump'").fetchone()[0]
    t0 = time.perf_counter()
    said = archive(data, "entities", "alias", "Donald Trump", "Donald J. Trump").strip()
    alias_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    archive(data, "entities", "unalias", "Donald Trump")
    unalias_s = time.perf_counter() - t0
    return {"articles": n, "alias_s": round(alias_s, 2), "alias_said": said,
            "unalias_s": round(unalias_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("csv", type=Path)
    parser.add_argument("--sample", type=Path)
    parser.add_argument("--data", type=Path)
    args = parser.parse_args()
    tmp = None
    data = args.data
    if data is None:
        tmp = Path(tempfile.mkdtemp())
        data = tmp / "data"
        t0 = time.perf_counter()
        archive(data, "ingest", str(args.csv))
        print(f"ingested in {time.perf_counter() - t0:.1f} s")
    try:
        top = top_people(data)
        pairs = overlaps([v for v, _ in top])
        for i, (v, n) in enumerate(top, 1):
            print(f"{i:3d} {n:5d} {v}")
        print("short forms or variants of another top-100 value:", pairs or "none")
        result = {"top100": top, "overlaps": pairs}
        if args.sample:
            result["donald_trump"] = coverage(data, args.sample, args.csv)
            print("Donald Trump coverage:", result["donald_trump"])
        result["alias"] = alias_timing(data)
        print("alias:", result["alias"])
        (HERE / "archive_check.json").write_text(
            json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        if tmp:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
