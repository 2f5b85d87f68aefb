"""Measure the heaviest queries the hostile audit found, and plain searches while they run.

    python bench/heavy.py --articles 10000

Builds (once, kept in bench/out/heavy-N/) an archive of N articles from bench/corpus.py,
then measures:

- each heavy query kind in one process (median of 3 runs, ms), with what it answered:
  hits, or the budget's error (index/budget.py);
- over HTTP against `archive serve`: the p50/p95 of a mix of plain searches with nobody
  else asking (idle), then while four clients send heavy queries in a loop and give up on
  each after 2 s (as the audit's abandoned `?q=trump~9` did).

Writes bench/out/heavy-N.json and prints a table for bench/RESULTS.md. Every loop is
bounded, and only 127.0.0.1 is asked.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import corpus  # noqa: E402

from archive.store import Store  # noqa: E402
from index.errors import QueryError  # noqa: E402
from index.request import SearchRequest  # noqa: E402
from index.searching import Searcher  # noqa: E402

ARCHIVE = [sys.executable, "-m", "web.cli"]

HEAVY = [
    ("fuzzy, 9 edits", {"q": "trump~9"}),
    ("fuzzy, 3 edits", {"q": "trump~3"}),
    ("fuzzy, 2 edits", {"q": "trump~2"}),
    ("fuzzy, 2 edits, no prefix", {"q": "trump~2/0"}),
    ("fuzzy, 1 edit", {"q": "election~"}),
    ("wildcard ??*", {"q": "??*"}),
    ("wildcard *e*", {"q": "*e*"}),
    ("wildcard a*", {"q": "a*"}),
    ("wildcard co*", {"q": "co*"}),
    ("wildcard tr* AND police", {"q": "tr* AND police"}),
    ("open range [a TO]", {"q": "[a TO]"}),
    ("range [tr TO ts]", {"q": "[tr TO ts]"}),
    ("10,000-character word", {"q": "a" * 10_000}),
    ("900-character word (suggestions)", {"q": "x" * 900}),
    ("five misspelt words", {"q": "trumpp electon polise goverment senatt"}),
    ("200 unknown person= values", {"person": [f"Nobody {i}" for i in range(200)]}),
    ("50 unknown person= values", {"person": [f"Nobody {i}" for i in range(50)]}),
]
# What the four busy clients send over and over while the plain searches are timed.
HEAVY_LOAD = ["trump~2", "co*", "[tr TO ts]", "trump~9", "*e*", "a" * 900]
PLAIN = ["trump", "police", "election", "obama AND clinton", '"white house"', "korea",
         "said", "kim OR kanye", "court NOT trump", "president"]


def build(n: int) -> Path:
    work = HERE / "out" / f"heavy-{n}"
    data = work / "data"
    if (data / "index").exists():
        return data
    work.mkdir(parents=True, exist_ok=True)
    src = corpus.write_jsonl(corpus.generate(n), work / "corpus.jsonl")
    print(f"ingesting {n} articles ...", flush=True)
    subprocess.run([*ARCHIVE, "--data", str(data), "ingest", str(src)], check=True,
                   stdout=subprocess.DEVNULL)
    return data


def request_of(args: dict) -> SearchRequest:
    return SearchRequest(q=args.get("q", ""), people=tuple(args.get("person", ())))


def in_process(data: Path) -> list[dict]:
    out = []
    with Store(data / "archive.db") as store:
        for name, args in HEAVY:
            times, answer = [], ""
            for _ in range(3):
                searcher = Searcher(data, store.bodies)
                t = time.perf_counter()
                try:
                    answer = f"{searcher.search(request_of(args)).total} hits"
                except QueryError as exc:
                    answer = f"{type(exc).__name__}: {exc}"
                times.append((time.perf_counter() - t) * 1000)
            out.append({"kind": name, "ms": round(statistics.median(times), 1),
                        "answer": answer})
            print(f"{out[-1]['ms']:9.1f} ms  {name}: {answer[:90]}", flush=True)
    return out


def _get(url: str, timeout: float) -> tuple[int, float]:
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = 0  # gave up
    return status, (time.perf_counter() - t) * 1000


def percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {"p50": round(times[len(times) // 2], 1),
            "p95": round(times[int(len(times) * 0.95) - 1], 1),
            "max": round(times[-1], 1)}


def plain_round(base: str, rounds: int) -> tuple[list[float], list[int]]:
    times, statuses = [], []
    for i in range(rounds):
        q = PLAIN[i % len(PLAIN)]
        status, ms = _get(f"{base}/api/search?" + urllib.parse.urlencode({"q": q}), 30)
        times.append(ms)
        statuses.append(status)
    return times, statuses


def over_http(data: Path, rounds: int) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*ARCHIVE, "--data", str(data), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if _get(base + "/api/search?q=x", 2)[0] == 200:
                break
            time.sleep(0.1)
        plain_round(base, 20)  # warm every thread's searcher
        idle, idle_status = plain_round(base, rounds)
        stop = threading.Event()
        heavy_status: list[int] = []

        def busy(k: int) -> None:
            i = k
            while not stop.is_set() and len(heavy_status) < 10_000:
                q = HEAVY_LOAD[i % len(HEAVY_LOAD)]
                heavy_status.append(_get(f"{base}/?" + urllib.parse.urlencode({"q": q}), 2)[0])
                i += 1

        clients = [threading.Thread(target=busy, args=(k,)) for k in range(4)]
        for c in clients:
            c.start()
        time.sleep(1)
        loaded, loaded_status = plain_round(base, rounds)
        stop.set()
        for c in clients:
            c.join(30)
        export_status, export_ms = _get(f"{base}/export.json?q=a*", 30)
        export2_status, export2_ms = _get(f"{base}/export.json?q=co*", 30)
    finally:
        server.terminate()
        server.wait(timeout=10)
    counts: dict[str, int] = {}
    for st in heavy_status:
        counts[str(st)] = counts.get(str(st), 0) + 1
    return {
        "plain_idle_ms": percentiles(idle),
        "plain_with_4_heavy_clients_ms": percentiles(loaded),
        "plain_statuses": sorted(set(idle_status + loaded_status)),
        "heavy_requests": len(heavy_status),
        "heavy_statuses": counts,
        "export_a*": {"status": export_status, "ms": round(export_ms, 1)},
        "export_co*": {"status": export2_status, "ms": round(export2_ms, 1)},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=200, help="plain searches timed, each way")
    args = ap.parse_args()
    data = build(args.articles)
    with Store(data / "archive.db") as s:
        articles = s.count()
    results = {"articles": articles, "queries": in_process(data),
               "web": over_http(data, args.rounds)}
    out = HERE / "out" / f"heavy-{args.articles}.json"
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results["web"], indent=2))
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
