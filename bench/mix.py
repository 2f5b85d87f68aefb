"""Time run.py's 300-query mix over an archive already built, through several code trees.

    python bench/mix.py --data bench/out/big/d100 --articles 100000 --rounds 5 OLD_TREE .

Each tree (a checkout, e.g. a git worktree of an older revision) runs the mix in its own
process over the same data folder, one tree after the other, ROUNDS times (alternating, so
a machine whose speed varies slows them alike). The mix comes from bench/corpus.py's N
articles (as run.py makes it: `--articles` must be the N the archive was built from) and
the archive's 50 most frequent people. Per kind of query: p50 / p95 of each query's median
over the rounds, and of its fastest (less moved by other work on the machine). The first
tree's answers (totals and top-10 ids) are compared with the others'. Writes
bench/out/mix-N.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import corpus  # noqa: E402
from run import percentiles, query_mix  # noqa: E402
from seam import run  # noqa: E402

from archive.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trees", nargs="+", type=Path, help="code trees to time, the first the base")
    ap.add_argument("--data", type=Path, required=True, help="an archive built from the corpus")
    ap.add_argument("--articles", type=int, required=True, help="the corpus's N")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--work", type=Path, default=HERE / "out")
    args = ap.parse_args()
    data, trees = args.data.resolve(), [t.resolve() for t in args.trees]
    args.work.mkdir(parents=True, exist_ok=True)
    mix_file = args.work / f"mix-{args.articles}-queries.json"
    if not mix_file.exists():
        with Store(data / "archive.db", readonly=True) as store:
            people = [p for p, _ in Counter(p for a in store.iter_articles()
                                            for p in a.people).most_common(50)]
        mix_file.write_text(json.dumps(query_mix(corpus.generate(args.articles), people)))
    mix = json.loads(mix_file.read_text())
    runs: dict[Path, list[list[dict]]] = {t: [] for t in trees}
    for i in range(args.rounds):
        for tree in trees:
            print(f"round {i + 1}: {tree} ...", flush=True)
            runs[tree].append(run(tree, data, mix_file))
    kinds = list(dict.fromkeys(q["kind"] for q in mix))
    base = runs[trees[0]][0]
    result: dict = {"articles": args.articles, "rounds": args.rounds, "queries": len(mix),
                    "trees": {}}
    for tree in trees:
        first = runs[tree][0]
        differ = [q["q"] for q, a, b in zip(mix, base, first, strict=True)
                  if (a["total"], a["ids"]) != (b["total"], b["ids"])]
        timing = {}
        for name, pick in (("median", statistics.median), ("fastest", min)):
            per_query = [pick(r[i]["ms"] for r in runs[tree]) for i in range(len(mix))]
            timing[name] = {k: percentiles([t for t, q in zip(per_query, mix, strict=True)
                                            if k == "all" or q["kind"] == k])
                            for k in [*kinds, "all"]}
        result["trees"][str(tree)] = {"answers_differ": differ, **timing}
    out = args.work / f"mix-{args.articles}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\n{'kind':26s}" + "".join(f" | {t.name[:22]:>22s}" for t in trees))
    for name in ("median", "fastest"):
        print(f"-- p50 / p95 ms, each query's {name} of {args.rounds}")
        for k in [*kinds, "all"]:
            cells = [result["trees"][str(t)][name][k] for t in trees]
            print(f"{k:26s}" + "".join(f" | {c['p50']:9.1f} / {c['p95']:8.1f}" for c in cells))
    for tree in trees[1:]:
        differ = result["trees"][str(tree)]["answers_differ"]
        print(f"{tree}: {len(differ)} answers differ from {trees[0]}'s {differ[:10]}")
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
