"""Seats renamed, or re-made from one older seat, under a name that shares no word with it.

The history file names seats as they were; "Western Isles" and "Na h-Eileanan an Iar" are
one seat, and North East Somerset was made from Wansdyke. Name matching cannot see that, so
the links are listed, each with its source, in ``fixtures/history/renamed-seats.csv``.
"""

from __future__ import annotations

import csv
from functools import cache

from newsgen import resources
from newsgen.baselines.names import normalise

RENAMED = "history/renamed-seats.csv"


@cache
def _links() -> dict[str, tuple[str, ...]]:
    path = resources.bundled(RENAMED)
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(normalise(row["new_name"]), []).append(row["old_name"])
    return {k: tuple(v) for k, v in out.items()}


def renamed_from(name: str) -> tuple[str, ...]:
    """The older names this seat had (or was made from), in the bundled list."""
    return _links().get(normalise(name), ())
