"""Frozen records for the baselines a seat's 2024 result is compared with."""

from __future__ import annotations

from pydantic import Field

from newsgen.records.models import Record, SourceRef


class PreviousResult(Record):
    """A seat's actual result at an earlier general election (a predecessor, or the same seat)."""

    seat_name: str
    year: int
    electorate: int
    valid_votes: int
    invalid_votes: int
    winner_code: str
    winner_name: str
    winner_member_id: int | None = Field(None, description="the winner's MNIS id, to follow them to this election")
    votes_by_party: dict[str, int] = Field(description="party code -> votes (independents summed as Ind)")
    source: SourceRef

    @property
    def turnout(self) -> float:
        """Commons Library turnout: (valid + invalid) / electorate, as a percentage."""
        if not self.electorate:
            return 0.0
        return 100.0 * (self.valid_votes + self.invalid_votes) / self.electorate


class NotionalResult(Record):
    """Rallings & Thrasher's notional 2019 result on the 2024 boundaries."""

    year: int = 2019
    turnout: float = Field(description="percentage, as published (one decimal place)")
    electorate: int
    total_votes: int
    winner_code: str
    second_code: str
    votes_by_party: dict[str, int]
    source: SourceRef

    def share(self, code: str) -> float | None:
        if not self.total_votes or code not in self.votes_by_party:
            return None
        return 100.0 * self.votes_by_party[code] / self.total_votes

    def ranked(self) -> list[str]:
        """Party codes by notional votes, most first (parties with votes only)."""
        pairs = [(v, c) for c, v in self.votes_by_party.items() if v > 0]
        return [c for v, c in sorted(pairs, key=lambda p: (-p[0], p[1]))]


class HistoryEntry(Record):
    year: int
    election: str = Field(description="the file's label: 1974F and 1974O are two elections")
    seat_name: str
    winner_group: str = Field(description="con, lab, lib, natSW or oth (the history file's groups)")
    #: the majority in votes lies between these (the file sums smaller parties into "oth", so a
    #: runner-up among them is known only within bounds); None where the winner was unopposed
    majority_low: int | None = None
    majority_high: int | None = None


class SeatHistory(Record):
    """Winners of the seat and its predecessors, 1918-2019 (party groups only)."""

    names: tuple[str, ...] = Field(description="the seat names whose history was found (not the earlier seats')")
    entries: tuple[HistoryEntry, ...]
    source: SourceRef
    complete: bool = Field(
        False, description="a winner for every election from the first entry to the last one before this election"
    )
    from_start: bool = Field(
        False, description="the entries, or those of the seats it was formed from, begin with the file's first election"
    )
    created: int | None = Field(
        None,
        description="the year the seat was first fought under its name, where that is after the file's "
        "first election and the history is the seat's own (no other name followed)",
    )
    earlier_groups: tuple[str, ...] = Field(
        (),
        description="the party groups that won the seats it was formed from (those that ended as it began, "
        "sharing a place name), at any election in the file",
    )

    @property
    def first_year(self) -> int | None:
        return min((e.year for e in self.entries), default=None)


class MemberTenure(Record):
    """An MP's unbroken run of general-election wins up to the last election in the files."""

    member_id: int
    since: int = Field(description="first general election of the unbroken run")
    before: bool = Field(description="already an MP at that election (so 'since before YEAR')")
    seats: tuple[str, ...]
    party: str | None = Field(None, description="party code they won the last general election for")


class MemberResult(Record):
    """One candidacy of a member at an earlier general election (2010 on)."""

    year: int
    seat: str
    party: str
    position: int


class Baseline(Record):
    """Everything one seat is compared with."""

    seat_id: str
    seat_name: str
    kind: str = Field(description="'notional' (new boundaries) or 'previous' (same boundaries)")
    notional: NotionalResult | None = None
    predecessors: tuple[PreviousResult, ...] = ()
    predecessor_rule: str | None = Field(None, description="how the predecessor was found")
    history: SeatHistory | None = None
    earlier_elections: tuple[int, ...] = Field((), description="bundled general elections (2010 on) before this one")
