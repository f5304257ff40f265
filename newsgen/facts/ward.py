"""Facts about one council ward's result, derived once from its records and the council's history.

A ward may fill one seat or several. Who was elected is the records' ``elected`` flag; the
majority is the last elected candidate's votes less the first not elected; each seat filled
is a gain or a hold against the party that held it (from :mod:`newsgen.facts.council`: known
where the council's file shows it, else neither is claimed). A multi-member ward's shares
are of the ballot papers (each voter had several votes), a single seat's of the valid votes.

``to_dict`` gives the same keys the verifier reads from a general-election seat
(``seat_name``, ``candidates[].votes``, ``majority``, ``turnout`` ...) so that every figure
and name in a ward story is checked the same way; ward-only facts are declared beside them in
:mod:`newsgen.facts.declared`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from newsgen.facts.council import Replay, SeatResult
from newsgen.facts.parties import PartyName, party_name
from newsgen.facts.people import Career, Person, find, person, same_person
from newsgen.records.models import Candidate, Contest

__all__ = ["WardCandidate", "WardFacts", "derive_ward_facts"]


@dataclass(frozen=True, slots=True)
class WardCandidate:
    name: str
    given_name: str
    family_name: str
    party: PartyName
    votes: int
    share: float | None  # per cent: of valid votes (one seat) or of ballot papers (several); None unknown
    position: int
    elected: bool
    #: a councillor for this ward going into the election (by the council's own file)
    sitting: bool = False
    #: the name the file gave that councillor when elected, where it spelled it otherwise
    #: ("Muhammad Babar" for 2024's "Bilal Barbar"): stories use this year's spelling
    sitting_as: str | None = None
    #: change in share since the last election, in points, where the source publishes it (PA)
    share_change: float | None = None
    #: a former councillor for this ward: the year they last won it, and the year they lost it
    councillor_from: int | None = None
    lost_seat: int | None = None
    row: int = 0
    # what stories and the verifier read for every candidate, general election or ward
    title: str | None = None
    honorific: str | None = None
    speaker: bool = False
    lost_deposit: bool = False
    sitting_mp: bool = False
    sat_for: str | None = None
    role: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def independent(self) -> bool:
        return self.party.code == "Ind"


@dataclass(frozen=True, slots=True)
class WardFacts:
    seat_id: str
    seat_name: str  # the ward
    council: str  # "Trafford Council"
    council_id: str | None
    year: int
    date: dt.date
    source_file: str
    seats: int  # seats filled
    by_election: bool
    candidates: tuple[WardCandidate, ...]
    valid_votes: int
    invalid_votes: int
    electorate: int | None
    ballots: int | None
    turnout: float | None  # per cent
    turnout_published: bool  # the file's own percentage (no counts to work it out from)
    #: the last elected candidate's votes less the first not elected (None: uncontested)
    majority: int | None
    #: each seat filled, most votes first: winner's party and the party defending it
    seat_results: tuple[SeatResult, ...]
    #: the council's file begins this year: "first ... since the results begin in 2016"
    results_since: int | None
    #: parties winning a seat on this council for the first time in the file
    council_firsts: tuple[str, ...] = ()
    #: seats each of those parties won across the council at this election ("its first two")
    council_first_seats: dict[str, int] = field(default_factory=dict)
    #: the ward's last contest in the file: its year and the parties it elected
    previous_year: int | None = None
    previous_parties: tuple[str, ...] = ()
    previous_turnout: float | None = None
    #: the majority at the ward's last contest, where the source gives it (PA's previous election)
    previous_majority: int | None = None
    #: that last result is notional: worked out on these boundaries, not held on them
    previous_notional: bool = False
    #: that last contest was a by-election (its turnout is not an ordinary election's)
    previous_by_election: bool = False
    #: what stories call one of those elected: "councillor", "MSP", "MS"
    member: str = "councillor"
    kind: str = "ward"
    extras: dict[str, Any] = field(default_factory=dict)

    # -- who won --------------------------------------------------------------------------
    @property
    def elected(self) -> tuple[WardCandidate, ...]:
        return tuple(c for c in self.candidates if c.elected)

    @property
    def winner(self) -> WardCandidate:
        return self.elected[0] if self.elected else self.candidates[0]

    @property
    def winning_party(self) -> PartyName:
        return self.winner.party

    @property
    def runner_up(self) -> WardCandidate | None:
        """The first candidate not elected."""
        return next((c for c in self.candidates if not c.elected), None)

    @property
    def uncontested(self) -> bool:
        return len(self.candidates) <= self.seats

    @property
    def parties_elected(self) -> Counter[str]:
        return Counter(c.party.code for c in self.elected)

    @property
    def split(self) -> bool:
        """A multi-member ward electing councillors of more than one party."""
        return self.seats > 1 and len(self.parties_elected) > 1

    @property
    def clean_sweep(self) -> bool:
        return self.seats > 1 and len(self.parties_elected) == 1 and len(self.elected) == self.seats

    @property
    def defeated_councillors(self) -> tuple[WardCandidate, ...]:
        return tuple(c for c in self.candidates if c.sitting and not c.elected)

    @property
    def gains(self) -> tuple[SeatResult, ...]:
        return tuple(r for r in self.seat_results if r.gain)

    @property
    def holds(self) -> tuple[SeatResult, ...]:
        return tuple(r for r in self.seat_results if r.gain is False)

    @property
    def result(self) -> str | None:
        """ "gain", "hold" (every seat), "mixed", or None when no seat's defender is known."""
        known = [r for r in self.seat_results if r.gain is not None]
        if not known or len(known) < len(self.seat_results):
            return "gain" if any(r.gain for r in known) else None
        if all(r.gain for r in known):
            return "gain"
        return "hold" if not any(r.gain for r in known) else "mixed"

    @property
    def previous_party(self) -> PartyName | None:
        """The party defending a single seat, when known."""
        if len(self.seat_results) == 1 and self.seat_results[0].defended:
            return party_name(self.seat_results[0].defended, None)
        return None

    @property
    def turnout_change(self) -> float | None:
        if self.turnout is None or self.previous_turnout is None:
            return None
        return round(self.turnout, 1) - round(self.previous_turnout, 1)

    def party(self, code: str) -> PartyName:
        found = next((c.party for c in self.candidates if c.party.code == code), None)
        return found or party_name(code, None)

    def to_dict(self) -> dict[str, Any]:
        """What the verifier and the JSON output read (general-election keys where they mean
        the same; ward-only keys declared in ``facts.declared``)."""
        win = self.winning_party
        prev = self.previous_party
        won = self.parties_elected
        return {
            "kind": "ward",
            "seat_id": self.seat_id,
            "seat_name": self.seat_name,
            "council": self.council,
            "year": self.year,
            "source_file": self.source_file,
            "seats": self.seats,
            "by_election": self.by_election,
            "candidates": tuple(
                _candidate(c, won[c.party.code], self.council_first_seats.get(c.party.code)) for c in self.candidates
            ),
            "valid_votes": self.valid_votes,
            "invalid_votes": self.invalid_votes,
            "electorate": self.electorate,
            "ballots": self.ballots,
            "turnout": self.turnout,
            "turnout_published": self.turnout_published,
            "majority": self.majority,
            "result": self.result,
            "winning_party": _party(win),
            "previous_party": None if prev is None else _party(prev),
            "seat_results": [{"winner": r.winner, "defended": r.defended} for r in self.seat_results],
            "defended_since": [r.since for r in self.seat_results if r.since is not None],
            "results_since": self.results_since,
            "previous_year": self.previous_year,
            "previous_turnout": self.previous_turnout,
            "previous_majority": self.previous_majority,
            # what provenance names as the baseline of a share change or a previous majority
            "baseline_kind": "previous",
            "baseline_year": self.previous_year,
            "turnout_change": self.turnout_change,
            "predecessor_names": (),
            "winner": self.winner.name,
        }


def _party(p: PartyName) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "noun": p.noun,
        "adj": p.adj,
        "noun_alt": p.noun_alt,
        "adj_alt": p.adj_alt,
        "short": p.short,
    }


def _candidate(c: WardCandidate, party_seats: int, first_seats: int | None) -> dict[str, Any]:
    """A candidate as the verifier reads one; ``party_seats``: the seats their party won in
    the ward ("Labour won two of the three seats"); ``first_seats``: for a party winning its
    first seats on the council, how many it won across it ("one of Reform UK's first two")."""
    return {
        "name": c.name,
        "given_name": c.given_name,
        "family_name": c.family_name,
        "party": _party(c.party),
        "votes": c.votes,
        "share": c.share,
        "share_change": c.share_change,
        "position": c.position,
        "elected": c.elected,
        "seats_won": party_seats,
        "councillor_from": c.councillor_from,
        "lost_seat": c.lost_seat,
        "council_first_seats": first_seats,
        "sitting": c.sitting,
        "sitting_as": c.sitting_as,
        "title": c.title,
        "honorific": c.honorific,
        "row": c.row,
        # the verifier's name for "held this seat going into the election" (an MP, a councillor)
        "sitting_mp": c.sitting,
        "sat_for": None,
        "role": c.role,
        "notes": c.notes,
    }


def _turnout(contest: Contest) -> tuple[float | None, bool]:
    if not contest.counts_unknown and contest.electorate:
        ballots = contest.ballots if contest.ballots is not None else contest.valid_votes + contest.invalid_votes
        return 100.0 * ballots / contest.electorate, False
    if contest.published_turnout is not None:
        return contest.published_turnout, True
    return None, False


def derive_ward_facts(
    contest: Contest,
    *,
    council: str,
    date: dt.date,
    source_file: str,
    member: str = "councillor",
    replay: Replay | None = None,
    previous: tuple[Contest, dt.date] | None = None,
    council_won: Counter[str] | None = None,
    careers: list[Career] | None = None,
) -> WardFacts:
    """A ward's facts from its contest, and the council's replayed history where there is one.

    ``previous`` is the ward's last contest in the file (same GSS code) and its date;
    ``council_won`` the seats each party won across the council at this election.
    """
    ward = contest.name.removesuffix(" (by-election)")
    councillors = replay.before.sitting(ward) if replay and replay.before else None
    sitting = {id(c): _sitting(c, councillors) for c in contest.candidates}
    denominator = contest.valid_votes if contest.valid_votes else 0
    changes = _share_changes(contest, previous[0] if previous is not None else None)
    candidates = tuple(
        WardCandidate(
            name=c.name,
            given_name=c.given_name,
            family_name=c.family_name,
            party=party_name(c.party_code, c.party.name if c.party else None),
            votes=c.votes,
            share=round(100.0 * c.votes / denominator, 4) if denominator else None,
            position=c.position,
            elected=c.elected,
            sitting=sitting[id(c)][0],
            sitting_as=sitting[id(c)][1],
            # not sitting, but elected here before and beaten here since: a former councillor back
            councillor_from=_career(careers, c, sitting[id(c)][0])[0],
            lost_seat=_career(careers, c, sitting[id(c)][0])[1],
            share_change=(
                100.0 * c.share_change if c.share_change is not None else changes.get((c.party_code, c.position))
            ),
            row=c.row,
        )
        for c in contest.candidates
    )
    elected = [c for c in candidates if c.elected]
    losers = [c for c in candidates if not c.elected]
    majority = elected[-1].votes - losers[0].votes if elected and losers else None
    results = tuple(replay.results.get(contest.name, ())) if replay else ()
    if all(r.defended is None for r in results):  # the council's file cannot tell: the source may
        results = _published(contest) or results or tuple(SeatResult(c.party.code, None) for c in elected)
    firsts: tuple[str, ...] = ()
    if replay is not None and replay.first_year is not None:
        firsts = tuple(dict.fromkeys(c.party.code for c in elected if c.party.code not in replay.won_before))
        firsts = tuple(code for code in firsts if code != "Ind")
    turnout, published = _turnout(contest)
    prev_turnout = _turnout(previous[0])[0] if previous is not None else None
    return WardFacts(
        seat_id=contest.seat_id,
        seat_name=contest.name,
        council=council,
        council_id=contest.council_id,
        year=date.year,
        date=date,
        source_file=source_file,
        seats=contest.seats,
        by_election=contest.by_election,
        candidates=candidates,
        valid_votes=contest.valid_votes,
        invalid_votes=contest.invalid_votes,
        electorate=None if contest.counts_unknown else contest.electorate,
        ballots=None if contest.counts_unknown else contest.ballots,
        turnout=turnout,
        turnout_published=published,
        majority=majority,
        seat_results=results,
        results_since=replay.first_year if replay else None,
        council_firsts=firsts,
        council_first_seats={code: (council_won or Counter())[code] for code in firsts},
        previous_year=previous[1].year if previous is not None else None,
        previous_parties=tuple(c.party_code for c in previous[0].candidates if c.elected) if previous else (),
        previous_turnout=prev_turnout,
        previous_majority=previous[0].published_majority if previous is not None else None,
        previous_notional=previous[0].notional if previous is not None else False,
        previous_by_election=previous[0].by_election if previous is not None else False,
        member=member,
    )


def _sitting(c: Candidate, councillors: frozenset[Person] | None) -> tuple[bool, str | None]:
    """Is ``c`` one of the ward's councillors going into the election (by the council's file:
    :func:`newsgen.facts.people.same_person`), and the name the file gave them then where it
    spelled it otherwise. With no state from the file, a source that marks the sitting member
    itself (PA) says."""
    if not councillors:
        return c.sitting_mp, None
    found = find(person(c), councillors)
    if not found:
        return False, None
    names = {p.name for p in found}
    return True, (names.pop() if len(names) == 1 and c.name not in names else None)


def _career(careers: list[Career] | None, c: Candidate, sitting: bool) -> tuple[int | None, int | None]:
    """(last won here, lost here since) for a candidate who is not a sitting councillor."""
    if not careers or sitting:
        return None, None
    who = person(c)
    career = next((k for k in careers if same_person(who, k.person)), None)
    if career is None or career.won is None or career.lost is None:
        return None, None
    return career.won, career.lost


def _share_changes(contest: Contest, previous: Contest | None) -> dict[tuple[str, int], float]:
    """Each party's change in share since the ward's last contest, in points, where both filled
    one seat on the same boundaries with counted votes (keyed by party and the position of its
    best-placed candidate now; independents, and parties that did not stand then, left out)."""
    if (
        previous is None
        or contest.seats != 1
        or previous.seats != 1
        or previous.notional
        or not contest.valid_votes
        or not previous.valid_votes
    ):
        return {}
    before: dict[str, float] = {}
    for c in previous.candidates:
        if c.party_code != "Ind" and c.party_code not in before:
            before[c.party_code] = 100.0 * c.votes / previous.valid_votes
    out: dict[tuple[str, int], float] = {}
    seen: set[str] = set()
    for c in contest.candidates:
        code = c.party_code
        if code in before and code not in seen:
            out[(code, c.position)] = round(100.0 * c.votes / contest.valid_votes - before[code], 4)
        seen.add(code)
    return out


def _published(contest: Contest) -> tuple[SeatResult, ...]:
    """The gain or hold a source publishes for a single seat ("SNP hold", "Lab gain from SNP")."""
    words = contest.result_summary.split()
    if contest.seats != 1 or len(words) < 2:
        return ()
    if words[1] == "hold":
        return (SeatResult(words[0], words[0]),)
    if words[1:3] == ["gain", "from"] and len(words) == 4:
        return (SeatResult(words[0], words[3]),)
    return ()
