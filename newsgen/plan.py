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
    #: what the history paragraph says, in order ("record", "always", "run_kept", "run_ended")
    history_points: tuple[str, ...] = ()

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


#: leads that tell the seat's run themselves (so the history paragraph does not repeat it)
_RUN_LEADS = frozenset({"historic_first", "safe_seat_falls"})


def history_points(f: SeatFacts, lead: str) -> tuple[str, ...]:
    """What the seat's own history adds, if the history file supports it: a majority record
    ("record"), a party that has won every election in the file ("always"), the winning party's
    run kept ("run_kept", ten years or more) or the losing party's run ended ("run_ended")."""
    h = f.history
    if h is None or f.uncontested:
        return ()
    points = ["record"] if h.record else []
    if h.complete and h.elections >= 3:
        p = f.winning_party
        if f.result == "hold" and h.single_group and h.single_group_name == p.adj:
            points.append("always")
        elif (
            f.result == "hold"
            and h.winner_run_since
            and h.winner_run_since <= f.year - 10
            and not f.byelection_gain_party
            and (h.winner_run_since >= 1992 or p.code != "LD")  # the "lib" group was the Liberals before
        ):
            points.append("run_kept")
        elif (
            f.result == "gain"
            and f.previous_party
            and h.loser_run_since
            and h.loser_run_since < f.year - 10
            and not f.defended
            and lead not in _RUN_LEADS
        ):
            points.append("run_ended")
    return tuple(points)


def _history_score(f: SeatFacts, points: tuple[str, ...]) -> float:
    """A long run or an old record is bigger news: up to the score of the totals and beyond."""
    h = f.history
    if h is None:
        return 0.0
    since: list[int] = []
    if "record" in points:
        since.append(f.year - (h.record_since or h.first_year))
    if "run_kept" in points and h.winner_run_since:
        since.append(f.year - h.winner_run_since)
    if "run_ended" in points and h.loser_run_since:
        since.append(f.year - h.loser_run_since + 20)  # a run ended is news on a gain
    if "always" in points:
        since.append(f.year - h.first_year)
    return 30.0 + min(26.0, max(since, default=0) / 3.0)


def _seat_sections(f: SeatFacts, angles: list[Angle], quotes: bool, points: tuple[str, ...] = ()) -> list[str]:
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
    totals = 70.0 if lead in _TOTALS_LEADS else 50.0
    if lead not in _TOTALS_LEADS and f.majority_share >= 15.0:
        totals -= 12.0  # a safe seat: the totals are not the news
    score: dict[str, float] = {"totals": totals}
    if _changed(f):
        # a bigger swing, or a bigger move by one of the top three, is bigger news (each capped)
        moves = [abs(c.share_change) for c in f.candidates[:3] if c.share_change is not None]
        move = min(12.0, max(moves, default=0.0))
        swing = min(8.0, f.swing or 0.0)
        score["change"] = 90.0 if lead in _CHANGE_LEADS else 22.0 + 2.0 * swing + 1.5 * move
    if len(f.candidates) >= 3 and f.third is not None:
        # a close or changed third place, or a third party with a real or rising vote (Reform UK
        # in 2024, the Lib Dems in 2019)
        battle = "third_place_battle" in fired or "collapse" in fired
        moved = f.third.share_change or 0.0
        rising = 5.0 if moved >= 5.0 else -8.0 if moved <= -5.0 else 0.0  # a falling third is less news
        score["third_place"] = (
            95.0 if lead == "third_place_battle" else 48.0 if battle else min(49.0, 20.0 + 1.5 * f.third.share + rising)
        )
    change = f.shown_turnout_change
    if change is not None:  # turnout against last time: a bigger change, an earlier paragraph
        score["turnout"] = 95.0 if lead == "turnout_change" else 12.0 + 4.0 * abs(change)
    if points:
        score["history"] = _history_score(f, points)
    if quotes:
        score["quotes"] = 45.0
    order = sorted(score, key=lambda s: -score[s])
    if "third_place" in order and order.index("third_place") < order.index("totals"):
        # who came second before who came third: the third place follows the totals
        order.remove("third_place")
        order.insert(order.index("totals") + 1, "third_place")
    return order


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
    points: tuple[str, ...] = ()
    if len(ordered) > 1:
        sections = ["lede", "totals", "other_seats"]
        if any(f.turnout_change is not None or f.predecessor_turnout_change is not None for f in ordered):
            sections.append("turnout")
        if quotes:
            sections.append("quotes")
        if any(len(f.candidates) >= 3 for f in ordered):
            sections.append("third_place")
    else:
        points = history_points(ordered[0], lead.id)
        sections = ["lede", *_seat_sections(ordered[0], angles, bool(quotes), points)]
    return Plan(
        kind="area" if len(ordered) > 1 else "seat",
        seats=tuple(ordered),
        angles=tuple(angles),
        sections=tuple(sections),
        quotes=tuple(quotes),
        area_name=area_name,
        area=area,
        venues=tuple((f.seat_name, v) for f in ordered if (v := context.seat(f.seat_name).venue)),
        history_points=points,
    )
