"""Round 15: pick 40 unused NewsArticles.csv articles, uniformly at random (random.Random(1515)).

As select_round13.py: round 12's draw, record format and candidates (bodies of 500 to 3,500
characters with a publish_date, not named in tests/labelled/articles.jsonl as it was before the
fifteenth round: rounds 1-14, 570 records), with its own seed. A plain uniform sample.
The labels were written by hand from the texts; this script only chooses and writes them.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import select_round12  # noqa: E402  (the same draw, record format and candidates)

SEED = 1515
N = 40

if __name__ == "__main__":
    select_round12.main(seed=SEED, n=N, out=HERE / "articles.jsonl")
