"""Derive a seat's facts from its contest record and baseline, once.

Every number a story can print is a field here (or of a CandidateFacts), with the
source file it came from, so that a rendered figure can be traced back and checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Any

from newsgen.baselines.byelections import ByElection
from newsgen.baselines.models import Baseline, HistoryEntry, MemberResult, MemberTenure, PreviousResult
from newsgen.baselines.names import normalise
from newsgen.baselines.sources import own_history
from newsgen.facts.parties import GROUP_NAMES, HISTORY_GROUP, PartyName, party_name
from newsgen.facts.whoswho import copy_role
from newsgen.records.models import Candidate, Contest

DEPOSIT_SHARE = 5.0  # per cent of valid votes, below which a candidate loses the deposit
if TYPE_CHECKING:
    from newsgen.baselines.byelections import ByElections
    from newsgen.context import Context
    from newsgen.facts.whoswho import WhosWho

_SUMMARY = re.compile(r"^(?P<winner>\S+) (?:(?P<hold>hold)|gain from (?P<loser>\S+))$")


def sat_here(seat_name: str, predecessor_names: tuple[str, ...], sitting_mp: bool, sat_for: str | None) -> bool:
    """Did a sitting MP hold this seat (or its predecessor)? The one rule for templates
    ("kept", "re-elected") and the verifier, which reads the same fields from a story's JSON."""
    if not sitting_mp:
        return False
    if sat_for is None:
        return True
    return normalise(sat_for) in {normalise(seat_name), *(normalise(n) for n in predecessor_names)}


@dataclass(frozen=True, slots=True)
class CandidateFacts:
    name: str
    given_name: str
    family_name: str
    party: PartyName
    votes: int
    share: float  # per cent of valid votes
    share_change: float | None  # percentage points, against the baseline, as published
    position: int
    lost_deposit: bool
    sitting_mp: bool
    former_mp: bool
    speaker: bool
    member_id: int | None
    title: str | None  # Mr / Ms when the data gives gender
    tenure_since: int | None = None  # sitting MPs: first GE of their unbroken run (2010-2019 files)
    tenure_before: bool = False  # already an MP at that election
    sat_for: str | None = None  # sitting MPs: the seat they won at the last general election, if known
    elected_as: str | None = None  # sitting MPs: the party code they won that election for, if known
    #: earlier general elections (2010 on) at this seat or its predecessor: the first and last
    #: won, and the first lost after that ("won back the seat she lost in 2019")
    won_here_first: int | None = None
    won_here_last: int | None = None
    lost_here: int | None = None
    lost_here_seat: str | None = None  # the seat they lost then (a predecessor's name after boundary changes)
    #: sitting MPs elected at a by-election since the last general election: its year and seat
    byelection_year: int | None = None
    byelection_seat: str | None = None
    role: str | None = None  # from the newsroom context, else the bundled who's who
    notable: bool = False
    honorific: str | None = None  # Sir, Dame or Dr, from the who's who: "Sir Keir Starmer", then "Sir Keir"
    role_source: str | None = None  # where the who's who found the role (a URL)
    notes: tuple[str, ...] = ()
    row: int = 0

    @property
    def independent(self) -> bool:
        return self.party.code == "Ind"

    @property
    def elected_as_party(self) -> PartyName | None:
        return party_name(self.elected_as, None) if self.elected_as else None

    @property
    def regained(self) -> bool:
        """Not a sitting MP, but won this seat (or its predecessor) before and lost it since."""
        return not self.sitting_mp and self.lost_here is not None

    @property
    def changed_label(self) -> bool:
        """A sitting MP standing for another party (or as an independent) than they were elected for."""
        return self.elected_as is not None and self.elected_as != self.party.code


@dataclass(frozen=True, slots=True)
class HistoryFacts:
    seats: tuple[str, ...]  # the seat names whose results were searched
    first_year: int
    last_year: int
    elections: int
    winner_group_won: bool  # has the winner's party group ever won here?
    winner_group_last_won: int | None
    single_group: str | None  # the one group that won every election, if any
    single_group_name: str | None
    loser_run_since: int | None  # first year of the losing group's unbroken run to the last election
    #: a winner for every election from first_year to the last before this one: only then can a
    #: story say what the seat has "never" or "always" done
    complete: bool = False
    from_start: bool = False  # the history begins with the file's first election (1918): "in its history"
    created: int | None = None  # first fought under its name, after 1918: "since the seat was created in 1997"
    #: first year of the winning group's unbroken run to the last election: "Labour since 1997"
    winner_run_since: int | None = None
    #: "largest" or "smallest": this majority set against the seat's own earlier ones
    record: str | None = None
    #: the last election with a larger (smaller) majority; None with a record: none since first_year
    record_since: int | None = None


@dataclass(frozen=True, slots=True)
class SeatFacts:
    seat_id: str
    seat_name: str
    country: str
    region: str | None
    year: int
    source_file: str
    electorate: int
    valid_votes: int
    invalid_votes: int
    turnout: float  # per cent: (valid + invalid) / electorate
    candidates: tuple[CandidateFacts, ...]
    majority: int
    majority_share: float  # percentage points of valid votes
    result: str  # "gain" or "hold"
    winning_party: PartyName
    previous_party: PartyName | None  # the party the seat was taken from (gain) or held by
    result_summary: str
    baseline_kind: str  # "notional" or "previous"
    baseline_year: int | None
    baseline_turnout: float | None  # notional turnout on the same boundaries
    turnout_change: float | None  # against baseline_turnout, points
    predecessor: str | None  # the single predecessor seat, when there is one
    predecessor_names: tuple[str, ...]  # every predecessor seat found (derived or from the newsroom)
    predecessor_rule: str | None
    predecessor_turnout: float | None
    predecessor_turnout_change: float | None
    previous_majority_share: float | None  # notional/previous winner's lead, points
    previous_third: str | None  # party code third last time
    history: HistoryFacts | None
    party_wins_before: bool | None  # did the winning party win any seat at the earlier files' elections?
    earlier_elections: tuple[int, ...] = ()  # the general elections party_wins_before looked at
    seat_count_for_party: int | None = None  # filled by the caller that sees every seat
    tie: bool = False
    #: the predecessor has this seat's name but other boundaries: its votes differ from the
    #: notional result on today's boundaries (a story says "on the old boundaries")
    predecessor_redrawn: bool = False
    #: the predecessor had another name (not just other punctuation: "Birmingham, Ladywood")
    predecessor_renamed: bool = False
    #: an open seat: the predecessor's winner last time, who is not standing anywhere now
    previous_majority: int | None = None  # notional/previous winner's lead over second, votes
    #: Butler swing between the winner's party and the party it took the seat from (a gain) or
    #: the runner-up's (a hold), from the published share changes: points, from ``swing_from``
    #: to ``swing_to`` (the two swapped when the swing ran against the winner)
    swing: float | None = None
    swing_from: PartyName | None = None
    swing_to: PartyName | None = None
    departing_mp: str | None = None
    departing_mp_party: PartyName | None = None
    departing_mp_year: int | None = None  # when they won it: the last general election, or a by-election
    #: the first of an unbroken run of general-election wins here that began after the earliest
    #: bundled file ("MP for Wimbledon since 2015"); None where the run may start before the files
    departing_mp_since: int | None = None
    departing_mp_byelection: bool = False
    #: a by-election in the predecessor since the last general election that changed its party
    #: (Labour took Mid Bedfordshire in 2023): the party, year and seat, whoever stands now
    byelection_gain_party: PartyName | None = None
    byelection_gain_year: int | None = None
    byelection_gain_seat: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    # -- conveniences for templates and angles --
    @property
    def winner(self) -> CandidateFacts:
        return self.candidates[0]

    @property
    def runner_up(self) -> CandidateFacts | None:
        return self.candidates[1] if len(self.candidates) > 1 else None

    @property
    def third(self) -> CandidateFacts | None:
        return self.candidates[2] if len(self.candidates) > 2 else None

    def sat_here(self, c: CandidateFacts) -> bool:
        """A sitting MP who held this seat (or its predecessor) -- not one who moved from elsewhere.

        Known from their last general-election win; an MP first elected at a by-election
        (so not in the files) is taken to be standing where they sat.
        """
        return sat_here(self.seat_name, self.predecessor_names, c.sitting_mp, c.sat_for)

    @property
    def shown_turnout_change(self) -> float | None:
        """The turnout change a story reports: against the predecessor seat's own result when
        there is one, else against the notional figure."""
        return self.predecessor_turnout_change if self.predecessor_turnout_change is not None else self.turnout_change

    @property
    def defended(self) -> bool:
        """The winner was this seat's MP already: a by-election winner keeping a notional gain
        is defending it, not taking it."""
        return self.sat_here(self.winner)

    @property
    def defeated_mps(self) -> tuple[CandidateFacts, ...]:
        """Sitting MPs who lost here: those who held this seat (or its predecessor) first.

        Templates say "ousted from" only when ``sat_here``; an MP who sat for another seat
        is "MP for X, defeated in Y".
        """
        losers = [c for c in self.candidates[1:] if c.sitting_mp]
        return tuple(sorted(losers, key=lambda c: (not self.sat_here(c), c.position)))

    @property
    def uncontested(self) -> bool:
        return len(self.candidates) == 1

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as ``dataclasses.asdict`` gives it (same keys, same order), plus the winner.

        Written out rather than walked generically: the nested records are known, and every
        leaf is immutable, so nothing needs copying. This runs once for every story.
        """
        data = _record(self)
        data["candidates"] = tuple(_candidate_dict(c) for c in self.candidates)
        data["winning_party"] = _record(self.winning_party)
        data["previous_party"] = None if self.previous_party is None else _record(self.previous_party)
        data["history"] = None if self.history is None else _record(self.history)
        data["departing_mp_party"] = None if self.departing_mp_party is None else _record(self.departing_mp_party)
        for key in ("swing_from", "swing_to"):
            value = getattr(self, key)
            data[key] = None if value is None else _record(value)
        data["byelection_gain_party"] = (
            None if self.byelection_gain_party is None else _record(self.byelection_gain_party)
        )
        data["extras"] = dict(self.extras)
        data["winner"] = self.winner.name
        return data


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@cache
def _recorder(cls: type) -> Callable[[Any], dict[str, Any]]:
    """A function returning a dataclass's fields as a dict, written once for each class as one
    dict display (``{"name": v.name, ...}``): Python builds it in one step, twice as fast as
    pairing the names with the values read. The names are the class's own field names."""
    items = ", ".join(f"{name!r}: v.{name}" for name in _field_names(cls))
    scope: dict[str, Any] = {}
    exec(f"def record(v):\n    return {{{items}}}\n", scope)
    record: Callable[[Any], dict[str, Any]] = scope["record"]
    return record


def _record(value: Any) -> dict[str, Any]:
    """A dataclass of immutable leaves as a dict."""
    return _recorder(type(value))(value)


@cache
def _builder(cls: type) -> Callable[..., Any]:
    """A function making an instance of a frozen, slotted dataclass from its fields (as
    keywords, with the class's defaults), as its ``__init__`` would, written once for each class.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (a
    method looked up and called for every field: a third of deriving a seat's facts); this
    sets each slot through its descriptor's ``__set__`` instead. The class has no
    ``__post_init__``."""
    assert not hasattr(cls, "__post_init__"), cls
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_MISSING": MISSING}
    params, body = [], []
    for f in fields(cls):
        scope[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is not MISSING:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f"    if {f.name} is _MISSING:\n        {f.name} = _factory_{f.name}()\n")
        else:
            params.append(f.name)
        body.append(f"    _set_{f.name}(self, {f.name})\n")
    source = f"def build(*, {', '.join(params)}):\n    self = _new(_cls)\n{''.join(body)}    return self\n"
    exec(source, scope)
    build: Callable[..., Any] = scope["build"]
    return build


def _candidate_dict(c: CandidateFacts) -> dict[str, Any]:
    data = _record(c)
    data["party"] = _record(c.party)
    return data


def _title(gender: str | None) -> str | None:
    if not gender:
        return None
    return {"male": "Mr", "female": "Ms"}.get(gender.strip().lower())


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


_NOT_HERE: tuple[int | None, int | None, int | None, str | None] = (None, None, None, None)


def _here(record: tuple[MemberResult, ...], here: set[str]) -> tuple[int | None, int | None, int | None, str | None]:
    """(first won, last won, first lost after that, the seat lost) at this seat or its
    predecessors, from a candidate's earlier candidacies."""
    won = [r.year for r in record if r.position == 1 and normalise(r.seat) in here]
    if not won:
        return _NOT_HERE
    lost = [r for r in record if r.position > 1 and r.year > max(won) and normalise(r.seat) in here]
    first_loss = min(lost, key=lambda r: r.year) if lost else None
    return min(won), max(won), first_loss.year if first_loss else None, first_loss.seat if first_loss else None


def _run_since(tenure: MemberTenure | None, here: set[str], last: int) -> int | None:
    """When the seat's last MP began their unbroken run of wins, if every win of it was here and
    it began within the bundled files ("MP for Wimbledon since 2015"); None where it may have
    begun before them ("since before 2010" reads wrongly for an MP since 1987)."""
    if tenure is None or tenure.before or tenure.since >= last:
        return None
    if not tenure.seats or any(normalise(seat) not in here for seat in tenure.seats):
        return None
    return tenure.since


def _candidate(
    c: Candidate,
    valid: int,
    tenure: MemberTenure | None,
    context: Context,
    seat: str,
    here: tuple[int | None, int | None, int | None, str | None] = _NOT_HERE,
    byelection: ByElection | None = None,
    whoswho: WhosWho | None = None,
) -> CandidateFacts:
    share = _pct(c.votes, valid)
    who = whoswho.entry(c.member_id) if whoswho else None
    roles = whoswho.roles(who) if whoswho and who else ()
    by = byelection if c.sitting_mp else None
    sat_for = tenure.seats[-1] if tenure and c.sitting_mp and tenure.seats else None
    note = context.candidate(c.name, seat)
    code = c.party_code
    return _builder(CandidateFacts)(
        name=c.name,
        given_name=c.given_name,
        family_name=c.family_name,
        party=party_name(code, c.party.name if c.party else None),
        votes=c.votes,
        share=share,
        share_change=None if c.share_change is None else 100.0 * c.share_change,
        position=c.position,
        lost_deposit=share < DEPOSIT_SHARE,
        sitting_mp=c.sitting_mp,
        former_mp=c.former_mp,
        speaker=c.speaker,
        member_id=c.member_id,
        title=_title(c.gender),
        tenure_since=tenure.since if tenure and c.sitting_mp else None,
        tenure_before=bool(tenure and c.sitting_mp and tenure.before),
        sat_for=by.seat if by else sat_for,
        elected_as=tenure.party if tenure and c.sitting_mp else None,
        won_here_first=here[0],
        won_here_last=here[1],
        lost_here=here[2],
        lost_here_seat=here[3],
        byelection_year=by.year if by else None,
        byelection_seat=by.seat if by else None,
        role=note.role if note and note.role else (copy_role(roles[0]) if roles else None),
        notable=bool(note and note.notable) or any(r.kind != "speaker" for r in roles),
        honorific=who.honorific if who else None,
        role_source=(whoswho.url(roles[0].source) if whoswho and roles and not (note and note.role) else None),
        notes=note.notes if note else (),
        row=c.row,
    )


#: records reach back at least this far to be news ("the largest majority since 2019" is not)
_RECORD_YEARS = 20
#: before 1945 a party group's votes may be two candidates' (Coalition and other Liberals): a
#: majority then is not known well enough to be the one "since" which a record runs
_RECORD_FROM = 1945


def _majority_record(entries: list[HistoryEntry], majority: int, year: int) -> tuple[str, int | None] | None:
    """(kind, since): this majority is the largest or smallest at every election back to ``since``
    (a larger or smaller one then), or back to the first entry (``since`` None). Bounds decide:
    an earlier majority known only within bounds that straddle this one ends the search unclaimed.
    """
    if not entries or entries[0].year > year - _RECORD_YEARS:
        return None
    for kind in ("largest", "smallest"):
        since: int | None = None
        for e in reversed(entries):
            low, high = e.majority_low, e.majority_high
            if low is None or high is None:
                break  # unopposed: no majority to set this one against
            beaten = high < majority if kind == "largest" else low > majority
            if beaten:
                continue
            bigger = low > majority if kind == "largest" else high < majority
            if bigger and e.year >= _RECORD_FROM:
                since = e.year
            break
        else:
            return kind, None
        if since is not None and since <= year - _RECORD_YEARS:
            return kind, since
    return None


def _run_start(entries: list[HistoryEntry], group: str) -> int | None:
    """The first year of ``group``'s unbroken run of wins to the last entry (entries in order);
    None when it did not win the last one, or for "oth" (many parties, not one run)."""
    if group == "oth" or entries[-1].winner_group != group:
        return None
    since = entries[-1].year
    for e in reversed(entries):
        if e.winner_group != group:
            break
        since = e.year
    return since


def _history(
    baseline: Baseline, winner_code: str, loser_code: str | None, majority: int, year: int
) -> HistoryFacts | None:
    hist = baseline.history
    if hist is None or not hist.entries:
        return None
    entries = sorted(hist.entries, key=lambda e: e.election)
    groups = [e.winner_group for e in entries]
    group = HISTORY_GROUP.get(winner_code, "oth")
    won = [e.year for e in entries if e.winner_group == group]
    # the seats it was formed from count for "has never won", not for "last won" or "since"
    won_before = group in hist.earlier_groups
    # "X at every election since YEAR" and "X's run since YEAR" need every election in between
    single = groups[0] if hist.complete and len(set(groups)) == 1 else None
    loser_group = HISTORY_GROUP.get(loser_code, "oth") if loser_code else None
    loser_since = _run_start(entries, loser_group) if hist.complete and loser_group else None
    winner_since = _run_start(entries, group) if hist.complete else None
    # records only on the seat's own results (not a predecessor's under another name), complete
    own = hist.complete and own_history(hist.names, baseline.seat_name)
    record = _majority_record(entries, majority, year) if own else None
    return _builder(HistoryFacts)(
        seats=hist.names,
        first_year=entries[0].year,
        last_year=entries[-1].year,
        elections=len({e.election for e in entries}),
        winner_group_won=bool(won) or won_before,
        winner_group_last_won=max(won) if won else None,
        single_group=single,
        single_group_name=GROUP_NAMES.get(single) if single else None,
        loser_run_since=loser_since,
        complete=hist.complete,
        from_start=hist.from_start,
        created=hist.created,
        winner_run_since=winner_since,
        record=record[0] if record else None,
        record_since=record[1] if record else None,
    )


def derive_facts(
    contest: Contest,
    baseline: Baseline,
    *,
    year: int,
    tenures: dict[int, MemberTenure] | None = None,
    records: dict[int, tuple[MemberResult, ...]] | None = None,
    standing: frozenset[int] | None = None,
    byelections: ByElections | None = None,
    whoswho: WhosWho | None = None,
    context: Context | None = None,
    party_wins_before: set[str] | None = None,
) -> SeatFacts:
    if context is None:
        from newsgen.context import EMPTY as context
    tenures = tenures or {}
    records = records or {}
    valid = contest.valid_votes
    here = {normalise(contest.name), *(normalise(p.seat_name) for p in baseline.predecessors)}
    cands = tuple(
        _candidate(
            c,
            valid,
            tenures.get(c.member_id) if c.member_id is not None else None,
            context,
            contest.name,
            _here(records.get(c.member_id, ()), here) if c.member_id is not None else _NOT_HERE,
            byelections.won_by(c.member_id) if byelections else None,
            whoswho,
        )
        for c in contest.candidates
    )
    winner = cands[0]
    second = cands[1] if len(cands) > 1 else None
    majority = winner.votes - second.votes if second else winner.votes
    tie = second is not None and majority == 0

    # gain or hold: as published; otherwise against the baseline winner
    match = _SUMMARY.match(contest.result_summary.strip())
    notional = baseline.notional
    previous_code: str | None
    if match:
        result = "hold" if match["hold"] else "gain"
        previous_code = match["winner"] if match["hold"] else match["loser"]
    else:
        before = (
            notional.winner_code
            if notional
            else (baseline.predecessors[0].winner_code if baseline.predecessors else None)
        )
        previous_code = before
        result = "hold" if before in (None, winner.party.code) else "gain"
    previous_party = None
    if previous_code:
        data_names = {c.party.code: c.party.name for c in cands}
        previous_party = party_name(previous_code, data_names.get(previous_code))

    turnout = _pct(contest.valid_votes + contest.invalid_votes, contest.electorate)
    baseline_turnout = notional.turnout if notional else None
    if baseline_turnout is None and len(baseline.predecessors) == 1 and baseline.kind == "previous":
        baseline_turnout = round(baseline.predecessors[0].turnout, 2)
    predecessor = baseline.predecessors[0] if len(baseline.predecessors) == 1 else None
    same_name = predecessor is not None and normalise(predecessor.seat_name) == normalise(contest.name)
    pred_turnout = round(predecessor.turnout, 2) if predecessor else None

    prev_margin = None
    prev_majority: int | None = None
    prev_third = None
    if notional and notional.total_votes:
        # "Oth" is every other candidate summed: one of them may have beaten a named party
        # (Dominic Grieve was second in Beaconsfield), so a place is known only while the
        # named party had more votes than all the others together
        others = notional.votes_by_party.get("Oth", 0)
        ranked = [c for c in notional.ranked() if c != "Oth"]
        votes = notional.votes_by_party
        if len(ranked) >= 2 and votes[ranked[1]] > others:
            top, nxt = ranked[0], ranked[1]
            prev_margin = 100.0 * (votes[top] - votes[nxt]) / notional.total_votes
            prev_majority = votes[top] - votes[nxt]
        if len(ranked) >= 3 and votes[ranked[2]] > others:
            prev_third = ranked[2]
    elif predecessor:
        ranked_votes = sorted(predecessor.votes_by_party.items(), key=lambda kv: -kv[1])
        if len(ranked_votes) >= 2 and predecessor.valid_votes:
            prev_margin = 100.0 * (ranked_votes[0][1] - ranked_votes[1][1]) / predecessor.valid_votes
            prev_majority = ranked_votes[0][1] - ranked_votes[1][1]
        if len(ranked_votes) >= 3:
            prev_third = ranked_votes[2][0]

    departing = _departing(predecessor, cands, standing, contest.name, baseline, byelections)
    departing_since = None
    if departing and not departing[3] and predecessor and predecessor.winner_member_id is not None:
        departing_since = _run_since(tenures.get(predecessor.winner_member_id), here, departing[2])
    by_gain = byelections.in_seat(predecessor.seat_name) if byelections and predecessor else None
    if by_gain is not None and not by_gain.gain:
        by_gain = None
    return _builder(SeatFacts)(
        seat_id=contest.seat_id,
        seat_name=contest.name,
        country=contest.country,
        region=contest.region,
        year=year,
        source_file=contest.source.file,
        electorate=contest.electorate,
        valid_votes=valid,
        invalid_votes=contest.invalid_votes,
        turnout=turnout,
        candidates=cands,
        majority=majority,
        majority_share=_pct(majority, valid),
        result=result,
        winning_party=winner.party,
        previous_party=previous_party,
        result_summary=contest.result_summary,
        baseline_kind=baseline.kind,
        baseline_year=notional.year if notional else (predecessor.year if predecessor else None),
        baseline_turnout=baseline_turnout,
        turnout_change=None if baseline_turnout is None else round(turnout, 2) - baseline_turnout,
        predecessor=predecessor.seat_name if predecessor else None,
        predecessor_names=tuple(p.seat_name for p in baseline.predecessors),
        predecessor_rule=baseline.predecessor_rule if predecessor else None,
        predecessor_turnout=pred_turnout,
        predecessor_turnout_change=None if pred_turnout is None else round(turnout, 2) - pred_turnout,
        previous_majority_share=prev_margin,
        previous_third=prev_third,
        previous_majority=prev_majority,
        **_swing(cands, previous_party if result == "gain" else None),
        history=_history(baseline, winner.party.code, previous_code if result == "gain" else None, majority, year),
        party_wins_before=None if party_wins_before is None else winner.party.code in party_wins_before,
        earlier_elections=baseline.earlier_elections,
        tie=tie,
        predecessor_renamed=bool(predecessor and not same_name),
        predecessor_redrawn=bool(same_name and notional and predecessor.valid_votes != notional.total_votes),
        departing_mp=departing[0] if departing else None,
        departing_mp_party=(
            party_name(departing[1], {c.party.code: c.party.name for c in cands}.get(departing[1]))
            if departing
            else None
        ),
        departing_mp_year=departing[2] if departing else None,
        departing_mp_since=departing_since,
        byelection_gain_party=party_name(by_gain.winner_party, None) if by_gain else None,
        byelection_gain_year=by_gain.year if by_gain else None,
        byelection_gain_seat=by_gain.seat if by_gain else None,
        departing_mp_byelection=bool(departing and departing[3]),
    )


def _swing(cands: tuple[CandidateFacts, ...], taken_from: PartyName | None) -> dict[str, Any]:
    """Butler swing from the published share changes: ((A now - A before) - (B now - B before)) / 2
    for the winner's party A and the party it took the seat from, or else the runner-up's, B."""
    if len(cands) < 2:
        return {}
    a = cands[0]
    b = next((c for c in cands[1:] if taken_from and c.party.code == taken_from.code), None) or cands[1]
    others = {"Ind", "Spk"}  # no party's share to swing between
    if a.share_change is None or b.share_change is None or a.party.code == b.party.code:
        return {}
    if a.party.code in others or b.party.code in others:
        return {}
    swing = (a.share_change - b.share_change) / 2
    to, frm = (a.party, b.party) if swing >= 0 else (b.party, a.party)
    return {"swing": abs(swing), "swing_from": frm, "swing_to": to}


def _departing(
    predecessor: PreviousResult | None,
    cands: tuple[CandidateFacts, ...],
    standing: frozenset[int] | None,
    seat: str,
    baseline: Baseline,
    byelections: ByElections | None,
) -> tuple[str, str, int, bool] | None:
    """The predecessor's MP at dissolution, when they stand nowhere now: an open seat.

    (name, party code, year won, at a by-election?). The MP is the last by-election's winner
    if the seat had one since the last general election, else that election's winner. Without
    the by-election list, a candidate here who sat for the seat without winning it last time
    (a by-election winner) means the MP is unknown; without member ids, so is who stands.
    """
    if predecessor is None or not standing:
        return None  # a file without member ids cannot say who is not standing
    by = byelections.in_seat(predecessor.seat_name) if byelections else None
    if by is not None:
        if by.winner_member_id is None or by.winner_member_id in standing:
            return None
        return by.winner, by.winner_party, by.year, True
    if predecessor.winner_member_id is None or predecessor.winner_member_id in standing:
        return None
    names = tuple(p.seat_name for p in baseline.predecessors)
    if any(c.sitting_mp and c.sat_for is None and sat_here(seat, names, True, None) for c in cands):
        return None
    return predecessor.winner_name, predecessor.winner_code, predecessor.year, False
