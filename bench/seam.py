"""Check that moving Whoosh behind the seam (issue 14) changed no answer and no speed.

    python bench/seam.py --articles 30000 --old e2d9ec0

Builds N articles (bench/corpus.py) and ingests them with the OLD revision's code (a git
worktree), so the index is one written before the move; then runs run.py's fixed mix of 300
queries through the old code and through this checkout, in separate processes, alternating
(ROUNDS each), over that same index. Each query's total and top-10 ids must be the same;
the timings are in-process, p50/p95 by the per-query median over the rounds. Writes
bench/out/seam-N.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from collections import Counter  # noqa: E402

import corpus  # noqa: E402
from run import percentiles, query_mix  # noqa: E402

from archive.store import Store  # noqa: E402

ROUNDS = 3
# Runs in the code tree given as argv[1], on the data folder argv[2], the mix in argv[3].
CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from archive.store import Store
try:
    from index.request import SearchRequest
except ImportError:
    from index.query import SearchRequest
from index.searching import Searcher
data, mix = sys.argv[2], json.load(open(sys.argv[3]))
def request_of(q):
    return SearchRequest(q=q["q"], page=q.get("page", 1), facets=q.get("facets", True),
                         people=(q["person"],) if "person" in q else (),
                         date_from=q.get("year"), date_to=q.get("year"))
store = Store(data + "/archive.db", readonly=True)
with Searcher(data, store.bodies) as s:
    for q in mix[:20]:
        s.search(request_of(q))  # warm: open the searcher, read the facet tables
    out = []
    for q in mix:
        t = time.perf_counter()
        r = s.search(request_of(q))
        ms = (time.perf_counter() - t) * 1000
        out.append({"ms": ms, "total": r.total, "ids": [h.id for h in r.hits]})
print(json.dumps(out))
"""


def run(tree: Path, data: Path, mix_file: Path) -> list[dict]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(tree), str(data), str(mix_file)],
                         capture_output=True, text=True, check=True, cwd=tree)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=30_000)
    ap.add_argument("--old", default="e2d9ec0", help="the revision before the seam")
    ap.add_argument("--work", type=Path, default=HERE / "out")
    args = ap.parse_args()
    work = args.work / f"seam-{args.articles}"
    work.mkdir(parents=True, exist_ok=True)
    old = work / "old"
    if not old.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(old), args.old], cwd=ROOT,
                       check=True, capture_output=True)
    records = corpus.generate(args.articles)
    data = work / "data"
    if not (data / "archive.db").exists():
        src = corpus.write_jsonl(records, work / "corpus.jsonl")
        print(f"ingesting {args.articles} articles with {args.old} ...", flush=True)
        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                        "sys.argv = ['archive'] + sys.argv[2:]; from archive.cli import cli; cli()",
                        str(old), "--data", str(data), "ingest", str(src)],
                       check=True, capture_output=True, cwd=old)
    with Store(data / "archive.db", readonly=True) as store:
        people = [p for p, _ in Counter(p for a in store.iter_articles()
                                        for p in a.people).most_common(50)]
    mix = query_mix(records, people)
    mix_file = work / "mix.json"
    mix_file.write_text(json.dumps(mix))
    runs: dict[str, list[list[dict]]] = {"old": [], "new": []}
    for i in range(ROUNDS):
        for name, tree in (("old", old), ("new", ROOT)):
            print(f"round {i + 1}: {name} ...", flush=True)
            runs[name].append(run(tree, data, mix_file))
    first_old, first_new = runs["old"][0], runs["new"][0]
    differ = [q["q"] for q, a, b in zip(mix, first_old, first_new, strict=True)
              if (a["total"], a["ids"]) != (b["total"], b["ids"])]
    result = {"articles": args.articles, "old": args.old, "rounds": ROUNDS,
              "queries": len(mix), "answers_differ": differ}
    for name in ("old", "new"):
        per_query = [statistics.median(r[i]["ms"] for r in runs[name]) for i in range(len(mix))]
        result[name] = percentiles(per_query)
    result["ratio_p50"] = round(result["new"]["p50"] / result["old"]["p50"], 3)
    result["ratio_p95"] = round(result["new"]["p95"] / result["old"]["p95"], 3)
    (args.work / f"seam-{args.articles}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
