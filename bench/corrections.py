"""How long a person correction over ~1,000 articles takes end to end, two codes side by side.

    python bench/corrections.py --data DIR --old COMMAND --new COMMAND [--runs 3]
        [--alias "Donald Trump" "Donald J. Trump"] [--out bench/corrections.json]

DIR is an archive that is never changed: each run copies it, then runs `archive entities
alias` and then `unalias` with the older code's `archive` command on one copy and the newer
one's on another, alternating, so both see the same load on a shared machine. A command is
an executable, or a command line: "env PYTHONPATH=/tmp/base .venv/bin/python -m web.cli" runs
an exported older commit with this virtualenv. Prints and saves the best and median seconds
of each.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def timed(args: list[str], cwd: Path) -> float:
    """Seconds to run a command, in a folder of no code (`python -m` looks in its own first)."""
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - started


def one_round(data: Path, command: str, written: str, value: str, work: Path) -> dict:
    """Alias then unalias on a fresh copy of the archive; the seconds of each."""
    copy = work / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy, symlinks=True)
    archive = [*shlex.split(command), "--data", str(copy), "entities"]
    out = {"alias": timed([*archive, "alias", written, value], work),
           "unalias": timed([*archive, "unalias", written], work)}
    shutil.rmtree(copy, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--old", required=True, help="the older code's archive command")
    ap.add_argument("--new", required=True, help="the newer code's archive command")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--alias", nargs=2, default=["Donald Trump", "Donald J. Trump"])
    ap.add_argument("--out", type=Path, default=Path("bench/corrections.json"))
    args = ap.parse_args()
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            for name in ("old", "new"):
                runs[name].append(one_round(args.data, getattr(args, name), *args.alias,
                                            Path(tmp)))
                print(name, runs[name][-1], flush=True)
    summary = {name: {step: {"best": round(min(r[step] for r in rs), 2),
                             "median": round(statistics.median(r[step] for r in rs), 2)}
                      for step in ("alias", "unalias")} for name, rs in runs.items()}
    print(json.dumps(summary, indent=1))
    args.out.write_text(json.dumps({"runs": runs, "summary": summary}, indent=1) + "\n")


if __name__ == "__main__":
    main()
