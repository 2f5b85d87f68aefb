"""What one article costs at each stage of an ingest, on one core, and what that allows.

    python bench/cost.py [--articles 2000]

Builds the benchmark's articles (bench/corpus.py), then times each stage over all of them
in this one process: reading the JSON Lines file, extraction (people, outlets, dates), the
near-duplicate signature, storing (SQLite, with the near-duplicate lookup), and indexing
(Whoosh with the archive's codec and text fields, then the "did you mean" vocabulary), as
an incremental sync does it. The sum is the CPU an article needs; on C cores an ingest can
go no faster than C / sum, however well the stages overlap. Writes bench/cost.txt.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import corpus  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402

from archive import dedupe  # noqa: E402
from archive.extract import warm  # noqa: E402
from archive.ingest import build_article  # noqa: E402
from archive.readers import read_file  # noqa: E402
from archive.store import Store  # noqa: E402
from index.whoosh_backend import writing  # noqa: E402
from index.whoosh_backend.internals import ArrayCodec  # noqa: E402
from index.whoosh_backend.schema import build_schema, to_document  # noqa: E402
from index.whoosh_backend.spelling import Vocabulary  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cost-"))
    path = corpus.write_jsonl(corpus.generate(args.articles, start=10**6), work / "a.jsonl")
    warm()
    times: dict[str, float] = {}

    def timed(stage: str, fn):
        t = time.process_time()
        result = fn()
        times[stage] = time.process_time() - t
        return result

    docs = timed("read (JSON Lines)", lambda: list(read_file(path)))
    articles = timed("extract (people, outlets, dates)",
                     lambda: [build_article(d) for d in docs])
    sigs = timed("near-duplicate signature",
                 lambda: [dedupe.signature(a.body) for a in articles])

    def store_all() -> None:
        with Store(work / "archive.db") as store:
            for i in range(0, len(articles), 200):
                with store.transaction():
                    for a, sig in zip(articles[i:i + 200], sigs[i:i + 200], strict=True):
                        store.put(a, sig)

    timed("store (SQLite, duplicate lookup)", store_all)

    def index_all() -> None:
        ix = whoosh_index.create_in(work, build_schema())
        for i in range(0, len(articles), writing.SEGMENT_DOCS):
            part = articles[i:i + writing.SEGMENT_DOCS]
            writer = ix.writer(compound=False, codec=ArrayCodec(), limitmb=writing.LIMIT_MB)
            for a in part:
                writer.add_document(**to_document(a))
            writer.commit(merge=False)
            vocabulary = Vocabulary(work)
            vocabulary.add(a.title + "\n" + a.body for a in part)
            vocabulary.close()

    timed("index (Whoosh, arrays, vocabulary)", index_all)

    n = len(articles)
    chars = sum(len(a.body) for a in articles) / n
    total = sum(times.values())
    lines = [f"{n} articles of {chars:,.0f} characters, CPU ms an article on one core:"]
    lines += [f"  {stage:36} {seconds / n * 1000:6.2f}" for stage, seconds in times.items()]
    lines.append(f"  {'total':36} {total / n * 1000:6.2f}")
    lines.append(f"ceiling on 2 cores, stages perfectly overlapped: {2 * n / total:.0f} articles/s")
    text = "\n".join(lines)
    print(text)
    (HERE / "cost.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
