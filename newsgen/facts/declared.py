"""The facts a story may print, declared once: what each is, in what unit, whose, and from where.

The verifier reads this table to decide which value a printed figure must equal ("Ms Firth's
14,790" must be Anna Firth's votes; "a majority of 1,949" the majority), and provenance reads
it to say where each figure came from. A field of :class:`~newsgen.facts.seat.SeatFacts` that
a template prints must be declared here; ``tests/test_declared.py`` fails when a numeric
fact is neither declared nor listed in :data:`NOT_PRINTED`, so adding a fact can neither make
stories refused nor leave them unchecked without a test saying so.

Kinds (the unit a figure is printed in):

``votes``     a count of ballots: "16,739 votes", "a majority of 1,949"
``people``    a count of people: "75,154 people registered to vote"
``percent``   a percentage of something: "35.6 per cent", "62.71%"
``points``    a difference of percentages: "down 27.6 percentage points", "+6.6"
``year``      "since 2010", "in 2019"
``seats``     a count of seats: "all three seats", "won no seats"
``elections`` a count of elections: "in five general elections"
``candidates`` a count of candidates
``position``  a finishing place: "came third"

``whose`` is ``"candidate"`` for a fact of each candidate (votes, share, position) and
``"seat"`` for a fact of the contest. ``role`` is what the fact is, in the words the verifier
matches against the text's cues (``majority``, ``turnout``...). ``source`` says which file it
came from: ``result`` (this results file), ``notional``/``previous`` (the baseline, by
``baseline_kind``), ``predecessor`` (the predecessor seat's actual result), ``history``
(1918-2019 file), ``earlier`` (the earlier general-election files), ``byelections`` (the
by-elections list, or the general election an open seat's last MP won), ``council`` (the
council's own earlier results in the same file, replayed by :mod:`newsgen.facts.council`).

Wards (:class:`~newsgen.facts.ward.WardFacts`) and councils
(:class:`~newsgen.facts.council.CouncilFacts`) give the same keys where a fact means the same
(a ward's candidates' votes, its majority and turnout); their own facts are declared at the
end. A key a story's facts do not have gives no value, so each kind of story is checked
against its own facts only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DECLARED", "NOT_PRINTED", "Declared", "declared_items", "declared_values", "value_path"]


@dataclass(frozen=True, slots=True)
class Declared:
    """One printable fact."""

    path: str  # field path in SeatFacts.to_dict(); "candidates[].votes" for each candidate
    kind: str
    role: str
    whose: str  # "seat" or "candidate"
    source: str  # result, baseline, predecessor, history, earlier
    signed: bool = False  # points: the sign is part of the fact (a rise or a fall)
    #: a value worked out from other fields (a total, a count): takes the seat's dict
    derive: Callable[[Mapping[str, Any]], Any] | None = None
    about: str = ""  # what it is, for messages: "the majority", "the turnout"
    #: a list of values, each printable ("earlier_elections[]")
    listed: bool = field(init=False, repr=False, compare=False)
    #: the key read from a seat's dict (``whose="candidate"``: from each candidate's)
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        listed = self.path.endswith("[]")
        key = self.path
        if self.whose == "candidate":
            key = key[len("candidates[].") :]
        elif listed:
            key = key[:-2]
        object.__setattr__(self, "listed", listed)
        object.__setattr__(self, "key", key)


def _ballots(f: Mapping[str, Any]) -> int:
    return int(f["valid_votes"]) + int(f["invalid_votes"])


def _third(f: Mapping[str, Any]) -> int | None:
    """ "The Lib Dems, third last time": the place of the party in ``previous_third``."""
    return 3 if f.get("previous_third") else None


def _lost_deposits(f: Mapping[str, Any]) -> int:
    """Candidates under 5% of the valid vote: "three candidates lost their deposits"."""
    return sum(1 for c in f["candidates"] if c.get("lost_deposit"))


def _history(key: str) -> Callable[[Mapping[str, Any]], Any]:
    def get(f: Mapping[str, Any]) -> Any:
        h = f.get("history")
        return h.get(key) if h else None

    return get


def _record_year(f: Mapping[str, Any]) -> int | None:
    """ "The largest majority since 1945": the last election with a larger (narrower) one; with
    none, the seat's creation or the first year of its results."""
    h = f.get("history")
    if not h or not h.get("record"):
        return None
    return h.get("record_since") or h.get("created") or h.get("first_year")


def _count(key: str) -> Callable[[Mapping[str, Any]], Any]:
    def get(f: Mapping[str, Any]) -> Any:
        return len(f.get(key) or ())

    return get


D = Declared
DECLARED: tuple[Declared, ...] = (
    # -- this result -----------------------------------------------------------------------
    D("candidates[].votes", "votes", "votes", "candidate", "result", about="votes"),
    D("candidates[].share", "percent", "share", "candidate", "result", about="share of the vote"),
    D("candidates[].position", "position", "position", "candidate", "result", about="finishing position"),
    D("majority", "votes", "majority", "seat", "result", about="the majority"),
    D("valid_votes", "votes", "valid votes", "seat", "result", about="the valid votes"),
    D("invalid_votes", "votes", "invalid votes", "seat", "result", about="the rejected ballots"),
    D("valid_votes + invalid_votes", "votes", "ballots", "seat", "result", derive=_ballots, about="the ballots cast"),
    D("electorate", "people", "electorate", "seat", "result", about="the electorate"),
    D("turnout", "percent", "turnout", "seat", "result", about="the turnout"),
    D("majority_share", "percent", "majority", "seat", "result", about="the majority as a share"),
    D("majority_share", "points", "majority", "seat", "result", about="the winner's lead in points"),
    D("year", "year", "year", "seat", "result", about="the election's year"),
    D("len(candidates)", "candidates", "candidates", "seat", "result", derive=_count("candidates"), about="candidates"),
    D("seat_count_for_party", "seats", "party seats", "seat", "result", about="seats won by the party"),
    # -- against the baseline (notional or previous result) --------------------------------
    D(
        "candidates[].share_change",
        "points",
        "share change",
        "candidate",
        "baseline",
        signed=True,
        about="change in share",
    ),
    D("baseline_year", "year", "baseline year", "seat", "baseline", about="the baseline's year"),
    D("baseline_turnout", "percent", "turnout", "seat", "baseline", about="the baseline's turnout"),
    D("turnout_change", "points", "turnout change", "seat", "baseline", signed=True, about="the change in turnout"),
    D(
        "lost_deposits",
        "candidates",
        "lost deposits",
        "seat",
        "result",
        derive=_lost_deposits,
        about="candidates who lost their deposits",
    ),
    D("previous_majority", "votes", "previous majority", "seat", "baseline", about="the majority last time"),
    D("swing", "points", "swing", "seat", "baseline", about="the swing between the top two parties"),
    D(
        "previous_third",
        "position",
        "previous place",
        "seat",
        "baseline",
        derive=_third,
        about="the party third last time",
    ),
    D(
        "previous_majority_share",
        "percent",
        "previous majority",
        "seat",
        "baseline",
        about="the previous majority as a share",
    ),
    D(
        "previous_majority_share",
        "points",
        "previous majority",
        "seat",
        "baseline",
        about="the previous winner's lead in points",
    ),
    # -- the predecessor seat's own result ---------------------------------------------------
    D("predecessor_turnout", "percent", "turnout", "seat", "predecessor", about="the predecessor seat's turnout"),
    D(
        "predecessor_turnout_change",
        "points",
        "turnout change",
        "seat",
        "predecessor",
        signed=True,
        about="the change in turnout from the predecessor seat",
    ),
    # -- seat history, tenure and the earlier files ------------------------------------------
    D("candidates[].tenure_since", "year", "tenure", "candidate", "earlier", about="MP since"),
    D("candidates[].won_here_first", "year", "won here", "candidate", "earlier", about="first won this seat"),
    D("candidates[].won_here_last", "year", "won here", "candidate", "earlier", about="last won this seat"),
    D("candidates[].lost_here", "year", "lost here", "candidate", "earlier", about="lost this seat"),
    D("candidates[].byelection_year", "year", "by-election", "candidate", "byelections", about="won a by-election"),
    D("departing_mp_year", "year", "departing MP", "seat", "byelections", about="the last MP won the seat"),
    D("departing_mp_since", "year", "departing MP", "seat", "earlier", about="the last MP's run in the seat began"),
    D("byelection_gain_year", "year", "by-election", "seat", "byelections", about="a by-election gain"),
    D("history.first_year", "year", "history", "seat", "history", derive=_history("first_year")),
    D("history.last_year", "year", "history", "seat", "history", derive=_history("last_year")),
    D("history.winner_group_last_won", "year", "history", "seat", "history", derive=_history("winner_group_last_won")),
    D("history.loser_run_since", "year", "history", "seat", "history", derive=_history("loser_run_since")),
    D("history.winner_run_since", "year", "history", "seat", "history", derive=_history("winner_run_since")),
    D("history.created", "year", "created", "seat", "history", derive=_history("created"), about="seat created"),
    D(
        "history.record_since",
        "year",
        "record",
        "seat",
        "history",
        derive=_record_year,
        about="the year this majority is the largest (narrowest) since",
    ),
    D(
        "history.elections",
        "elections",
        "history",
        "seat",
        "history",
        derive=_history("elections"),
        about="elections in the seat's history",
    ),
    D("earlier_elections[]", "year", "earlier", "seat", "earlier", about="an earlier general election"),
    D(
        "len(earlier_elections)",
        "elections",
        "earlier",
        "seat",
        "earlier",
        derive=_count("earlier_elections"),
        about="earlier general elections searched",
    ),
    # -- council wards -------------------------------------------------------------------------
    D("seats", "seats", "seats filled", "seat", "result", about="the seats the ward filled"),
    D("ballots", "votes", "ballots", "seat", "result", about="the ballot papers counted"),
    D("previous_year", "year", "previous contest", "seat", "council", about="the ward's last contest"),
    D("previous_turnout", "percent", "turnout", "seat", "council", about="the ward's turnout last time"),
    D("defended_since[]", "year", "won seat", "seat", "council", about="when the defending party won the seat"),
    D("results_since", "year", "results since", "seat", "council", about="the first year of the council's results"),
    D("candidates[].councillor_from", "year", "won here", "candidate", "council", about="last won this ward"),
    D("candidates[].lost_seat", "year", "lost here", "candidate", "council", about="lost this ward"),
    D(
        "candidates[].council_first_seats",
        "seats",
        "first seats",
        "candidate",
        "council",
        about="the first seats a party won on the council, across it",
    ),
    # -- councils ------------------------------------------------------------------------------
    D("candidates[].seats_won", "seats", "seats won", "candidate", "result", about="seats won by the party"),
    D("candidates[].seats_gained", "seats", "seats gained", "candidate", "council", about="seats gained"),
    D("candidates[].seats_lost", "seats", "seats lost", "candidate", "council", about="seats lost"),
    D("candidates[].seats_before", "seats", "seats before", "candidate", "council", about="seats held before"),
    D("candidates[].seats_after", "seats", "seats after", "candidate", "council", about="seats held after"),
    D("candidates[].seats_after_low", "seats", "seats after", "candidate", "council", about="fewest seats after"),
    D("candidates[].seats_after_high", "seats", "seats after", "candidate", "council", about="most seats after"),
    D("seats_up", "seats", "seats up", "seat", "result", about="the seats up for election"),
    D("total_seats", "seats", "council seats", "seat", "council", about="the seats on the council"),
    D("seats_needed", "seats", "majority needed", "seat", "council", about="the seats a majority needs"),
    D("state_since", "year", "state since", "seat", "council", about="the all-out election the state is from"),
    D("narrowest_majority", "votes", "majority", "seat", "result", about="the narrowest ward majority"),
    D("narrowest_seats", "seats", "seats filled", "seat", "result", about="the seats the closest ward filled"),
)

#: numeric fields no story prints as a figure (identifiers, row numbers, flags)
NOT_PRINTED = frozenset({"member_id", "row", "tie", "complete", "from_start"})


def declared_values(
    f: Mapping[str, Any], declared: Iterable[Declared] = DECLARED
) -> list[tuple[Declared, Any, str, int | None]]:
    """Every declared value of one seat: (declaration, value, field path, candidate index).

    ``declared`` limits it to those declarations (in their order). Values that are missing
    (``None``) are left out: a story printing one is refused.
    """
    return [(d, value, value_path(d, cand, item), cand) for d, value, cand, item in declared_items(f, declared)]


def declared_items(
    f: Mapping[str, Any], declared: Iterable[Declared] = DECLARED
) -> list[tuple[Declared, Any, int | None, int | None]]:
    """:func:`declared_values` without the field paths (which the verifier needs only to
    report): (declaration, value, candidate index, index in a list of values)."""
    out: list[tuple[Declared, Any, int | None, int | None]] = []
    append = out.append
    for d in declared:
        key = d.key
        if d.whose == "candidate":
            for i, c in enumerate(f["candidates"]):
                value = c.get(key)
                if value is not None:
                    append((d, value, i, None))
        elif d.derive is not None:
            value = d.derive(f)
            if value is not None:
                append((d, value, None, None))
        elif d.listed:
            out.extend((d, value, None, i) for i, value in enumerate(f.get(key) or ()))
        else:
            value = f.get(key)
            if value is not None:
                append((d, value, None, None))
    return out


def value_path(d: Declared, candidate: int | None, item: int | None) -> str:
    """The field a declared value came from: "candidates[2].votes", "earlier_elections[0]", "majority"."""
    if candidate is not None:
        return f"candidates[{candidate}].{d.key}"
    if item is not None:
        return f"{d.key}[{item}]"
    return d.path
