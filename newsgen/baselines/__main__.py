"""``python -m newsgen.baselines``: rebuild the shipped 2024 baseline cache."""

from __future__ import annotations

import json

from newsgen import resources
from newsgen.baselines.provider import build_cache
from newsgen.records.loader import load_results


def main() -> None:
    election = load_results(resources.bundled(resources.DEFAULT_RESULTS)).election
    cache = build_cache(election)
    path = resources.bundled(resources.BASELINE_CACHE_2024)
    path.write_text(json.dumps(cache, indent=None, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(cache['seats'])} seats)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
