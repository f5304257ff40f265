"""Step 5a: the plan -- which angle leads and the order of the story's sections."""

from __future__ import annotations

from dataclasses import dataclass

from newsgen.angles.model import Angle
from newsgen.context import Area, Context, Quote
from newsgen.facts.seat import SeatFacts


@dataclass(frozen=True, slots=True)
class Plan:
    kind: str  # "seat" or "area"
    seats: tuple[SeatFacts, ...]  # the lead seat first
    angles: tuple[Angle, ...]  # ranked, lead first
    sections: tuple[str, ...]
    quotes: tuple[tuple[str, Quote], ...]  # (seat name or area name, quote), in the order printed
    area_name: str | None = None
    area: Area | None = None
    venues: tuple[tuple[str, str], ...] = ()  # (seat name, where the count was held)

    def venue(self, seat: str) -> str | None:
        return dict(self.venues).get(seat)

    @property
    def lead(self) -> Angle:
        return self.angles[0]

    def fired(self, angle_id: str, seat: str | None = None) -> Angle | None:
        for a in self.angles:
            if a.id == angle_id and (seat is None or seat in a.seats):
                return a
        return None


def _changed(f: SeatFacts) -> bool:
    """Is there a change since last time to report: a share change or the majority then?"""
    return not f.uncontested and (f.winner.share_change is not None or f.previous_majority is not None)


#: leads whose news is the change since last time: the shares and swing come before the totals
_CHANGE_LEADS = frozenset(
    {"overturned_majority", "collapse", "historic_first", "party_first_seat", "safe_seat_falls", "runner_up_surge"}
)


#: leads about a person (an MP ousted, a former MP back) or the margin: the totals come next
_TOTALS_LEADS = frozenset(
    {
        "ousted_incumbent",
        "long_tenure_ended",
        "big_name_defeat",
        "big_name_survives",
        "regained_seat",
        "defended_seat",
        "narrow_majority",
    }
)


def _seat_sections(f: SeatFacts, angles: list[Angle], quotes: bool) -> list[str]:
    """The paragraphs after the lede, in the order what happened makes them matter.

    Each section scores by the facts and angles behind it; the highest goes first. The top
    two totals lead unless the lead angle is about change (an overturned majority, a collapse), the
    third place or the turnout; a big swing moves the change paragraph up, a close or new
    third place moves its paragraph up, a quote follows the first facts paragraph, and a
    bigger turnout change moves the turnout paragraph up (the standfirst then leaves it out).
    """
    fired = {a.id: a for a in angles}
    lead = angles[0].id if angles else ""
    if f.uncontested:
        return ["quotes"] if quotes else []
    score: dict[str, float] = {"totals": 70.0 if lead in _TOTALS_LEADS else 50.0}
    if _changed(f):
        # a bigger swing is bigger news
        score["change"] = 90.0 if lead in _CHANGE_LEADS else 25.0 + 1.5 * (f.swing or 0.0)
    if len(f.candidates) >= 3 and f.third is not None:
        # a close or changed third place, or a third party with a real vote (Reform UK in 2024)
        battle = "third_place_battle" in fired or "collapse" in fired
        score["third_place"] = (
            95.0 if lead == "third_place_battle" else 48.0 if battle else min(49.0, 20.0 + 1.5 * f.third.share)
        )
    change = f.shown_turnout_change
    if change is not None:  # turnout against last time: a bigger change, an earlier paragraph
        score["turnout"] = 95.0 if lead == "turnout_change" else 15.0 + 3.0 * abs(change)
    if quotes:
        score["quotes"] = 45.0
    return sorted(score, key=lambda s: -score[s])


def make_plan(
    seats: list[SeatFacts],
    angles: list[Angle],
    context: Context,
    area_name: str | None = None,
    area: Area | None = None,
) -> Plan:
    lead = angles[0]
    # the seat the lead angle is about goes first; the rest keep the order they were asked for
    ordered = sorted(seats, key=lambda f: 0 if f.seat_name in lead.seats[:1] else 1)
    quotes: list[tuple[str, Quote]] = []
    for f in ordered:
        quotes.extend((f.seat_name, q) for q in context.seat(f.seat_name).quotes)
    if area is not None:
        quotes.extend((area_name or "", q) for q in area.quotes)
    if len(ordered) > 1:
        sections = ["lede", "totals", "other_seats"]
        if any(f.turnout_change is not None or f.predecessor_turnout_change is not None for f in ordered):
            sections.append("turnout")
        if quotes:
            sections.append("quotes")
        if any(len(f.candidates) >= 3 for f in ordered):
            sections.append("third_place")
    else:
        sections = ["lede", *_seat_sections(ordered[0], angles, bool(quotes))]
    return Plan(
        kind="area" if len(ordered) > 1 else "seat",
        seats=tuple(ordered),
        angles=tuple(angles),
        sections=tuple(sections),
        quotes=tuple(quotes),
        area_name=area_name,
        area=area,
        venues=tuple((f.seat_name, v) for f in ordered if (v := context.seat(f.seat_name).venue)),
    )
