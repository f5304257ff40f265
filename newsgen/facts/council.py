"""A council's seats from its own results file: who held each ward's seats, before and after.

The LGA files councils publish hold every election since the file began (Trafford: 2016 to
2026). Replaying them gives the state of the parties without anyone typing it in:

* an **all-out** election (every ward fills all its seats: Trafford in 2023) sets every
  ward's councillors; the one elected with fewest votes serves the shortest term, so at
  the next thirds election that seat is up first;
* a **thirds** election fills the seat that comes up in each ward: the one elected longest
  ago, and the councillor it was defending is the one the seat was held by;
* a **by-election** fills a seat someone left. The file does not say whose. When every
  councillor in the ward was of one party, the party that lost the seat is known (which of
  them left is not); when they were not, the ward's count of seats is unknown from then on.

Where the file cannot tell, the state says so (``uncertain`` wards), and a story gives the
totals it can vouch for and names the wards it cannot; the newsroom's context file can
supply the state instead. Without an all-out election in the file, no state is derived.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsgen.facts.parties import party_name
from newsgen.facts.people import Person, person
from newsgen.readers.parties import NAMES
from newsgen.records.models import Candidate, Contest, CouncilTotals, Election

__all__ = ["CouncilState", "Seat", "SeatResult", "replay"]


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat in a ward: the party (or parties, when the file cannot tell) holding it and
    who may be its councillor."""

    parties: frozenset[str]
    people: frozenset[Person]  # whoever may hold it (matched to a later name by facts.people)
    since: dt.date

    @property
    def party(self) -> str | None:
        """The party holding it, when known."""
        return next(iter(self.parties)) if len(self.parties) == 1 else None


@dataclass(frozen=True, slots=True)
class SeatResult:
    """What one seat filled at an election was: won by ``winner``, defending ``defended``
    (None: the file cannot tell)."""

    winner: str
    defended: str | None
    #: the year the defended seat was last won (known for the seat that came up in its turn)
    since: int | None = None

    @property
    def gain(self) -> bool | None:
        return None if self.defended is None else self.winner != self.defended


@dataclass
class _Ward:
    seats: list[Seat]  # in the order they come up: the first is up next
    counts: Counter[str] | None  # seats by party, None when unknown
    #: when the counts became unknown at the last step: each count they may now be
    options: list[Counter[str]] | None = None


@dataclass
class CouncilState:
    """The council's seats at one moment, derived from the file since ``since`` (its last
    all-out election)."""

    since: dt.date
    wards: dict[str, _Ward] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(w.seats) for w in self.wards.values())

    @property
    def parties(self) -> Counter[str]:
        """Seats by party in the wards whose count is known."""
        out: Counter[str] = Counter()
        for w in self.wards.values():
            if w.counts is not None:
                out.update(w.counts)
        return +out

    def bounds(self) -> dict[str, tuple[int, int]] | None:
        """Each party's fewest and most seats, where every uncertain ward has a few possible
        counts (a seat up that was one of two parties'); None when any ward has none."""
        sure = self.parties
        low: Counter[str] = Counter(sure)
        high: Counter[str] = Counter(sure)
        for name in self.uncertain:
            options = self.wards[name].options
            if not options:
                return None
            parties = {p for o in options for p in o}
            for p in parties:
                low[p] += min(o[p] for o in options)
                high[p] += max(o[p] for o in options)
        return {p: (low[p], high[p]) for p in sorted(set(low) | set(high))}

    @property
    def uncertain(self) -> list[str]:
        """Wards whose seats by party the file cannot tell."""
        return sorted(name for name, w in self.wards.items() if w.counts is None)

    @property
    def exact(self) -> bool:
        return not self.uncertain

    def sitting(self, ward: str) -> frozenset[Person]:
        """Everyone who may be a councillor for the ward now."""
        w = self.wards.get(ward)
        return frozenset().union(*(s.people for s in w.seats)) if w else frozenset()

    def holders(self, ward: str) -> list[Seat]:
        w = self.wards.get(ward)
        return list(w.seats) if w else []

    def copy(self) -> CouncilState:
        return CouncilState(
            self.since,
            {
                k: _Ward(list(w.seats), None if w.counts is None else Counter(w.counts), w.options)
                for k, w in self.wards.items()
            },
        )


def all_out(election: Election) -> bool:
    """Did every ward fill all its seats (more than one seat a ward on average)?"""
    ordinary = [c for c in election.contests if not c.by_election]
    return bool(ordinary) and sum(c.seats for c in ordinary) >= 2 * len(ordinary)


def _elected(contest: Contest) -> list[Candidate]:
    return [c for c in contest.candidates if c.elected]


def _start(election: Election) -> CouncilState:
    state = CouncilState(election.polling_date)
    for contest in election.contests:
        if contest.by_election:
            continue
        # fewest votes first: the seat with the shortest term comes up first
        winners = sorted(_elected(contest), key=lambda c: c.votes)
        state.wards[contest.name] = _Ward(
            [Seat(frozenset({c.party_code}), frozenset({person(c)}), election.polling_date) for c in winners],
            Counter(c.party_code for c in winners),
        )
    return state


def apply(state: CouncilState, election: Election) -> dict[str, list[SeatResult]]:
    """Fill the seats ``election`` elected (a thirds year, or by-elections) into ``state``;
    return what each ward's seats were defending."""
    results: dict[str, list[SeatResult]] = {}
    for contest in sorted(election.contests, key=lambda c: c.by_election):
        ward_name = contest.name.removesuffix(" (by-election)")
        ward = state.wards.get(ward_name)
        winners = sorted(_elected(contest), key=lambda c: -c.votes)
        if ward is None:
            results[contest.name] = [SeatResult(c.party_code, None) for c in winners]
            continue
        out: list[SeatResult] = []
        # an ordinary contest's first winner takes the seat that is up; any more winners, and
        # every by-election winner, fill seats someone left (whose, the file does not say)
        regular = [] if contest.by_election else winners[:1]
        casual = winners if contest.by_election else winners[1:]
        for c in regular:
            seat = ward.seats.pop(0) if ward.seats else None
            defended = seat.party if seat else None
            out.append(SeatResult(c.party_code, defended, seat.since.year if seat and defended else None))
            if ward.counts is not None:
                if defended is None:
                    # the seat up was one of these parties': each gives a possible count
                    parties = seat.parties if seat else frozenset()
                    ward.options = [
                        +(ward.counts - Counter({d: 1}) + Counter({c.party_code: 1}))
                        for d in sorted(parties)
                        if ward.counts[d] > 0
                    ] or None
                    ward.counts = None
                else:
                    ward.counts[defended] -= 1
                    ward.counts[c.party_code] += 1
            else:
                ward.options = None  # unknown before this step: no bounds
            ward.seats.append(Seat(frozenset({c.party_code}), frozenset({person(c)}), election.polling_date))
        for c in casual:
            parties = frozenset().union(*(s.parties for s in ward.seats)) if ward.seats else frozenset()
            defended = next(iter(parties)) if len(parties) == 1 else None
            out.append(SeatResult(c.party_code, defended))
            if ward.counts is not None:
                if defended is None:
                    ward.counts = None
                else:
                    ward.counts[defended] -= 1
                    ward.counts[c.party_code] += 1
            # any seat of the ward may be the one refilled: each now may be the winner's
            who = person(c)
            ward.seats = [Seat(s.parties | {c.party_code}, s.people | {who}, s.since) for s in ward.seats]
        if ward.counts is not None:
            ward.counts = +ward.counts
        results[contest.name] = out
    return results


@dataclass
class Replay:
    """The council before and after one election, and what each seat filled was defending."""

    before: CouncilState | None
    after: CouncilState | None
    results: dict[str, list[SeatResult]]
    #: parties that had won a seat on the council at an earlier election in the file
    won_before: frozenset[str]
    #: the year of the file's first election for this council
    first_year: int | None


def replay(election: Election, earlier: Sequence[Election]) -> Replay:
    """Replay the council's earlier elections in the file, then ``election``."""
    history = sorted((e for e in earlier if e.polling_date < election.polling_date), key=lambda e: e.polling_date)
    won_before = frozenset(c.party_code for e in history for contest in e.contests for c in _elected(contest))
    first_year = history[0].polling_date.year if history else None
    starts = [i for i, e in enumerate(history) if all_out(e)]
    state: CouncilState | None = None
    if starts:
        state = _start(history[starts[-1]])
        for e in history[starts[-1] + 1 :]:
            apply(state, e)
    if all_out(election):
        after = _start(election)
        results = {
            c.name: [SeatResult(x.party_code, None) for x in _elected(c)] for c in election.contests
        }  # new wards: nothing defended seat by seat
        return Replay(state, after, results, won_before, first_year)
    if state is None:
        results = {c.name: [SeatResult(x.party_code, None) for x in _elected(c)] for c in election.contests}
        return Replay(None, None, results, won_before, first_year)
    after = state.copy()
    results = apply(after, election)
    return Replay(state, after, results, won_before, first_year)


def control(parties: Counter[str], total: int) -> str | None:
    """The party with a majority of ``total`` seats, or None (no overall control)."""
    need = total // 2 + 1
    return next((p for p, n in parties.items() if n >= need), None)


def seats_needed(total: int) -> int:
    return total // 2 + 1


def changes(results: Iterable[SeatResult]) -> tuple[Counter[str], Counter[str]]:
    """Seats gained and lost by party, over the seats whose defended party is known."""
    gained: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    for r in results:
        if r.defended is not None and r.winner != r.defended:
            gained[r.winner] += 1
            lost[r.defended] += 1
    return gained, lost


@dataclass(frozen=True, slots=True)
class PartySeats:
    """One party's seats in a council story."""

    code: str
    won: int  # seats won at this election
    gained: int  # of those, taken from another party (where the seat's holder is known)
    lost: int  # seats it was defending and lost
    before: int | None  # seats on the council before (None: not derivable)
    after: int | None  # seats after
    votes: int  # votes for its candidates across the wards (several per voter in multi-seat wards)
    #: per cent of the votes across the wards contested, where each voter had one vote
    share: float | None = None
    #: change in that share, in points, since the comparable election (``CouncilFacts.compared_with``)
    share_change: float | None = None


@dataclass(frozen=True, slots=True)
class CouncilFacts:
    """A council's result: seats up, won, gained and lost by party, and the state of the parties."""

    seat_id: str  # the council's id
    seat_name: str  # "Trafford Council"
    year: int
    date: dt.date
    source_file: str
    all_out: bool
    wards: int  # wards contested
    seats_up: int
    total_seats: int | None  # seats on the council (from the replayed state)
    parties: tuple[PartySeats, ...]  # most seats won first
    #: where before and after come from: "file" (replayed since ``state_since``) or None
    state_source: str | None
    state_since: int | None
    uncertain_wards: tuple[str, ...]  # wards whose seats by party the file cannot tell
    control_before: str | None  # party code, "NOC", or None (unknown)
    control_after: str | None
    turnout: float | None  # across the wards with counts
    results_since: int | None
    valid_votes: int = 0  # the wards' valid ballot papers, added up
    invalid_votes: int = 0
    #: seats that changed hands where the file shows it: (winner, loser, seats), most first
    swaps: tuple[tuple[str, str, int], ...] = ()
    #: the wards where a seat changed hands: (ward, winner, loser), in the order of the wards
    changed_wards: tuple[tuple[str, str, str], ...] = ()
    #: the closest contest: (ward, majority of its last seat, seats it filled, that seat's party)
    narrowest: tuple[str, int, int, str] | None = None
    #: where the seats after cannot be told exactly: each party's fewest and most (by code)
    after_range: dict[str, tuple[int, int]] | None = None
    #: the council's last election comparable with this one (:func:`comparable`): its year,
    #: whether every seat was elected then, and its turnout across the wards
    compared_with: int | None = None
    compared_all_out: bool = False
    previous_turnout: float | None = None
    kind: str = "council"

    @property
    def turnout_change(self) -> float | None:
        if self.turnout is None or self.previous_turnout is None:
            return None
        return round(self.turnout, 1) - round(self.previous_turnout, 1)

    @property
    def needed(self) -> int | None:
        return seats_needed(self.total_seats) if self.total_seats else None

    @property
    def won_groups(self) -> list[tuple[int, list[str]]]:
        """Parties by seats won, those on the same number together, most first (after the
        top party): [(2, ["Con", "Green", "LD"])] for "two seats each"."""
        return self.groups_from(1)

    def groups_from(self, first: int) -> list[tuple[int, list[str]]]:
        """As :attr:`won_groups`, from the ``first`` party on (0: every party)."""
        groups: dict[int, list[str]] = {}
        for p in self.parties[first:]:
            if p.won:
                groups.setdefault(p.won, []).append(p.code)
        return sorted(groups.items(), key=lambda g: -g[0])

    @property
    def largest(self) -> PartySeats | None:
        """The party with most seats after (by the state), else most won this time."""
        if self.parties and self.parties[0].after is not None and self.state_source:
            ranked = sorted(self.parties, key=lambda p: -(p.after or 0))
            if len(ranked) > 1 and ranked[0].after == ranked[1].after:
                return None
            return ranked[0]
        return None

    def to_dict(self) -> dict[str, Any]:

        # one row per party where a seat story has its candidates: the verifier finds whose
        # seats a figure is ("Labour won 15 seats") as it finds whose votes
        rows = tuple(
            _party_row(p, i, (self.after_range or {}).get(p.code)) for i, p in enumerate(self.parties, start=1)
        )
        return {
            "kind": "council",
            "seat_id": self.seat_id,
            "seat_name": self.seat_name,
            "year": self.year,
            "source_file": self.source_file,
            "candidates": rows,
            "valid_votes": self.valid_votes,
            "invalid_votes": self.invalid_votes,
            "seats_up": self.seats_up,
            "total_seats": self.total_seats,
            "seats_needed": self.needed,
            "state_since": self.state_since,
            # whose the seats before and after are ("file", "context", "pa"), and the wards
            # whose seat the file cannot tell (the outputs' state-of-the-parties table says so)
            "state_source": self.state_source,
            "uncertain_wards": list(self.uncertain_wards),
            "results_since": self.results_since,
            "turnout": self.turnout,
            # the comparable election's year and turnout (shares' changes are in the rows)
            "previous_year": self.compared_with,
            "previous_turnout": self.previous_turnout,
            "turnout_change": self.turnout_change,
            "baseline_kind": "previous",
            "baseline_year": self.compared_with,
            "narrowest_majority": self.narrowest[1] if self.narrowest else None,
            "narrowest_seats": self.narrowest[2] if self.narrowest else None,
            "result": "hold" if self.control_after and self.control_after == self.control_before else None,
            "winning_party": None,
            "previous_party": None,
            "predecessor_names": (),
        }


def _party_row(p: PartySeats, position: int, after_range: tuple[int, int] | None = None) -> dict[str, Any]:
    name = party_name(p.code, NAMES.get(p.code))  # "Conservative", not "Con", in a table
    return {
        "name": "",
        "given_name": "",
        "family_name": "",
        "party": {
            "code": name.code,
            "name": name.name,
            "noun": name.noun,
            "adj": name.adj,
            "noun_alt": name.noun_alt,
            "adj_alt": name.adj_alt,
            "short": name.short,
        },
        "votes": None,
        "share": p.share,
        "share_change": p.share_change,
        "seats_won": p.won,
        "seats_gained": p.gained,
        "seats_lost": p.lost,
        "seats_before": p.before,
        "seats_after": p.after,
        "seats_after_low": after_range[0] if after_range else None,
        "seats_after_high": after_range[1] if after_range else None,
        "elected": p.won > 0,
        "position": position,
        "row": 0,
    }


def _control(state: CouncilState | None) -> str | None:
    """The party in control ("NOC" for none) where the state shows it, even with some wards
    uncertain: a party whose sure seats reach a majority, or none that could."""
    if state is None or not state.total:
        return None
    need = seats_needed(state.total)
    sure = state.parties
    spare = sum(len(state.wards[w].seats) for w in state.uncertain)
    leader = next((p for p, n in sure.items() if n >= need), None)
    if leader is not None:
        return leader
    if all(n + spare < need for n in sure.values()) and spare < need:
        return "NOC"
    return None


def _standing(party: PartySeats) -> tuple[int, int, int, str]:
    """Order parties by seats won tonight, then seats held after and before, then code."""
    return (-party.won, -(party.after or 0), -(party.before or 0), party.code)


def derive_council_facts(
    election: Election,
    council_id: str,
    council_name: str,
    replay: Replay,
    *,
    source_file: str,
    earlier: Sequence[Election] = (),
) -> CouncilFacts:
    """A council's facts from its contests at ``election`` and the replayed file; ``earlier``
    is the council's earlier elections in the file, for the vote shares and turnout then."""
    contests = [c for c in election.contests if c.council_id == council_id]
    shares = vote_shares(contests)
    then = comparable(election, earlier)
    then_contests = [c for c in then.contests if c.council_id == council_id] if then else []
    shares_then = vote_shares(then_contests) if then and shares else None
    won: Counter[str] = Counter(x.party_code for c in contests for x in _elected(c))
    votes: Counter[str] = Counter()
    for c in contests:
        for x in c.candidates:
            votes[x.party_code] += x.votes
    results = [r for c in contests for r in replay.results.get(c.name, ())]
    gained, lost = changes(results)
    before = replay.before if replay.before is not None and replay.before.exact else None
    after = replay.after if replay.after is not None and replay.after.exact else None
    codes = list(dict.fromkeys([*won, *lost, *(before.parties if before else ()), *(after.parties if after else ())]))
    parties = tuple(
        sorted(
            (
                PartySeats(
                    code=code,
                    won=won[code],
                    gained=gained[code],
                    lost=lost[code],
                    before=before.parties[code] if before else None,
                    after=after.parties[code] if after else None,
                    votes=votes[code],
                    share=shares.get(code) if shares else None,
                    share_change=(
                        round(shares[code] - shares_then[code], 4)
                        if shares and shares_then and code in shares and code in shares_then and code != "Ind"
                        else None
                    ),
                )
                for code in dict.fromkeys([*codes, *(shares or {})])
                if code != "Ind" or won[code]
            ),
            key=_standing,
        )
    )
    state = replay.after or replay.before
    turnout = council_turnout(contests)
    return CouncilFacts(
        seat_id=council_id,
        seat_name=council_name,
        year=election.polling_date.year,
        date=election.polling_date,
        source_file=source_file,
        all_out=all_out(election),
        wards=len(contests),
        seats_up=sum(c.seats for c in contests),
        total_seats=state.total if state else None,
        parties=parties,
        state_source="file" if state else None,
        state_since=state.since.year if state else None,
        uncertain_wards=tuple(replay.after.uncertain) if replay.after else (),
        control_before=_control(replay.before),
        control_after=_control(replay.after),
        turnout=turnout,
        results_since=replay.first_year,
        valid_votes=sum(c.valid_votes for c in contests),
        invalid_votes=sum(c.invalid_votes for c in contests),
        swaps=tuple(
            (w, d, n)
            for (w, d), n in Counter(
                (r.winner, r.defended) for r in results if r.defended is not None and r.winner != r.defended
            ).most_common()
        ),
        changed_wards=tuple(
            (c.name, r.winner, r.defended)
            for c in contests
            for r in replay.results.get(c.name, ())
            if r.defended is not None and r.winner != r.defended
        ),
        narrowest=_narrowest(contests),
        after_range=replay.after.bounds() if replay.after is not None and not replay.after.exact else None,
        compared_with=then.polling_date.year if then else None,
        compared_all_out=all_out(then) if then else False,
        previous_turnout=council_turnout(then_contests) if then and turnout is not None else None,
    )


def _wards(election: Election) -> Counter[str]:
    """Seats filled in each ward (by GSS code) at an election, its by-elections included."""
    out: Counter[str] = Counter()
    for c in election.contests:
        out[c.seat_id.removesuffix("-by")] += c.seats
    return out


def comparable(now: Election, earlier: Sequence[Election]) -> Election | None:
    """The council's last election that ``now`` can be compared with across the wards, or None.

    Ordinary elections only (a day of by-elections is not one). First choice: the council's
    previous ordinary election in the file, whatever its year -- Trafford elects by thirds
    but holds none in the fourth year of its cycle (2025) and none was held in 2020, so its
    2026 election compares with 2024's, and 2021's with 2019's. Second choice: its ordinary
    election four years before (in a thirds cycle, the same seats' last turn; for an all-out
    council, its last full election). Either counts only when the same wards voted, by their
    GSS codes: new boundaries (Trafford's 2023) never compare with the old. Beyond that: no
    comparison at all.

    What is compared is up to the caller: turnout (a share of the electors, so a thirds year
    and an all-out year compare) where both have every ward's electorate and ballots, and
    vote shares only where every ward filled one seat both times (:func:`vote_shares`).
    """
    ordinary = [e for e in earlier if e.polling_date < now.polling_date and e.kind == "local" and e.contests]
    wards = set(_wards(now))
    previous = max(ordinary, key=lambda e: e.polling_date, default=None)
    four_before = [e for e in ordinary if e.polling_date.year == now.polling_date.year - 4]
    for then in (previous, *four_before):
        if then is not None and set(_wards(then)) == wards:
            return then
    return None


def vote_shares(contests: Sequence[Contest]) -> dict[str, float] | None:
    """Each party's per cent of the votes across ``contests`` (independents together as
    "Ind"), where every ward filled one seat: each voter had one vote, so the shares are of
    voters. A ward filling several seats (an all-out election, or a vacancy filled beside
    the seat up) gives each voter several votes, and None is returned."""
    per_ward = Counter(c.seat_id.removesuffix("-by") for c in contests)
    if not contests or any(c.seats != 1 for c in contests) or max(per_ward.values()) > 1:
        return None
    votes: Counter[str] = Counter()
    for c in contests:
        for x in c.candidates:
            votes[x.party_code] += x.votes
    total = sum(votes.values())
    if not total:
        return None
    return {code: round(100.0 * n / total, 4) for code, n in votes.most_common()}


def council_turnout(contests: Sequence[Contest]) -> float | None:
    """Ballots over electors across the wards, where every ward's are known (per cent)."""
    counted = [c for c in contests if not c.counts_unknown and c.electorate]
    if not counted or len(counted) != len(contests):
        return None
    ballots = sum(c.ballots if c.ballots is not None else c.valid_votes + c.invalid_votes for c in counted)
    return 100.0 * ballots / sum(c.electorate for c in counted)


def _narrowest(contests: Sequence[Contest]) -> tuple[str, int, int, str] | None:
    """The ward whose last seat was won by the fewest votes (contested wards only), and the
    party that won that seat."""
    best: tuple[str, int, int, str] | None = None
    for c in contests:
        elected = [x for x in c.candidates if x.elected]
        losers = [x for x in c.candidates if not x.elected]
        if elected and losers:
            margin = elected[-1].votes - losers[0].votes
            if best is None or margin < best[1]:
                best = (c.name, margin, c.seats, elected[-1].party_code)
    return best


def council_from_totals(
    election: Election, council_id: str, council_name: str, totals: CouncilTotals, *, source_file: str
) -> CouncilFacts:
    """A council's facts from a source that publishes its result whole (PA's LocalElectionResult):
    seats won, net changes, and the new council; the council before is the new one less the
    changes. Control before and after follow PA's winning party and gain or hold."""
    after = {code: n for code, n in totals.after.items()}
    before = {code: after.get(code, 0) - totals.changes.get(code, 0) for code in {*after, *totals.changes}}
    total = sum(after.values()) or None
    codes = list(dict.fromkeys([*totals.won, *after, *before]))
    parties = tuple(
        sorted(
            (
                PartySeats(
                    code=code,
                    won=totals.won.get(code, 0),
                    gained=max(totals.changes.get(code, 0), 0),
                    lost=max(-totals.changes.get(code, 0), 0),
                    before=before.get(code, 0),
                    after=after.get(code, 0),
                    votes=0,
                )
                for code in codes
            ),
            key=lambda p: (-p.won, -(p.after or 0), p.code),
        )
    )
    outcome = (totals.gain_or_hold or "").lower()
    control_after = "NOC" if outcome == "lose to noc" or not totals.winning_party else totals.winning_party
    if outcome in ("hold", "no change"):
        control_before = control_after
    elif outcome == "lose to noc":
        control_before = totals.sitting_party
    else:
        control_before = totals.sitting_party or ("NOC" if outcome == "gain" else None)
    return CouncilFacts(
        seat_id=council_id,
        seat_name=council_name,
        year=election.polling_date.year,
        date=election.polling_date,
        source_file=source_file,
        all_out=totals.proportion == "all",
        wards=0,
        seats_up=sum(totals.won.values()),
        total_seats=total,
        parties=parties,
        state_source="pa",
        state_since=None,
        uncertain_wards=(),
        control_before=control_before,
        control_after=control_after,
        turnout=None,
        results_since=None,
    )


def with_newsroom_state(facts: CouncilFacts, before: dict[str, int], after: dict[str, int]) -> CouncilFacts:
    """A council's facts with the state of the parties the newsroom supplies (party codes):
    used where the file cannot give it, and the story says whose figures they are."""
    from dataclasses import replace

    old = {p.code: p for p in facts.parties}
    codes = list(dict.fromkeys([*old, *before, *after]))
    parties = tuple(
        sorted(
            (
                replace(
                    old.get(code) or PartySeats(code, 0, 0, 0, None, None, 0),
                    before=before.get(code, 0) if before else (old[code].before if code in old else None),
                    after=after.get(code, 0) if after else (old[code].after if code in old else None),
                )
                for code in codes
            ),
            key=_standing,
        )
    )
    total = sum(after.values()) or sum(before.values()) or facts.total_seats

    def control(state: dict[str, int]) -> str | None:
        if not state:
            return None
        need = seats_needed(sum(state.values()))
        return next((p for p, n in state.items() if n >= need), "NOC")

    return replace(
        facts,
        parties=parties,
        total_seats=total,
        state_source="context",
        uncertain_wards=() if after else facts.uncertain_wards,
        control_before=control(before) or facts.control_before,
        control_after=control(after) or facts.control_after,
    )
