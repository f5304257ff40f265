"""Benchmark: election night. PA files land in a folder; `newsgen watch` writes their stories.

    python bench/live_night.py [--gap 0.1] [--seats 650]

1. Latency: `newsgen watch INBOX --out DIR` runs as its own process (file events, as on the
   night); this script drops the 2024 results into INBOX one PA message at a time, ``--gap``
   seconds apart, and measures, for every seat, the time from its file landing (renamed into
   place, whole) to its story on disk. Prints the median, p95 and worst, and the watcher's
   memory after start and after the last story (flat across the night, or not).
2. Full speed: every message dropped at once; the time until the last story is on disk.

The bundled 2024 file has no declaration times, so the gap is a setting, not the night's own:
at the default 0.1 s, 650 seats take about two minutes; the real night spread them over
eight hours (10x real speed is a gap of 4.4 s on average).

Targets (issue #14): landing to story median <= 100 ms, p95 <= 250 ms, memory flat; a
full-speed replay of 650 seats processed in under 5 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NEWSGEN, _pss_kb, _tree, compile_bytecode, machine, scratch


def _memory_mb(pid: int) -> float:
    return sum(_pss_kb(p) for p in _tree(pid)) / 1024


def _wait_for(path: Path, timeout: float) -> float | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if path.exists():
            return time.perf_counter()
        time.sleep(0.002)
    return None


def _watcher(inbox: Path, out: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([*NEWSGEN, "watch", str(inbox), "--out", str(out)], stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    proc.stderr.readline()  # "watching ..."
    time.sleep(1.0)
    return proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between files (default 0.1)")
    parser.add_argument("--seats", type=int, default=650)
    args = parser.parse_args()
    print(compile_bytecode())
    print("Machine:", machine())

    from newsgen.baselines.names import slug
    from newsgen.live.replay import file_name, message
    from newsgen.pipeline import Dataset

    dataset = Dataset()
    contests = dataset.election.contests[: args.seats]
    messages = [(file_name(c, dataset.election), message(c, dataset.election, i + 1)) for i, c in enumerate(contests)]

    # 1. one file at a time, into a watched folder
    work = scratch("ram")
    inbox, out, staging = work / "inbox", work / "out", work / "staging"
    inbox.mkdir()
    staging.mkdir()
    proc = _watcher(inbox, out)
    start_mb = _memory_mb(proc.pid)
    latencies = []
    missing = 0
    early_mb = 0.0
    for n, ((name, text), contest) in enumerate(zip(messages, contests, strict=True)):
        if n == len(messages) // 10:
            early_mb = _memory_mb(proc.pid)  # warm: baselines and templates loaded
        tmp = staging / name
        tmp.write_text(text, encoding="utf-8")
        landed = time.perf_counter()
        os.replace(tmp, inbox / name)  # lands whole, as PA's uploads should
        done = _wait_for(out / f"{slug(contest.name)}.md", timeout=10)
        if done is None:
            missing += 1
        else:
            latencies.append((done - landed) * 1000)
        time.sleep(args.gap)
    end_mb = _memory_mb(proc.pid)
    # the night goes on: every result corrected once (revision 2), as recounts and corrections do
    for name, text in messages:
        second = name.replace("_1.xml", "_2.xml")
        (staging / second).write_text(text.replace('revision="1"', 'revision="2"'), encoding="utf-8")
        os.replace(staging / second, inbox / second)
    time.sleep(max(5.0, len(messages) * 0.01))
    again_mb = _memory_mb(proc.pid)
    proc.terminate()
    proc.communicate(timeout=30)
    shutil.rmtree(work, ignore_errors=True)
    latencies.sort()
    median = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"1. {len(latencies)} stories, {missing} missing; landing to story on disk: median {median:.0f} ms, "
        f"p95 {p95:.0f} ms, worst {latencies[-1]:.0f} ms (gap {args.gap} s between files)"
    )
    print(
        f"   watcher memory (PSS): {start_mb:.0f} MB after start, {early_mb:.0f} MB after a tenth of the seats, "
        f"{end_mb:.0f} MB after the last, {again_mb:.0f} MB after a second revision of every result"
    )
    print(f"   targets median <= 100 ms, p95 <= 250 ms: {'MET' if median <= 100 and p95 <= 250 else 'NOT MET'}")

    # 2. every file at once
    work = scratch("ram")
    inbox, out = work / "inbox", work / "out"
    inbox.mkdir()
    proc = _watcher(inbox, out)
    t0 = time.perf_counter()
    for name, text in messages:
        (inbox / name).write_text(text, encoding="utf-8")
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline and len(list(out.glob("*.md"))) < len(messages):
        time.sleep(0.01)
    seconds = time.perf_counter() - t0
    written = len(list(out.glob("*.md")))
    proc.terminate()
    proc.communicate(timeout=30)
    shutil.rmtree(work, ignore_errors=True)
    met = seconds < 5 and written == len(messages)
    print(
        f"2. full speed: {written} stories for {len(messages)} files in {seconds:.2f} s (target < 5 s: "
        f"{'MET' if met else 'NOT MET'})"
    )


if __name__ == "__main__":
    main()
