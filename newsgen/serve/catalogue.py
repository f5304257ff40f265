"""The seat list: one row per story (every seat, and the context file's areas), built once.

Filtering is a scan over 650 small rows, well under a millisecond; the editors'
saved choices are applied per request so the list always shows the current lead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsgen.baselines.names import normalise
from newsgen.choices import Choice
from newsgen.errors import NewsgenError
from newsgen.facts.parties import party_name
from newsgen.pipeline import Dataset, story_key


@dataclass(frozen=True, slots=True)
class StoryRow:
    """What the seat list shows for one story."""

    id: str
    kind: str  # "seat" or "area"
    name: str
    seats: tuple[str, ...]
    region: str
    party: str  # winning party code (seats); "" for areas
    party_name: str
    result: str  # "gain" / "hold" (seats); "" for areas
    result_line: str  # "Lab gain from Con, majority 1,949"
    majority: int | None
    angles: tuple[str, ...]  # every angle that fired, engine's rank order
    engine_lead: str
    lead: str = ""  # after the editor's choice
    approved: bool = False
    editor: str = ""


@dataclass(frozen=True, slots=True)
class Filters:
    """The seat list's filters, from the query string. Empty means "any"."""

    q: str = ""
    region: str = ""
    party: str = ""
    angle: str = ""  # fired anywhere in the ranking
    lead: str = ""  # the current lead
    result: str = ""
    max_majority: int | None = None  # majorities under this
    status: str = ""  # "approved" or "pending"

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        raw = (query.get("max_majority") or "").replace(",", "").strip()
        try:
            max_majority = int(raw) if raw else None
        except ValueError:
            max_majority = None
        return cls(
            q=(query.get("q") or "").strip(),
            region=query.get("region") or "",
            party=query.get("party") or "",
            angle=query.get("angle") or "",
            lead=query.get("lead") or "",
            result=query.get("result") or "",
            max_majority=max_majority,
            status=query.get("status") or "",
        )

    @property
    def active(self) -> bool:
        return any(getattr(self, f) not in ("", None) for f in self.__slots__)

    def match(self, row: StoryRow) -> bool:
        if self.q and normalise(self.q) not in normalise(" ".join((row.name, *row.seats))):
            return False
        if self.region and row.region != self.region:
            return False
        if self.party and row.party != self.party:
            return False
        if self.angle and self.angle not in row.angles:
            return False
        if self.lead and row.lead != self.lead:
            return False
        if self.result and row.result != self.result:
            return False
        if self.max_majority is not None and (row.majority is None or row.majority >= self.max_majority):
            return False
        return not (self.status and (self.status == "approved") != row.approved)


def _summary(facts: Any) -> tuple[str, str, str, str, str]:
    """(region, party code, party name, result, result line) of a seat, ward or council."""
    kind = getattr(facts, "kind", "seat")
    if kind == "council":
        top = facts.parties[0] if facts.parties else None
        code = top.code if top else ""
        line = ", ".join(f"{p.code} {p.won}" for p in facts.parties if p.won) + f" of {facts.seats_up} seats up"
        return facts.seat_name, code, party_name(code, None).name if top else "", "", line
    if kind == "ward":
        won = ", ".join(f"{c.party.code} {c.name}" for c in facts.elected)
        result = facts.result or ""
        majority = f", majority {facts.majority:,}" if facts.majority is not None else ""
        return facts.council, facts.winning_party.code, facts.winning_party.name, result, f"{won}{majority}"
    return (
        facts.region or facts.country,
        facts.winning_party.code,
        facts.winning_party.name,
        facts.result,
        f"{facts.result_summary}, majority {facts.majority:,}",
    )


def _seat_row(dataset: Dataset, name: str) -> StoryRow:
    facts: Any = dataset.facts(name)
    _, ranked, _, _ = dataset.angles([name])
    ids = tuple(a.id for a in ranked)
    region, code, party, result, line = _summary(facts)
    return StoryRow(
        id=story_key([facts.seat_id]),
        kind="seat",
        name=facts.seat_name,
        seats=(facts.seat_name,),
        region=region,
        party=code,
        party_name=party,
        result=result,
        result_line=line,
        majority=getattr(facts, "majority", None),
        angles=ids,
        engine_lead=ids[0] if ids else "",
        lead=ids[0] if ids else "",
    )


def _area_row(dataset: Dataset, name: str, seats: Sequence[str]) -> StoryRow:
    facts, ranked, _, _ = dataset.angles(list(seats))
    ids = tuple(dict.fromkeys(a.id for a in ranked))
    parts = sorted({f.result_summary for f in facts})
    return StoryRow(
        id=story_key([f.seat_id for f in facts]),
        kind="area",
        name=name,
        seats=tuple(f.seat_name for f in facts),
        region=", ".join(sorted({f.region or f.country for f in facts})),
        party="",
        party_name="",
        result="",
        result_line=f"{len(facts)} seats: " + "; ".join(parts),
        majority=None,
        angles=ids,
        engine_lead=ids[0] if ids else "",
        lead=ids[0] if ids else "",
    )


class Catalogue:
    """Every story the preview can show, by id."""

    def __init__(self, dataset: Dataset) -> None:
        self.rows: dict[str, StoryRow] = {}
        for name in dataset.seat_names:
            row = _seat_row(dataset, name)
            self.rows[row.id] = row
        self.areas: dict[str, StoryRow] = {}
        self.area_errors: dict[str, str] = {}
        for area_name, area in dataset.context.areas.items():
            try:
                row = _area_row(dataset, area_name, area.seats)
            except NewsgenError as exc:  # a context area naming a seat not in these results
                self.area_errors[area_name] = str(exc)
                continue
            self.areas[row.id] = row
        seats = list(self.rows.values())
        self.regions = sorted({r.region for r in seats})
        self.parties = sorted({(r.party, r.party_name) for r in seats}, key=lambda p: p[1])
        self.angle_ids = sorted({a for r in (*seats, *self.areas.values()) for a in r.angles})

    def get(self, story_id: str) -> StoryRow | None:
        return self.rows.get(story_id) or self.areas.get(story_id)

    @staticmethod
    def with_choice(row: StoryRow, choice: Choice | None) -> StoryRow:
        """The row as the editor left it: current lead and approval."""
        if choice is None:
            return row
        kept = [a for a in row.angles if a not in choice.dropped]
        lead = choice.lead if choice.lead in kept else (kept[0] if kept else row.engine_lead)
        return replace(row, lead=lead, approved=True, editor=choice.editor)

    def listing(self, filters: Filters, choices: Mapping[str, Choice]) -> tuple[list[StoryRow], list[StoryRow]]:
        """(areas, seats) that pass the filters, with the saved choices applied."""
        areas = [self.with_choice(r, choices.get(r.id)) for r in self.areas.values()]
        seats = [self.with_choice(r, choices.get(r.id)) for r in self.rows.values()]
        return [r for r in areas if filters.match(r)], [r for r in seats if filters.match(r)]
