"""Benchmark: one-seat `newsgen story` as a whole process (start-up, load, render, print).

    python bench/bench_story.py [--runs 10]

Prints the median and best wall time of the whole command, and two floors on the same
interpreter, so the figure means something on any machine: a bare `python -c pass`, and
importing the libraries every story needs (pydantic, Jinja, click) and nothing of newsgen.

Target (issue #14): 0.3 s.
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

#: what every story imports that is not newsgen's (pydantic's plugin scan off, as newsgen runs it)
LIBRARIES = (
    "import os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'; "
    "from pydantic import BaseModel, ConfigDict, Field; import jinja2, jinja2.sandbox, click"
)


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
    libraries = _time([sys.executable, "-c", LIBRARIES], args.runs)
    print(f"Machine: {machine()} (at the end)")
    print(
        f"newsgen story {args.seat!r}: wall median {statistics.median(story):.3f} s, best {min(story):.3f} s; "
        f"CPU median {statistics.median(cpu):.3f} s ({args.runs} runs)"
    )
    print(f"python -c pass:             median {statistics.median(floor):.3f} s, best {min(floor):.3f} s")
    print(f"the libraries alone:        median {statistics.median(libraries):.3f} s, best {min(libraries):.3f} s")
    print(f"target <= 0.3 s (median): {'MET' if statistics.median(story) <= 0.3 else 'NOT MET'}")


if __name__ == "__main__":
    main()
