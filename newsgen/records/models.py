"""Frozen pydantic records for an election, its contests, candidates, parties and councils.

Every reader (:mod:`newsgen.readers`) produces these, whatever its source: a general
election's constituencies, a council's wards (several seats to fill, an ``elected`` flag on
each winner), a by-election. Records hold what the results file says and nothing derived:
majorities, turnout and changes are computed once into facts (``newsgen.facts``), never
stored back here.
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
    """A party as the results file names it (``code`` is the Commons Library abbreviation, or
    the canonical code :mod:`newsgen.readers.parties` maps another source's name to)."""

    code: str
    name: str
    #: the Electoral Commission register id ("PP52"), where the source carries it
    ec_id: str | None = None


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
        None,
        description="Change in vote share against the file's own baseline, as published: a fraction (0.066)",
    )
    elected: bool = Field(False, description="Elected to one of the contest's seats")
    person_id: str | None = Field(None, description="The source's own id for the person (Democracy Club)")
    forenames: str | None = Field(
        None, description="Every forename as the source gives it, where it has more than given_name (LGA)"
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
    """One area's result at one election: a constituency, or a council ward (which may fill
    several seats: each winner's ``elected`` flag is set)."""

    seat_id: str = Field(description="GSS code, e.g. E14001502 (a ward: E05...)")
    name: str
    country: str
    region: str | None = None
    electorate: int = Field(ge=0)
    valid_votes: int = Field(ge=0, description="Valid ballot papers (a ward electing three: voters, not votes)")
    invalid_votes: int = Field(ge=0)
    #: seats to fill: 1 for a constituency, up to 3 for a ward
    seats: int = Field(1, ge=1)
    #: a by-election (in a ward, one held with the council's ordinary election)
    by_election: bool = False
    #: the council a ward belongs to (``Council.id``); None for a constituency
    council_id: str | None = None
    #: ballot papers counted, valid and rejected, where the source publishes the total apart
    #: from its parts (a council's "votes cast"): turnout's numerator; else valid + invalid
    ballots: int | None = None
    #: the turnout as the source publishes it, in per cent (Democracy Club often has no counts)
    published_turnout: float | None = None
    #: the source publishes no electorate or ballot counts for this contest
    counts_unknown: bool = False
    #: a notional result: worked out on new boundaries, not one held (PA's previous notional election)
    notional: bool = False
    result_summary: str = Field("", description='As published, e.g. "Lab gain from Con"')
    published_majority: int | None = None
    declared_at: str | None = None
    candidates: tuple[Candidate, ...]
    source: SourceRef


class Council(Record):
    """A council whose wards a local election fills: the level above its wards."""

    id: str = Field(description="A stable id: the GSS code or the source's slug ('trafford')")
    name: str = Field(description="As stories name it: 'Trafford Council'")
    #: seats on the whole council, where known (from an all-out election or the context file)
    seats: int | None = None


class CouncilTotals(Record):
    """A council's result as a source publishes it whole (PA's LocalElectionResult): seats won
    at this election, the net change, and the new council, by party code."""

    council_id: str
    proportion: str | None = Field(None, description='"all", "half" or "third" of the seats up')
    winning_party: str | None = None
    gain_or_hold: str | None = Field(None, description='PA\'s "gain", "hold", "no change", "lose to NOC"')
    sitting_party: str | None = None
    won: dict[str, int]
    changes: dict[str, int]
    after: dict[str, int]


class Election(Record):
    """One election: a general election, a by-election, or a council's local elections on one
    polling day, with every contest the file holds for it."""

    polling_date: dt.date
    #: "general", "by-election" (Westminster), "local", "local by-election"
    kind: str = "general"
    #: who is elected: "House of Commons", or the council's name
    body: str = "House of Commons"
    #: an id naming it among a file's elections ("local.trafford.2024-05-02")
    id: str | None = None
    boundary_start: dt.date | None = None
    contests: tuple[Contest, ...]
    councils: tuple[Council, ...] = ()
    #: councils' results as the source publishes them whole (PA), where it has no wards
    council_totals: tuple[CouncilTotals, ...] = ()
    source: SourceRef

    @property
    def local(self) -> bool:
        return self.kind.startswith("local")

    @property
    def member(self) -> str:
        """What stories call one of those elected: "MP", "MSP", "MS", "MLA" or "councillor"."""
        return _MEMBERS.get(self.body, "councillor" if self.local else "member")

    @property
    def year(self) -> int:
        return self.polling_date.year


_MEMBERS = {"House of Commons": "MP", "Scottish Parliament": "MSP", "Senedd": "MS", "Northern Ireland Assembly": "MLA"}
