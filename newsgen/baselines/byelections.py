"""By-elections between general elections, from the bundled list (2010-2024).

A by-election changes who the MP was at dissolution: the winner defends the seat at the
next general election (Sarah Edwards, Tamworth 2023), and an open seat's last MP is the
by-election winner, not the general-election one. Source and conventions:
``fixtures/ATTRIBUTION.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from newsgen import resources
from newsgen.baselines.names import normalise, tidy_name

BYELECTIONS = "byelections/uk-parliament-2010-2024.csv"


class ByElection(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: dt.date
    seat: str
    previous_general_election: int
    winner: str
    winner_party: str
    winner_member_id: int | None
    previous_mp: str
    previous_party: str
    gain: bool

    @property
    def year(self) -> int:
        return self.date.year


@cache
def read_byelections(path: Path | None = None) -> tuple[ByElection, ...]:
    """Every by-election in the bundled list, oldest first."""
    path = path or resources.bundled(BYELECTIONS)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = [
        ByElection(
            date=dt.date.fromisoformat(r["date"]),
            seat=tidy_name(r["seat"]),  # "City Of Chester" in the files: written as today
            previous_general_election=int(r["previous_general_election"]),
            winner=f"{r['winner_given_name']} {r['winner_family_name']}",
            winner_party=r["winner_party"],
            winner_member_id=int(r["winner_member_id"]) if r["winner_member_id"].strip() else None,
            previous_mp=r["previous_mp"],
            previous_party=r["previous_party"],
            gain=r["gain"].strip().lower() == "true",
        )
        for r in rows
    ]
    return tuple(sorted(out, key=lambda b: b.date))


class ByElections:
    """The by-elections held since one general election (the one before the results')."""

    def __init__(self, since: int | None) -> None:
        found = [b for b in read_byelections() if since is not None and b.previous_general_election == since]
        self.by_member = {b.winner_member_id: b for b in found if b.winner_member_id is not None}
        self.by_seat: dict[str, ByElection] = {}
        for b in found:  # the latest by-election in a seat wins
            self.by_seat[normalise(b.seat)] = b

    def won_by(self, member_id: int | None) -> ByElection | None:
        """The by-election this member won since the last general election, if any."""
        return self.by_member.get(member_id) if member_id is not None else None

    def in_seat(self, seat: str) -> ByElection | None:
        """The last by-election in this (old-boundary) seat since the last general election."""
        return self.by_seat.get(normalise(seat))
