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
    """A verified story and what it was made from. docs/api.md describes each field."""

    #: stable: the seat's (ward's, council's) id, or an area's seats' GSS codes sorted and joined by "+"
    id: str
    #: its file name in a batch: "southend-west-and-leigh"; an area story's from the context
    #: file's name for the area ("southend"), else from its seats' names
    slug: str
    #: "seat", "area", "ward" or "council"
    kind: str
    headline: str
    #: one sentence of the key figures, under the headline
    standfirst: str
    #: the body, one string per paragraph, lede first
    paragraphs: tuple[str, ...]
    #: each seat's (ward's) full result; none for a council story, whose parties are in its prose
    tables: tuple[ResultTable, ...]
    #: the seats' names, the lead seat first
    seats: tuple[str, ...]
    #: their GSS codes (a council's id), in the same order
    seat_ids: tuple[str, ...]
    #: the id of the angle the story leads on ("historic_first")
    lead: str
    #: every angle that fired, lead first: id, score, reason, evidence, seats
    angles: tuple[dict[str, Any], ...]
    #: each seat's derived facts, as the verifier read them
    facts: tuple[dict[str, Any], ...]
    #: the house style it was written in: "local", "bbc" or "newsquest"
    style: str
    #: the templates that wrote the headline, standfirst and body
    templates: tuple[str, ...]
    #: polling day, YYYY-MM-DD
    election_date: str
    #: the results files the figures came from
    sources: tuple[str, ...]
    #: where each figure and name in the text came from: its text, offset, fact and source file
    #: (empty when the story was made with ``provenance=False``)
    provenance: tuple[dict[str, Any], ...] = ()

    @property
    def text(self) -> str:
        """Headline, standfirst and body as plain text (what the verifier reads)."""
        return "\n\n".join([self.headline, self.standfirst, *self.paragraphs])
