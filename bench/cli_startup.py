"""How long `archive search` takes end to end in a new process, and what its imports cost.

    python bench/cli_startup.py --data DIR [--query WORD] [--runs 7] [--code FOLDER]

Prints the best (least disturbed) of several runs: wall time, and the import time of each
top-level module from `python -X importtime`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time

CODE = None  # the folder of the code to time (--code), else the installed one
LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\S.*)$")


def one_run(data: str, query: str) -> tuple[float, dict[str, int]]:
    args = [sys.executable, "-X", "importtime", "-m", "web.cli", "--data", data,
            "search", query, "--limit", "5"]
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=True, cwd=CODE)
    wall = time.perf_counter() - started
    top = {}
    for line in done.stderr.splitlines():
        m = LINE.match(line)
        if m:  # no indent: a module imported at the top
            top[m[3].strip()] = int(m[2])
    return wall, top


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--query", default="harbour")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--code", help="Time the code in this folder (e.g. an older commit's).")
    a = ap.parse_args()
    global CODE
    CODE = a.code
    runs = [one_run(a.data, a.query) for _ in range(a.runs)]
    wall, top = min(runs, key=lambda r: r[0])
    print(f"best of {a.runs}: {wall * 1000:.0f} ms end to end (median "
          f"{sorted(r[0] for r in runs)[len(runs) // 2] * 1000:.0f} ms); "
          f"imports {sum(top.values()) / 1000:.0f} ms")
    for name, us in sorted(top.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {name:30} {us / 1000:6.1f} ms")


if __name__ == "__main__":
    main()
