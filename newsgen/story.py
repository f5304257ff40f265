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
    share: float | None  # per cent, one decimal place (None: the ballots are not known)
    change: float | None  # points against the baseline, one decimal place
    elected: bool


class ResultTable(_Frozen):
    seat: str
    seat_id: str
    rows: tuple[ResultRow, ...]
    majority: int | None  # None: uncontested
    electorate: int | None  # None: the source does not give it
    turnout: float | None  # per cent, two decimal places
    summary: str  # e.g. "Lab gain from Con"
    #: the turnout is the source's own percentage (no counts to work it out from)
    turnout_published: bool = False

    def totals(self) -> str:
        """The line under the table: "Majority 1,949. Electorate 75,154. Turnout 62.71%." (a
        figure the source does not give is left out)."""
        parts = []
        if self.majority is not None:
            parts.append(f"Majority {self.majority:,}.")
        if self.electorate is not None:
            parts.append(f"Electorate {self.electorate:,}.")
        if self.turnout is not None:
            parts.append(f"Turnout {self.turnout:.1f}%." if self.turnout_published else f"Turnout {self.turnout:.2f}%.")
        return " ".join(parts)


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
