"""Ingest speed of several checkouts of vnextract, back to back, in CPU time.

usage: python benchmarks/compare.py INPUT.jsonl CHECKOUT [CHECKOUT ...] [--rounds N]

Each checkout (a directory holding `extract/`, e.g. an older commit made with
`git worktree add /tmp/old 391de52`) ingests INPUT into a fresh store in its
own process; rounds alternate between checkouts so that a busy host slows
them alike. Prints wall and CPU seconds and articles per CPU-second.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

_RUN = """
import os, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from extract.ingest import ingest
from extract.pipeline import process
process("Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Lạng Sơn, họp ngày 1/1/2020 về 2 tỷ đồng cho 5 lớp.", "warm")
db = os.path.join(tempfile.mkdtemp(), "bench.db")
c, t = time.process_time(), time.perf_counter()
ingest([sys.argv[2]], db, progress=False)
print(time.perf_counter() - t, time.process_time() - c)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("input", type=Path)
    ap.add_argument("checkouts", type=Path, nargs="+")
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    n = sum(1 for line in a.input.open(encoding="utf-8") if line.strip())
    print(f"input: {a.input} ({n:,} articles)\n")
    print(f"{'checkout':<30}{'round':>6}{'wall s':>9}{'CPU s':>9}{'articles/CPU-s':>16}")
    for r in range(1, a.rounds + 1):
        for co in a.checkouts:
            out = subprocess.run([sys.executable, "-c", _RUN, str(co.resolve()), str(a.input)],
                                 capture_output=True, text=True, check=True).stdout.split()
            wall, cpu = float(out[-2]), float(out[-1])
            print(f"{str(co):<30}{r:>6}{wall:>9.1f}{cpu:>9.1f}{n / cpu:>16.1f}")


if __name__ == "__main__":
    main()
