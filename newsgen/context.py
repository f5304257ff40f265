"""The newsroom context file: what a reporter knows that the results do not.

YAML or JSON::

    candidates:
      - {name: Anna Firth, seat: Southend West and Leigh, role: "MP since the 2022 by-election",
         notes: ["took over the seat following the murder of Sir David Amess"]}
      - {name: A. N. Other, role: a Cabinet minister, notable: true}
    seats:
      Southend West and Leigh:
        quotes: [{speaker: David Burton-Sampson, role: the new MP, text: "..."}]
    areas:
      Southend:
        seats: [Southend West and Leigh, Southend East and Rochford]
        quotes: [{speaker: Daniel Cowan, role: leader of the Labour Group, text: "..."}]
    predecessors:
      Some New Seat: [Old Seat A]

Mistakes are reported with the file, line and key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newsgen.angles.thresholds import Thresholds
from newsgen.baselines.names import normalise
from newsgen.errors import ContextError


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Quote(_Strict):
    speaker: str = Field(min_length=1)
    role: str | None = None
    text: str = Field(min_length=1)


class CandidateNote(_Strict):
    name: str = Field(min_length=1)
    seat: str | None = Field(None, description="limits the entry to one seat when names repeat")
    role: str | None = Field(None, description='e.g. "a Cabinet minister"; read with notable')
    notable: bool = Field(False, description="a big name: the big_name_* angles rest on this")
    notes: tuple[str, ...] = Field((), description="clauses the story may use verbatim")


class SeatNote(_Strict):
    quotes: tuple[Quote, ...] = ()
    venue: str | None = Field(None, description="where the count was held")


class Area(_Strict):
    seats: tuple[str, ...] = Field(min_length=2)
    quotes: tuple[Quote, ...] = ()
    place: str | None = Field(None, description='how the story names the area, e.g. "the city"')


class Context(_Strict):
    candidates: tuple[CandidateNote, ...] = ()
    seats: dict[str, SeatNote] = {}
    areas: dict[str, Area] = {}
    predecessors: dict[str, list[str]] = {}
    thresholds: Thresholds = Thresholds()

    @field_validator("predecessors")
    @classmethod
    def _names(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for seat, olds in value.items():
            if not olds:
                raise ValueError(f"{seat!r} needs at least one previous seat name")
        return value

    def seat(self, name: str) -> SeatNote:
        key = normalise(name)
        for seat_name, note in self.seats.items():
            if normalise(seat_name) == key:
                return note
        return SeatNote()

    def candidate(self, name: str, seat: str) -> CandidateNote | None:
        if not self.candidates:
            return None
        key, seat_key = normalise(name), normalise(seat)
        for entry in self.candidates:
            if normalise(entry.name) == key and (entry.seat is None or normalise(entry.seat) == seat_key):
                return entry
        return None

    def area_for(self, seats: list[str]) -> tuple[str, Area] | None:
        """The context area whose seats are exactly these seats."""
        wanted = {normalise(s) for s in seats}
        for name, area in self.areas.items():
            if {normalise(s) for s in area.seats} == wanted:
                return name, area
        return None


EMPTY = Context()


def _yaml_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Map each key path in a YAML document to its 1-based line number."""
    import yaml

    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                lines[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, ())
    return lines


def load_context(path: str | Path) -> Context:
    """Read and validate a context file (YAML or JSON)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContextError(f"{path}: context file not found", hint="check the --context path") from None
    except UnicodeDecodeError:
        raise ContextError(f"{path}: is not UTF-8 text", hint="save the context file as UTF-8") from None
    except OSError as exc:
        raise ContextError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_context(text, file=str(path))


def parse_context(text: str, *, file: str = "<context>") -> Context:
    import yaml  # JSON is YAML too

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContextError(
            f"{file}{line}: not valid YAML or JSON ({problem})", hint="check quoting and indentation there"
        ) from None
    if data is None:
        return EMPTY
    if not isinstance(data, dict):
        raise ContextError(
            f"{file}, line 1: expected a mapping with candidates/seats/areas/predecessors, got {type(data).__name__}"
        )
    try:
        return Context.model_validate(data)
    except ValidationError as exc:
        lines = _yaml_lines(text)
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line = None
            for cut in range(len(loc), -1, -1):
                if loc[:cut] in lines:
                    line = lines[loc[:cut]]
                    break
            key = ".".join(str(p) for p in loc) or "(top level)"
            where = f"line {line}, " if line else ""
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = "unknown key (allowed keys are listed in the README's context section)"
            problems.append(f"{file}, {where}key {key}: {msg}")
        raise ContextError("context file has mistakes:\n  " + "\n  ".join(problems)) from None
