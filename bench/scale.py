"""Benchmark: synthetic results streamed through `newsgen batch --stream`, growing to 100,000 seats.

    python bench/scale.py [--sizes 10000,30000,100000] [--jobs 1,2] [--date 2005-05-05]

For each size: generate the file (newsgen.synthetic), then run `newsgen batch --stream
--format md -q` with each --jobs value as a fresh process, into tmpfs. Prints wall time,
time per 1,000 seats (flat when time grows linearly), the peak memory of the whole process
tree (PSS: pages shared by forked workers are split between them, not double-counted;
sampled every 50 ms from /proc) and the --jobs 2 speed-up.

The default polling date, 5 May 2005, is before every bundled earlier election, so the
baseline provider has no previous-election seats to match names against. With a later
date (try ``--date 2029-05-03 --sizes 2000``) every seat pays the provider's linear
predecessor search over the previous election's 650 names (about 12 ms a seat here; see
docs/batch.md for the fix in newsgen/baselines/provider.py).

Targets (issue #3): peak memory < 300 MB, time linear in seats, --jobs 2 >= 1.6x --jobs 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NEWSGEN, compile_bytecode, cpu_seconds, machine, run, scratch

from newsgen.synthetic import write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2005, 5, 5))
    parser.add_argument("--format", default="md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = [int(j) for j in args.jobs.split(",")]
    print(f"Machine: {machine()}")
    print(compile_bytecode())
    print(f"Synthetic results dated {args.date}, --format {args.format}, output on tmpfs")
    data = scratch("disk")
    try:
        for n in sizes:
            path = write(data / f"synthetic-{n}.csv", n, polling_date=args.date)
            size_mb = path.stat().st_size / 1e6
            results: dict[int, float] = {}
            for j in jobs:
                out = scratch("ram")
                cmd = [*NEWSGEN, "batch", "--stream", "--results", str(path), "--out", str(out)]
                cpu = cpu_seconds()
                seconds, peak, status = run([*cmd, "-q", "--format", args.format, "-j", str(j)], sample_memory=True)
                cpu = cpu_seconds() - cpu
                written = sum(1 for _ in out.glob("*.md"))
                shutil.rmtree(out)
                results[j] = seconds
                print(
                    f"  {n:>7,} seats ({size_mb:5.0f} MB CSV) --jobs {j}: {seconds:7.1f} s, "
                    f"{seconds / n * 1000:6.2f} s per 1,000 seats, peak {peak:6.0f} MB, "
                    f"{written:,} files, exit {status}; CPU {cpu:.1f} s ({cpu / seconds:.2f} cores busy)"
                )
            print(f"  (load average now {', '.join(f'{x:.2f}' for x in os.getloadavg())})")
            if 1 in results and 2 in results:
                print(f"  {n:>7,} seats: --jobs 2 is {results[1] / results[2]:.2f}x --jobs 1")
            path.unlink()
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
