"""Angle rules for council wards and councils: one small pure rule per angle, as for seats.

A rule fires only when the facts support it: a gain or hold only where the council's file
shows which party held the seat, a council "first" only since the file's results begin and
said so, control won, kept or lost only where the state of the parties is known before and
after (or, for control kept, where a party's sure seats are a majority either side).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from newsgen.angles.model import Angle
from newsgen.angles.thresholds import DEFAULT, Thresholds
from newsgen.facts.council import CouncilFacts
from newsgen.facts.parties import party_name
from newsgen.facts.ward import WardFacts

__all__ = ["COUNCIL_RULES", "LOCAL_ANGLE_IDS", "WARD_RULES", "council_angles", "ward_angles"]

WARD_RULES: dict[str, Callable[[WardFacts, Thresholds], Angle | None]] = {}
COUNCIL_RULES: dict[str, Callable[[CouncilFacts, Thresholds], Angle | None]] = {}
R = TypeVar("R", bound=Callable[..., Angle | None])


def _registrar(table: dict[str, Any]) -> Callable[[str], Callable[[R], R]]:
    """A decorator factory that files each rule in ``table`` under its angle id."""

    def rule(angle_id: str) -> Callable[[R], R]:
        def register(fn: R) -> R:
            table[angle_id] = fn
            return fn

        return register

    return rule


_ward = _registrar(WARD_RULES)
_council = _registrar(COUNCIL_RULES)


def _noun(code: str) -> str:
    return party_name(code, None).noun


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- wards ------------------------------------------------------------------------------------
@_ward("by_election_gain")
def by_election_gain(f: WardFacts, t: Thresholds) -> Angle | None:
    if not f.by_election or not f.gains:
        return None
    r = f.gains[0]
    return Angle(
        "by_election_gain",
        t.score_by_election_gain,
        f"{_cap(_noun(r.winner))} took the seat from {_noun(r.defended or '')} at a by-election",
        {"winner_party": r.winner, "defended": r.defended},
    )


@_ward("council_first_seat")
def council_first_seat(f: WardFacts, t: Thresholds) -> Angle | None:
    if not f.council_firsts or f.results_since is None:
        return None
    code = f.council_firsts[0]
    seats = f.council_first_seats.get(code, 1)
    return Angle(
        "council_first_seat",
        t.score_council_first_seat,
        f"{_cap(_noun(code))} won a seat on {f.council} for the first time since its published results "
        f"begin in {f.results_since}" + (f" ({seats} across the council)" if seats > 1 else ""),
        {"party": code, "results_since": f.results_since, "seats": seats},
    )


@_ward("defending_councillor_defeated")
def defending_councillor_defeated(f: WardFacts, t: Thresholds) -> Angle | None:
    if not f.defeated_councillors:
        return None
    names = [c.name for c in f.defeated_councillors]
    return Angle(
        "defending_councillor_defeated",
        t.score_defending_councillor_defeated,
        f"sitting councillor {' and '.join(names)} lost (a councillor for the ward by the council's own results)",
        {"councillors": names},
    )


@_ward("ward_tie")
def ward_tie(f: WardFacts, t: Thresholds) -> Angle | None:
    """The last seat's winner and the first not elected tied: the story is the tie."""
    runner = f.runner_up
    if f.majority != 0 or runner is None or not f.elected:
        return None
    return Angle(
        "ward_tie",
        t.score_ward_tie,
        f"{f.elected[-1].name} and {runner.name} tied on {runner.votes:,} votes; {f.elected[-1].name} was elected",
        {"elected": f.elected[-1].name, "tied_with": runner.name, "votes": runner.votes},
    )


@_ward("ward_narrow_majority")
def ward_narrow_majority(f: WardFacts, t: Thresholds) -> Angle | None:
    if f.majority is None or f.majority == 0 or f.majority >= t.ward_narrow_majority_votes:
        return None
    return Angle(
        "ward_narrow_majority",
        t.score_ward_narrow_majority,
        f"the last seat was decided by {f.majority:,} votes (under {t.ward_narrow_majority_votes})",
        {"majority": f.majority},
    )


@_ward("split_ward")
def split_ward(f: WardFacts, t: Thresholds) -> Angle | None:
    if not f.split:
        return None
    return Angle(
        "split_ward",
        t.score_split_ward,
        f"the ward's {f.seats} seats went to {len(f.parties_elected)} parties",
        {"parties": dict(f.parties_elected)},
    )


@_ward("clean_sweep")
def clean_sweep(f: WardFacts, t: Thresholds) -> Angle | None:
    if not f.clean_sweep:
        return None
    return Angle(
        "clean_sweep",
        t.score_clean_sweep,
        f"{_cap(f.winning_party.noun)} won all {f.seats} seats",
        {"party": f.winning_party.code, "seats": f.seats},
    )


@_ward("ward_gain")
def ward_gain(f: WardFacts, t: Thresholds) -> Angle | None:
    if not f.gains or f.by_election:
        return None
    r = f.gains[0]
    return Angle(
        "ward_gain",
        t.score_ward_gain,
        f"{_cap(_noun(r.winner))} took a seat from {_noun(r.defended or '')} (who held it by the council's results)",
        {"winner_party": r.winner, "defended": r.defended, "gains": len(f.gains)},
    )


@_ward("ward_hold")
def ward_hold(f: WardFacts, t: Thresholds) -> Angle | None:
    if f.result != "hold":
        return None
    return Angle(
        "ward_hold",
        t.score_ward_hold,
        f"{_cap(f.winning_party.noun)} held {'the seat' if f.seats == 1 else 'every seat'} it was defending",
        {"party": f.winning_party.code},
    )


@_ward("ward_elected")
def ward_elected(f: WardFacts, t: Thresholds) -> Angle | None:
    """Always fires: who was elected (the lead when nothing else is known)."""
    return Angle(
        "ward_elected",
        t.score_ward_elected,
        "who was elected" + ("" if f.result else " (the council's file does not show who held the seat before)"),
        {"elected": [c.name for c in f.elected]},
    )


# -- councils ---------------------------------------------------------------------------------
@_council("control_change")
def control_change(f: CouncilFacts, t: Thresholds) -> Angle | None:
    before, after = f.control_before, f.control_after
    if before is None or after is None or before == after or after == "NOC":
        return None
    return Angle(
        "control_change",
        t.score_control_change,
        f"{_cap(_noun(after))} took control of {f.seat_name}" + ("" if before == "NOC" else f" from {_noun(before)}"),
        {"before": before, "after": after},
    )


@_council("lost_to_noc")
def lost_to_noc(f: CouncilFacts, t: Thresholds) -> Angle | None:
    if f.control_before in (None, "NOC") or f.control_after != "NOC":
        return None
    return Angle(
        "lost_to_noc",
        t.score_lost_to_noc,
        f"{_cap(_noun(f.control_before or ''))} lost control of {f.seat_name}: no party has a majority",
        {"before": f.control_before},
    )


@_council("council_losses")
def council_losses(f: CouncilFacts, t: Thresholds) -> Angle | None:
    """A party losing several seats it was defending: the news over who took them."""
    worst = max(f.parties, key=lambda p: p.lost, default=None)
    if worst is None or worst.lost < 3:
        return None
    kept = f.control_before == worst.code and f.control_after == worst.code
    return Angle(
        "council_losses",
        t.score_council_losses,
        f"{_cap(_noun(worst.code))} lost {worst.lost} seats" + (" but kept control" if kept else ""),
        {"party": worst.code, "lost": worst.lost, "kept_control": kept},
    )


@_council("council_gains")
def council_gains(f: CouncilFacts, t: Thresholds) -> Angle | None:
    best = max(f.parties, key=lambda p: p.gained, default=None)
    if best is None or best.gained < 2:
        return None
    return Angle(
        "council_gains",
        t.score_council_gains,
        f"{_cap(_noun(best.code))} gained {best.gained} seats",
        {"party": best.code, "gained": best.gained},
    )


@_council("largest_party")
def largest_party(f: CouncilFacts, t: Thresholds) -> Angle | None:
    if f.control_after != "NOC" or f.largest is None:
        return None
    return Angle(
        "largest_party",
        t.score_largest_party,
        f"no party has a majority; {_noun(f.largest.code)} is the largest party",
        {"party": f.largest.code, "seats": f.largest.after},
    )


@_council("majority_won")
def majority_won(f: CouncilFacts, t: Thresholds) -> Angle | None:
    """An all-out election gives a party a majority, where the file cannot say who ran the
    council before (so neither "kept" nor "took" control is claimed)."""
    if not f.all_out or f.control_before is not None or f.control_after in (None, "NOC"):
        return None
    return Angle(
        "majority_won",
        t.score_majority_won,
        f"{_cap(_noun(f.control_after or ''))} won a majority of the council's {f.total_seats} seats",
        {"party": f.control_after, "seats": f.total_seats},
    )


@_council("control_kept")
def control_kept(f: CouncilFacts, t: Thresholds) -> Angle | None:
    if f.control_before is None or f.control_before in ("NOC",) or f.control_after != f.control_before:
        return None
    return Angle(
        "control_kept",
        t.score_control_kept,
        f"{_cap(_noun(f.control_after or ''))} kept control of {f.seat_name}",
        {"party": f.control_after},
    )


@_council("council_seats_won")
def council_seats_won(f: CouncilFacts, t: Thresholds) -> Angle | None:
    """Always fires: which party won most seats."""
    if not f.parties:
        return None
    top = f.parties[0]
    return Angle(
        "council_seats_won",
        t.score_council_seats_won,
        f"{_cap(_noun(top.code))} won most seats ({top.won} of {f.seats_up})",
        {"party": top.code, "won": top.won, "seats_up": f.seats_up},
    )


LOCAL_ANGLE_IDS: tuple[str, ...] = (*WARD_RULES, *COUNCIL_RULES)
_ORDER = {angle_id: i for i, angle_id in enumerate(LOCAL_ANGLE_IDS)}


def _rank(angles: list[Angle]) -> list[Angle]:
    return sorted(angles, key=lambda a: (-a.score, _ORDER.get(a.id, 99)))


def ward_angles(f: WardFacts, thresholds: Thresholds = DEFAULT) -> list[Angle]:
    """Every angle that fires for a ward, lead first."""
    fired = [a for rule in WARD_RULES.values() if (a := rule(f, thresholds)) is not None]
    return _rank([Angle(a.id, a.score, a.reason, a.evidence, (f.seat_name,)) for a in fired])


def council_angles(f: CouncilFacts, thresholds: Thresholds = DEFAULT) -> list[Angle]:
    """Every angle that fires for a council, lead first."""
    fired = [a for rule in COUNCIL_RULES.values() if (a := rule(f, thresholds)) is not None]
    return _rank([Angle(a.id, a.score, a.reason, a.evidence, (f.seat_name,)) for a in fired])
