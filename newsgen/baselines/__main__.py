"""``python -m newsgen.baselines``: rebuild the shipped 2024 baseline cache, and say what it holds."""

from __future__ import annotations

import json
from typing import Any

from newsgen import resources
from newsgen.baselines.names import normalise
from newsgen.baselines.provider import build_cache
from newsgen.readers.commons_library import load_results


def main() -> None:
    election = load_results(resources.bundled(resources.DEFAULT_RESULTS)).election
    cache = build_cache(election)
    path = resources.bundled(resources.BASELINE_CACHE_2024)
    path.write_text(json.dumps(cache, indent=None, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    seats: dict[str, dict[str, Any]] = cache["seats"]  # type: ignore[assignment]
    print(f"wrote {path} ({len(seats)} seats)")
    print(coverage(list(seats.values())))


def coverage(seats: list[dict[str, Any]]) -> str:
    """What the baselines cover: the figures docs/trust.md and the README quote."""
    one = [s for s in seats if len(s["predecessors"]) == 1]
    same = [s for s in one if normalise(s["predecessors"][0]["seat_name"]) == normalise(s["seat_name"])]
    redrawn = [s for s in same if s["notional"] and s["predecessors"][0]["valid_votes"] != s["notional"]["total_votes"]]
    histories = [s["history"] for s in seats if s["history"]]
    return (
        f"one predecessor seat derived: {len(one)} (same name: {len(same)}, of them redrawn: {len(redrawn)}); "
        f"history found: {len(histories)}, complete to the last election: "
        f"{sum(h['complete'] for h in histories)}, reaching 1918: {sum(h['from_start'] for h in histories)}"
    )


if __name__ == "__main__":
    main()
