"""Measure the archive at scale, side by side with a plain SQLite FTS5 baseline.

    python bench/run.py --articles 10000

One run builds N articles (bench/corpus.py), then measures: end-to-end ingest
(`archive ingest`: read, extract, store, index) in articles/s and its peak memory;
a full reindex; a fixed mix of 300 queries (p50/p95 by kind); the first query
after opening; adding 100 articles (eight times: the median and the slowest); the
index size; and the web server's peak memory while it answers the mix over HTTP.
The same corpus and queries go through FTS5 in the same run, so each figure also
has a ratio. Numbers are written to bench/out/results-N.json and printed as a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import corpus  # noqa: E402
from fts5 import Fts5  # noqa: E402

from archive.store import Store  # noqa: E402
from index.request import SearchRequest  # noqa: E402
from index.searching import Searcher  # noqa: E402

ARCHIVE = [sys.executable, "-m", "web.cli"]
ADDS = 8  # batches of 100 articles added one after the other
STOP = set("""the and for that with from this have were been their will said about after
which would there could other they them than more into over when what also just
year years says told while where """.split())


def timed(cmd: list[str]) -> tuple[float, int, str]:
    """Run a command; return its seconds, the peak RSS (MB) of its largest process, and stdout."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "s = time.perf_counter() - t; sys.stderr.write(p.stderr); "
        "print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode); "
        "print(p.stdout)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], capture_output=True, text=True,
                         check=True)
    first, _, rest = out.stdout.partition("\n")
    seconds, rss_kb, code = first.split()
    if code != "0":
        raise SystemExit(f"{cmd} failed ({code}): {out.stderr[-2000:]}")
    return float(seconds), int(rss_kb) // 1024, rest


def query_mix(records: list[dict], people: list[str], seed: int = 7) -> list[dict]:
    """300 queries of six kinds, from words and phrases that occur in the corpus."""
    rng = random.Random(seed)
    words = Counter(
        w for r in records[:3000] for w in re.findall(r"[a-z]{5,}", r["title"].lower())
        if w not in STOP
    )
    common = [w for w, c in words.most_common(400)]
    phrases = []
    for r in rng.sample(records, min(len(records), 400)):
        ws = re.findall(r"[A-Za-z]{4,}", r["text"])
        if len(ws) > 10:
            i = rng.randrange(len(ws) - 1)
            phrases.append(f"{ws[i]} {ws[i + 1]}".lower())
    mix = []
    for _ in range(60):
        mix.append({"kind": "term + facets", "q": rng.choice(common)})
    for _ in range(60):
        a, b = rng.sample(common[:150], 2)
        mix.append({"kind": "two terms AND + facets", "q": f"{a} AND {b}", "fts": f"{a} AND {b}"})
    for _ in range(45):
        p = rng.choice(phrases)
        mix.append({"kind": "phrase + facets", "q": f'"{p}"', "fts": f'"{p}"'})
    for _ in range(45):
        mix.append({"kind": "term, no facets", "q": rng.choice(common), "facets": False})
    for i in range(45):
        q = {"kind": "term + filter + facets", "q": rng.choice(common[:100])}
        if i % 2:
            q["person"] = rng.choice(people[:20])
        else:
            q["year"] = str(2015 + rng.randrange(10))
        mix.append(q)
    for _ in range(45):
        mix.append({"kind": "term, page 5", "q": rng.choice(common[:60]), "page": 5})
    return mix


def request_of(q: dict) -> SearchRequest:
    return SearchRequest(
        q=q["q"], page=q.get("page", 1), facets=q.get("facets", True),
        people=(q["person"],) if "person" in q else (),
        date_from=q.get("year"), date_to=q.get("year"),
    )


def percentiles(values: list[float]) -> dict:
    values = sorted(values)
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(values[min(len(values) - 1, int(len(values) * 0.95))], 2),
        "n": len(values),
    }


def by_kind(mix: list[dict], times: list[float]) -> dict:
    kinds: dict[str, list[float]] = {}
    for q, t in zip(mix, times, strict=True):
        kinds.setdefault(q["kind"], []).append(t)
    return {k: percentiles(v) for k, v in kinds.items()} | {"all": percentiles(times)}


def run_whoosh_queries(data: Path, mix: list[dict], cold: bool = False) -> list[float]:
    """Time the mix in one process, as the web server runs it.

    With `cold`, the caches of postings and phrase matches are emptied before each query,
    so no query profits from an earlier one's reading (the per-segment facet tables stay).
    """
    from index.whoosh_backend.held import OWNER

    times = []
    with Store(data / "archive.db") as store:
        for q in mix + mix[:20]:  # the first 20 again at the end: the warm-up is not counted
            if cold:
                for c in OWNER.all_caches():
                    c.clear()
            t = time.perf_counter()
            with Searcher(data, store.bodies) as s:
                s.search(request_of(q))
            times.append((time.perf_counter() - t) * 1000)
    return _aligned(times)


def _aligned(times: list[float]) -> list[float]:
    """The times of mix + mix[:20] without the first 20 (the warm-up), in the mix's order."""
    return times[-20:] + times[20:-20]


def run_fts_queries(fts: Fts5, mix: list[dict]) -> list[float]:
    times = []
    for q in mix + mix[:20]:
        match = q.get("fts") or q["q"]
        t = time.perf_counter()
        fts.search(match, page=q.get("page", 1), facets=q.get("facets", True),
                   person=q.get("person"), year=q.get("year"))
        times.append((time.perf_counter() - t) * 1000)
    return _aligned(times)


def first_query(data: Path, q: str) -> float:
    code = (
        f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); t = time.perf_counter(); "
        "from archive.store import Store; from index.searching import Searcher, SearchRequest; "
        f"s = Store({str(data / 'archive.db')!r}); "
        f"r = Searcher({str(data)!r}, s.bodies).search(SearchRequest(q={q!r})); "
        "print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return round(float(out.stdout.strip()), 1)


def web_peak_memory(data: Path, mix: list[dict]) -> tuple[int, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*ARCHIVE, "--data", str(data), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/search?q=x", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        times = []
        for q in mix:
            args = {"q": q["q"], "page": q.get("page", 1)}
            if "person" in q:
                args["person"] = q["person"]
            if "year" in q:
                args["from"] = args["to"] = q["year"]
            t = time.perf_counter()
            urllib.request.urlopen(base + "/?" + urllib.parse.urlencode(args), timeout=60).read()
            times.append((time.perf_counter() - t) * 1000)
        status = Path(f"/proc/{proc.pid}/status").read_text()
        hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024
        return hwm, percentiles(times)["p95"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=HERE / "out")
    args = ap.parse_args()
    n = args.articles
    work = args.work / f"run-{n}"
    subprocess.run(["rm", "-rf", str(work)], check=True)
    work.mkdir(parents=True)
    data = work / "data"
    results: dict = {
        "articles": n,
        "machine": {
            "cores": os.cpu_count(),
            "cpu": _cpu(),
            "python": platform.python_version(),
            "whoosh": _version("whoosh3"),
            "sqlite": __import__("sqlite3").sqlite_version,
        },
    }

    records = corpus.generate(n)
    src = corpus.write_jsonl(records, work / "corpus.jsonl")
    # Eight batches of 100 new articles, added one after the other.
    more = [corpus.write_jsonl(corpus.generate(100, start=n + 100 * i), work / f"more-{i}.jsonl")
            for i in range(ADDS)]

    print(f"ingesting {n} articles ...", flush=True)
    seconds, rss, _ = timed([*ARCHIVE, "--data", str(data), "ingest", str(src)])
    results["ingest"] = {"seconds": round(seconds, 1), "per_second": round(n / seconds, 1),
                         "peak_mb": rss}
    print("full reindex ...", flush=True)
    seconds, rss, _ = timed([*ARCHIVE, "--data", str(data), "reindex", "--full"])
    results["reindex"] = {"seconds": round(seconds, 1), "per_second": round(n / seconds, 1),
                          "peak_mb": rss}
    results["index_mb"] = dir_mb((data / "index").resolve())
    results["store_mb"] = round((data / "archive.db").stat().st_size / 2**20, 1)

    with Store(data / "archive.db") as store:
        articles = list(store.iter_articles())
    people = [p for p, _ in Counter(p for a in articles for p in a.people).most_common(50)]
    mix = query_mix(records, people)

    print("FTS5 baseline ...", flush=True)
    fts = Fts5(work / "fts5.db")
    t = time.perf_counter()
    fts.add(articles)
    fts_build = time.perf_counter() - t
    results["fts5"] = {"build_seconds": round(fts_build, 2),
                       "build_per_second": round(n / fts_build, 1),
                       "db_mb": round((work / "fts5.db").stat().st_size / 2**20, 1)}

    print("queries ...", flush=True)
    results["first_query_ms"] = first_query(data, mix[0]["q"])
    whoosh_times = run_whoosh_queries(data, mix)
    fts_times = run_fts_queries(fts, mix)
    results["queries_cold_ms"] = by_kind(mix, run_whoosh_queries(data, mix, cold=True))
    w, f = by_kind(mix, whoosh_times), by_kind(mix, fts_times)
    results["queries_ms"] = {
        k: {"archive": w[k], "fts5": f[k],
            "p95_ratio": round(w[k]["p95"] / max(f[k]["p95"], 0.01), 1)}
        for k in w
    }

    print(f"adding 100 articles, {ADDS} times ...", flush=True)
    runs = [round(timed([*ARCHIVE, "--data", str(data), "ingest", str(path)])[0], 2)
            for path in more]
    t = time.perf_counter()
    fts.add(articles[:100])
    # Most adds write only their own segment; every fourth merges the small ones before it.
    results["add_100"] = {"archive_seconds": round(statistics.median(runs), 2),
                          "archive_max": max(runs),
                          "archive_runs": runs,
                          "fts5_seconds": round(time.perf_counter() - t, 3)}

    print("web server ...", flush=True)
    hwm, p95 = web_peak_memory(data, mix)
    results["web"] = {"peak_mb": hwm, "page_p95_ms": p95}

    out = args.out or HERE / "out" / f"results-{n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print_table(results)
    print(f"\nwritten to {out}")


def print_table(r: dict) -> None:
    print(f"\n{r['articles']:,} articles on {r['machine']['cores']} cores ({r['machine']['cpu']})")
    print(f"ingest end to end  {r['ingest']['per_second']:>8} articles/s   "
          f"({r['ingest']['seconds']} s, peak {r['ingest']['peak_mb']} MB)")
    print(f"full reindex       {r['reindex']['seconds']:>8} s   "
          f"(FTS5 build {r['fts5']['build_seconds']} s)")
    print(f"add 100 articles   {r['add_100']['archive_seconds']:>8} s   "
          f"(median of {len(r['add_100'].get('archive_runs', [0]))}, slowest "
          f"{r['add_100'].get('archive_max', '-')} s; FTS5 {r['add_100']['fts5_seconds']} s)")
    print(f"first query        {r['first_query_ms']:>8} ms")
    print(f"index size         {r['index_mb']:>8} MB  (store {r['store_mb']} MB, "
          f"FTS5 db {r['fts5']['db_mb']} MB)")
    print(f"web server         {r['web']['peak_mb']:>8} MB peak, "
          f"page p95 {r['web']['page_p95_ms']} ms")
    print(f"\n{'queries (ms)':28} {'p50':>7} {'p95':>7} {'FTS5 p50':>9} {'FTS5 p95':>9} "
          f"{'ratio':>6}")
    for kind, v in r["queries_ms"].items():
        a, f = v["archive"], v["fts5"]
        print(f"{kind:28} {a['p50']:>7} {a['p95']:>7} {f['p50']:>9} {f['p95']:>9} "
              f"{v['p95_ratio']:>6}")
    cold = r["queries_cold_ms"]["all"]
    print(f"{'all, caches emptied each time':28} {cold['p50']:>7} {cold['p95']:>7}")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    main()
