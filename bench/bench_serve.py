"""How fast is the editors' preview? Seat page and re-render after a change, all 650 seats.

    python bench/bench_serve.py [--context fixtures/southend-context.yaml] [--rounds 1]

Server-side time is the app's own ``Server-Timing: app;dur=`` header (routing, the
story renders, the database read, the page template); "wall" adds the in-process
HTTP client. The target is a p95 under 50 ms server-side. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from newsgen.context import load_context
from newsgen.pipeline import Dataset
from newsgen.serve import create_app


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _report(name: str, server: list[float], wall: list[float]) -> bool:
    p95 = _pct(server, 95)
    print(
        f"{name:<28} n={len(server):<4} server p50 {statistics.median(server):6.1f} ms  p95 {p95:6.1f} ms"
        f"  max {max(server):6.1f} ms   | wall p50 {statistics.median(wall):6.1f} ms  p95 {_pct(wall, 95):6.1f} ms"
    )
    return p95 < 50.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--context", default=None, help="newsroom context file")
    parser.add_argument("--results", default=None, help="results CSV (default: bundled 2024)")
    parser.add_argument("--rounds", type=int, default=1, help="passes over every seat")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    dataset = Dataset(args.results, context=load_context(args.context) if args.context else None)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(dataset, Path(tmp) / "bench.sqlite3", allowed_hosts=["testserver"])
        print(f"load + app start: {time.perf_counter() - started:.2f} s, {len(dataset.seat_names)} seats")
        rows = list(app.state.preview.catalogue.rows.values())
        timings: dict[str, tuple[list[float], list[float]]] = {
            k: ([], []) for k in ("seat page", "re-render after a change")
        }
        refused: list[str] = []
        with TestClient(app) as client:

            def hit(kind: str, url: str, params: dict[str, str] | None = None) -> None:
                t0 = time.perf_counter()
                response = client.get(url, params=params)
                wall = (time.perf_counter() - t0) * 1000
                if response.status_code == 422:  # the page explains a choice the story cannot take
                    refused.append(f"{url} {params}")
                elif response.status_code != 200:
                    raise SystemExit(f"{url} {params}: HTTP {response.status_code}")
                server = float(response.headers["server-timing"].split("dur=")[1])
                timings[kind][0].append(server)
                timings[kind][1].append(wall)

            client.get(f"/story/{rows[0].id}")  # compile the templates once
            list_ms = []
            for _ in range(5):
                response = client.get("/")
                list_ms.append(float(response.headers["server-timing"].split("dur=")[1]))
            for _ in range(args.rounds):
                for row in rows:
                    hit("seat page", f"/story/{row.id}")
                    # the change an editor makes most: lead on the runner-up angle (or drop the lead)
                    other = row.angles[1] if len(row.angles) > 1 else None
                    params = {"draft": "1", "lead": other} if other else {"draft": "1", "style": "bbc"}
                    hit("re-render after a change", f"/story/{row.id}/draft", params)
    print(
        f"{'seat list (all rows)':<28} n=5    server p50 {statistics.median(list_ms):6.1f} ms"
        f"  max {max(list_ms):6.1f} ms"
    )
    if refused:
        print(f"{len(refused)} answered 422 (choice refused, as the page explains; timed), e.g. {refused[0]}")
    ok = all([_report(kind, server, wall) for kind, (server, wall) in timings.items()])
    print("target p95 < 50 ms server-side:", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
