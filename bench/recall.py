"""Does the archive find what SQLite FTS5 finds? Totals of the query mix, side by side.

    python bench/recall.py --articles 10000

Builds the bench corpus (bench/corpus.py), ingests it, loads the same stored articles into
FTS5 (porter unicode61, bench/fts5.py), and runs the mix's term, two-term AND and phrase
queries (bench/run.py's `query_mix`, the same seed) through both, without filters. Reports,
by kind, the summed totals and how many queries differ by more than the tolerance (5% for
terms and ANDs, 2% for phrases), with the worst ones. Writes bench/out/recall-N.json.

FTS5 indexes every word (no stop words) and stems with the original Porter algorithm; the
archive stems with Snowball's English (Porter2) and leaves stop words out, so the two can
differ where those choices differ: the report shows where.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import corpus  # noqa: E402
import run  # noqa: E402
from fts5 import Fts5  # noqa: E402

from archive.store import Store  # noqa: E402
from index.request import SearchRequest  # noqa: E402
from index.searching import Searcher  # noqa: E402

KINDS = {"term + facets": 0.05, "two terms AND + facets": 0.05, "phrase + facets": 0.02}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--reuse", action="store_true", help="keep the archive of an earlier run")
    args = ap.parse_args()
    n = args.articles
    work = HERE / "out" / f"recall-{n}"
    data = work / "data"
    records = corpus.generate(n)
    if not (args.reuse and (data / "archive.db").exists()):
        subprocess.run(["rm", "-rf", str(work)], check=True)
        work.mkdir(parents=True)
        src = corpus.write_jsonl(records, work / "corpus.jsonl")
        subprocess.run([*run.ARCHIVE, "--data", str(data), "ingest", str(src)], check=True,
                       capture_output=True)
    else:  # the index may be older than this code: catch it up (a rebuild if outdated)
        subprocess.run([*run.ARCHIVE, "--data", str(data), "reindex"], check=True,
                       capture_output=True)
    (work / "fts5.db").unlink(missing_ok=True)
    with Store(data / "archive.db") as store:
        articles = list(store.iter_articles())
    fts = Fts5(work / "fts5.db")
    fts.add(articles)
    # The filter kinds need people; they are left out here, so any name does.
    mix = [q for q in run.query_mix(records, ["nobody"]) if q["kind"] in KINDS]
    rows = []
    with Store(data / "archive.db") as store, Searcher(data, store.bodies) as searcher:
        for q in mix:
            ours = searcher.search(SearchRequest(q=q["q"], facets=False, exact=True)).total
            theirs = fts.search(q.get("fts") or q["q"], facets=False)["total"]
            rows.append({"kind": q["kind"], "q": q["q"], "archive": ours, "fts5": theirs})
    report = {"articles": n, "kinds": {}}
    for kind, tolerance in KINDS.items():
        mine = [r for r in rows if r["kind"] == kind]
        off = [r for r in mine if abs(r["archive"] - r["fts5"]) > tolerance * max(r["fts5"], 1)]
        worst = sorted(off, key=lambda r: -abs(r["archive"] - r["fts5"]) / max(r["fts5"], 1))
        report["kinds"][kind] = {
            "queries": len(mine), "archive_total": sum(r["archive"] for r in mine),
            "fts5_total": sum(r["fts5"] for r in mine), "tolerance": tolerance,
            "outside_tolerance": len(off), "worst": worst[:8]}
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / f"recall-{n}.json").write_text(json.dumps(report, indent=1) + "\n")
    for kind, k in report["kinds"].items():
        ratio = k["archive_total"] / max(k["fts5_total"], 1)
        print(f"{kind:24} {k['queries']:3d} queries: archive {k['archive_total']:,} / FTS5 "
              f"{k['fts5_total']:,} ({ratio:.3f}); {k['outside_tolerance']} outside "
              f"{k['tolerance']:.0%}")
        for r in k["worst"][:5]:
            print(f"    {r['q']!r}: {r['archive']} vs {r['fts5']}")


if __name__ == "__main__":
    main()
