"""Step 6: the Story -- headline, standfirst, paragraphs, results tables and metadata."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ResultRow(_Frozen):
    name: str
    party: str
    party_code: str
    votes: int
    share: float  # per cent, one decimal place
    change: float | None  # points against the baseline, one decimal place
    elected: bool


class ResultTable(_Frozen):
    seat: str
    seat_id: str
    rows: tuple[ResultRow, ...]
    majority: int
    electorate: int
    turnout: float  # per cent, two decimal places
    summary: str  # e.g. "Lab gain from Con"


class Story(_Frozen):
    id: str  # stable: the seat id, or the area's seats joined
    slug: str
    kind: str  # "seat" or "area"
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    tables: tuple[ResultTable, ...]
    seats: tuple[str, ...]
    seat_ids: tuple[str, ...]
    lead: str
    angles: tuple[dict[str, Any], ...]
    facts: tuple[dict[str, Any], ...]
    style: str
    templates: tuple[str, ...]
    election_date: str
    sources: tuple[str, ...]
    provenance: tuple[dict[str, Any], ...] = ()

    @property
    def text(self) -> str:
        """Headline, standfirst and body as plain text (what the verifier reads)."""
        return "\n\n".join([self.headline, self.standfirst, *self.paragraphs])
