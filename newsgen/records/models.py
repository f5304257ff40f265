"""Frozen pydantic records for an election, its seat contests, candidates and parties.

Records hold what the results file says and nothing derived: majorities, turnout and
changes are computed once into facts (``newsgen.facts``), never stored back here.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceRef(Record):
    """Where a record came from: file name and the 1-based data rows (header is row 1)."""

    file: str
    rows: tuple[int, ...] = ()


class Party(Record):
    """A party as the results file names it (``code`` is the Commons Library abbreviation)."""

    code: str
    name: str


class Candidate(Record):
    given_name: str
    family_name: str
    party: Party | None = Field(None, description="None for an independent or no-party candidate")
    votes: int = Field(ge=0)
    position: int = Field(ge=1)
    member_id: int | None = Field(None, description="MNIS id: follows an MP across elections")
    sitting_mp: bool = False
    former_mp: bool = False
    speaker: bool = False
    gender: str | None = None
    share_change: float | None = Field(
        None, description="Change in vote share against the file's own baseline, as published"
    )
    row: int = 0

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def party_code(self) -> str:
        """``Spk`` for the Speaker, ``Ind`` for a candidate with no party, else the code."""
        if self.speaker:
            return "Spk"
        return self.party.code if self.party else "Ind"


class Contest(Record):
    """One seat's result at one election."""

    seat_id: str = Field(description="GSS code, e.g. E14001502")
    name: str
    country: str
    region: str | None = None
    electorate: int = Field(ge=0)
    valid_votes: int = Field(ge=0)
    invalid_votes: int = Field(ge=0)
    result_summary: str = Field("", description='As published, e.g. "Lab gain from Con"')
    published_majority: int | None = None
    declared_at: str | None = None
    candidates: tuple[Candidate, ...]
    source: SourceRef


class Election(Record):
    """A general election: every contest in one results file."""

    polling_date: dt.date
    boundary_start: dt.date | None = None
    contests: tuple[Contest, ...]
    source: SourceRef

    @property
    def year(self) -> int:
        return self.polling_date.year
