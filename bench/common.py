"""Shared helpers for the benchmarks: timing a command, sampling a process tree's memory."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

NEWSGEN = [sys.executable, "-c", "from newsgen.cli import run; run()"]


def compile_bytecode() -> str:
    """Compile newsgen's modules to bytecode, as ``pip install`` does for an installed copy.

    An editable checkout under ``PYTHONDONTWRITEBYTECODE=1`` (set on some machines) would
    otherwise recompile every module in every timed process: that is not what users run.
    """
    import compileall

    import newsgen

    package = Path(newsgen.__file__).resolve().parent
    compileall.compile_dir(str(package), quiet=1)
    return f"newsgen bytecode compiled in {package}"


def machine() -> str:
    from newsgen.batch.jobs import cpu_cores  # the count --jobs auto forks by

    cores = cpu_cores()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{platform.machine()} {cores} cores, Python {platform.python_version()}, load average {load}"


def scratch(kind: str) -> Path:
    """A fresh folder on tmpfs (``ram``) or on the disk (``disk``)."""
    base = "/dev/shm" if kind == "ram" and Path("/dev/shm").is_dir() else None
    return Path(tempfile.mkdtemp(prefix="newsgen-bench-", dir=base))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Peak proportional set size (PSS: shared pages split between sharers) of a process tree."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak_kb, self._stop_flag = pid, every, 0, threading.Event()

    def run(self) -> None:
        while not self._stop_flag.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))
            time.sleep(self.every)

    def stop(self) -> float:
        self._stop_flag.set()
        self.join()
        return self.peak_kb / 1024


def cpu_seconds() -> float:
    """User + system time of this process's waited-for descendants (workers included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: Sequence[str], *, sample_memory: bool = False) -> tuple[float, float, int]:
    """(seconds, peak MB of the process tree or 0, exit status)."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = MemorySampler(proc.pid) if sample_memory else None
    if sampler:
        sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak = sampler.stop() if sampler else 0.0
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode())
    return seconds, peak, proc.returncode


def best(times: list[float]) -> str:
    return f"best {min(times):.3f} s, median {statistics.median(times):.3f} s (n={len(times)})"
