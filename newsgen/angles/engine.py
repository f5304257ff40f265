"""Step 4: run the rules over a seat's facts (or an area's) and rank what fires."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from newsgen.angles.model import Angle
from newsgen.angles.rules import ANGLE_IDS, SEAT_RULES
from newsgen.angles.thresholds import DEFAULT, Thresholds
from newsgen.baselines.sources import history_key, place_words
from newsgen.errors import ChoicesError
from newsgen.facts.parties import HISTORY_GROUP
from newsgen.facts.seat import SeatFacts

_ORDER = {angle_id: i for i, angle_id in enumerate(ANGLE_IDS)}


def _rank(angles: Iterable[Angle]) -> list[Angle]:
    return sorted(angles, key=lambda a: (-a.score, _ORDER.get(a.id, 99)))


def seat_angles(facts: SeatFacts, thresholds: Thresholds = DEFAULT) -> list[Angle]:
    """Every angle that fires for one seat, lead first."""
    fired = []
    for angle_id, rule in SEAT_RULES.items():
        angle = rule(facts, thresholds)
        if angle is not None:
            assert angle.id == angle_id
            fired.append(Angle(angle.id, angle.score, angle.reason, angle.evidence, (facts.seat_name,)))
    return _rank(fired)


def area_angles(
    seats: Sequence[SeatFacts],
    thresholds: Thresholds = DEFAULT,
    area: str | None = None,
    place_never_won: Callable[[str, str], bool] | None = None,
) -> list[Angle]:
    """Angles for a story about several seats: each seat's angles plus area_sweep.

    ``place_never_won(place, group)`` answers from the history file whether no seat named for
    the area ever elected that party group since 1918 (BaselineProvider.place_never_won).
    """
    fired: list[Angle] = []
    for facts in seats:
        fired.extend(seat_angles(facts, thresholds))
    parties = {f.winning_party.code for f in seats}
    if len(seats) > 1 and all(f.result == "gain" for f in seats) and len(parties) == 1:
        party = seats[0].winning_party
        losers = sorted({f.previous_party.name for f in seats if f.previous_party})
        all_first = all(any(a.id == "historic_first" and a.seats == (f.seat_name,) for a in fired) for f in seats)
        each, place = _firsts_in_history(seats, party.code, area, place_never_won) if all_first else (False, False)
        in_history = each or place
        where = area or "the area"
        first = " - each for the first time in its history" if each else ""
        if place:
            first = f" - no seat named for {area} had elected {party.adj} at any election since 1918"
        count = "both" if len(seats) == 2 else f"all {len(seats)}"
        fired.append(
            Angle(
                "area_sweep",
                thresholds.score_area_sweep,
                f"{party.name} gained {count} seats in {where} from {' and '.join(losers)}{first}",
                {
                    "party": party.code,
                    "seats": [f.seat_name for f in seats],
                    "from": losers,
                    "all_historic_first": all_first,
                    "first_in_history": in_history,
                    "each_first_in_history": each,
                },
                tuple(f.seat_name for f in seats),
            )
        )
    return _rank(fired)


def apply_choices(angles: list[Angle], *, lead: str | None = None, dropped: Iterable[str] = ()) -> list[Angle]:
    """An editor's choice: drop some angles and/or make another one the lead."""
    drop = set(dropped)
    kept = [a for a in angles if a.id not in drop]
    if lead:
        chosen = [a for a in kept if a.id == lead]
        if not chosen:
            available = ", ".join(dict.fromkeys(a.id for a in kept)) or "none"
            raise ChoicesError(f"angle {lead!r} did not fire for this story", hint=f"choose one of: {available}")
        kept = chosen[:1] + [a for a in kept if a is not chosen[0]]
    if not kept:
        raise ChoicesError("every angle was dropped", hint="keep at least one angle (hold or gain always fires)")
    return kept


def _firsts_in_history(
    seats: Sequence[SeatFacts], party: str, area: str | None, place_never_won: Callable[[str, str], bool] | None
) -> tuple[bool, bool]:
    """Can an area story of historic firsts say "for the first time in history"? As (each, place):
    each seat's own history reaches back to 1918; or, failing that, every seat is named for
    the area and no seat so named ever elected the party's group in the history file."""
    each = all(f.history is not None and f.history.from_start for f in seats)
    if each or not area or place_never_won is None:
        return each, False
    named = all(_named_for(f.seat_name, area) for f in seats)
    return False, named and place_never_won(area, HISTORY_GROUP.get(party, "oth"))


def _named_for(seat: str, place: str) -> bool:
    """Is the seat named for the place: "Southend West and Leigh" for "Southend"?"""
    words = place_words(place)
    return bool(words) and words <= history_key(seat)
