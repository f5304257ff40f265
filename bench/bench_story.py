"""Benchmark: one-seat `newsgen story` as a whole process (start-up, load, render, print).

    python bench/bench_story.py [--runs 10]

Prints the median and best wall time of the whole command, and the floor: a bare
`python -c pass` on the same interpreter, so the figure means something on any machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def _time(cmd: list[str], runs: int) -> list[float]:
    """Wall times of `runs` runs; the CPU time (user + sys) of each is kept in CPU."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return times


CPU: list[float] = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seat", default="North Herefordshire")
    args = parser.parse_args()
    exe = shutil.which("newsgen")
    cmd = [exe, "story", args.seat] if exe else [sys.executable, "-m", "newsgen", "story", args.seat]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from common import compile_bytecode, machine

    print(compile_bytecode())
    _time(cmd, 1)  # warm the file cache
    CPU.clear()
    story = _time(cmd, args.runs)
    cpu = list(CPU)
    floor = _time([sys.executable, "-c", "pass"], args.runs)
    print(f"Machine: {machine()} (at the end)")
    print(
        f"newsgen story {args.seat!r}: wall median {statistics.median(story):.3f} s, best {min(story):.3f} s; "
        f"CPU median {statistics.median(cpu):.3f} s ({args.runs} runs)"
    )
    print(f"python -c pass:             median {statistics.median(floor):.3f} s")


if __name__ == "__main__":
    main()
