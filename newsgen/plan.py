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
    sections = ["lede", "totals"]
    if len(ordered) > 1:
        sections.append("other_seats")
    elif _changed(ordered[0]):
        sections.append("change")
    if any(f.turnout_change is not None or f.predecessor_turnout_change is not None for f in ordered):
        sections.append("turnout")
    if quotes:
        sections.append("quotes")
    if any(len(f.candidates) >= 3 for f in ordered):
        sections.append("third_place")
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
