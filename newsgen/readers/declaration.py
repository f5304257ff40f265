"""Read a declaration a reporter types at the count (YAML): one contest, as the returning
officer reads it out.

    election:
      type: local by-election      # general, by-election, local or local by-election
      date: 2026-12-03
      body: Trafford Council       # the council; "House of Commons" for Westminster
    contest:
      name: Hale                   # the ward or constituency, as the results files spell it
      id: E05015246                # GSS code (optional)
      seats: 1                     # seats to fill
      electorate: 8123
      rejected: 12                 # rejected ballot papers
      defending: [Green]           # the party holding each seat up (optional)
    candidates:
      - {name: Natalie Shalom, party: Conservative, votes: 1521, elected: true}
      - {name: Orla Weir, party: Green, votes: 1245}

``fixtures/declaration-example.yaml`` is a complete one; ``newsgen declaration new SEAT``
writes a blank one. While a recount is under way, ``status: recount`` (figures may be blank)
says so: ``newsgen watch`` writes a holding line for the seat ("A recount is under way in
Hale") and no story until the file says ``status: declared`` with the figures. The file is
checked with pydantic: a missing or mistyped field is named by its place
("candidates[2].votes") with what to type there.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newsgen.baselines.names import normalise
from newsgen.errors import DataError
from newsgen.readers.common import CONTROL_C0, MAX_TEXT_CHARS, LoadedResults, council_slug, read_text
from newsgen.readers.parties import canonical_party
from newsgen.records.checks import check_contest
from newsgen.records.models import Candidate, Contest, Council, Election, SourceRef

__all__ = ["TELLS", "Declaration", "blank", "load_results", "recount_under_way"]

#: top-level keys whose presence says a YAML file is a declaration
TELLS = ("election:", "contest:", "candidates:")
_KINDS = ("general", "by-election", "local", "local by-election")
_COLUMNS = {
    "Electorate": "contest.electorate",
    "Election valid vote count": "candidates[].votes",
    "Election invalid vote count": "contest.rejected",
    "Candidate vote count": "candidates[].votes",
    "Candidate result position": "candidates[].votes",
    "Candidate family name": "candidates[].name",
}


def _one_line(name: str) -> str:
    """A name is one line: a line break would split the headline, and the watcher's log line."""
    if CONTROL_C0.search(name):
        raise ValueError("a name is one line of text")
    return name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Election(_Strict):
    type: Literal["general", "by-election", "local", "local by-election"]
    date: dt.date
    body: str = Field("House of Commons", max_length=MAX_TEXT_CHARS)


class _Contest(_Strict):
    name: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    id: str | None = Field(None, max_length=40)
    seats: int = Field(1, ge=1, le=10)
    electorate: int | None = Field(None, ge=1, lt=100_000_000)
    rejected: int = Field(0, ge=0, lt=100_000_000)
    defending: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _one_line(cls, v: str) -> str:
        return _one_line(v)


class _Candidate(_Strict):
    name: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    party: str = Field("Independent", max_length=MAX_TEXT_CHARS)
    votes: int = Field(ge=0, lt=100_000_000)
    elected: bool = False
    sitting: bool = False

    @field_validator("name")
    @classmethod
    def _one_line(cls, v: str) -> str:
        return _one_line(v)


class Declaration(_Strict):
    """The whole file."""

    election: _Election
    contest: _Contest
    candidates: list[_Candidate] = Field(min_length=1)
    status: Literal["declared"] = "declared"


class _RecountNote(BaseModel):
    """A declaration while a recount is under way: only the election and the contest's name
    are read (the figures are not final, and may be blank)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    status: Literal["recount"]
    election: _Election
    contest: dict[str, Any]

    @field_validator("contest")
    @classmethod
    def _named(cls, v: dict[str, Any]) -> dict[str, Any]:
        name = v.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_TEXT_CHARS:
            raise ValueError("give the contest's name (name: ...)")
        _one_line(name)
        return v


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key given twice in one mapping: a figure typed twice
    at the count ("votes: 1245" and, below, "votes: 1254") would silently keep the last."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                seen = key in first
            except TypeError:
                continue  # an unhashable key: PyYAML's own error says so
            if seen:
                raise _Twice(None, None, f"{key!s} is given twice (first on line {first[key]})", key_node.start_mark)
            first[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _Twice(yaml.constructor.ConstructorError):
    """A key given twice in one mapping."""


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # a SafeLoader: no Python objects


def recount_under_way(text: str, *, file: str) -> str | None:
    """The contest's name if this declaration says ``status: recount``; None otherwise (a
    declared result, or a file :func:`parse` will explain the problems of)."""
    try:
        data = _load(text)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or str(data.get("status", "")).strip().lower() != "recount":
        return None
    try:
        note = _RecountNote.model_validate({**data, "status": "recount"})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DataError(
            f"{_where(first['loc'])}: {first['msg']}",
            file=file,
            hint="a recount note needs election: (type, date) and contest: name",
        ) from None
    return str(note.contest["name"]).strip()


def load_results(path: str | Path) -> LoadedResults:
    path = Path(path)
    return parse(read_text(path), file=path.name)


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse(text: str, *, file: str) -> LoadedResults:
    """A declaration's YAML as one election with one contest."""
    try:
        data = _load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        twice = isinstance(exc, _Twice)
        raise DataError(
            str(exc.problem) if twice else f"is not valid YAML ({getattr(exc, 'problem', None) or exc})",
            file=file,
            row=mark.line + 1 if mark else None,
            hint="keep the one the returning officer declared, and delete the other"
            if twice
            else "compare it with fixtures/declaration-example.yaml",
        ) from None
    if not isinstance(data, dict):
        raise DataError(
            "is empty" if data is None else "is not a declaration (expected election:, contest: and candidates:)",
            file=file,
            hint="compare it with fixtures/declaration-example.yaml (newsgen declaration new SEAT writes a blank one)",
        )
    seat = recount_under_way(text, file=file)
    if seat is not None:
        raise DataError(
            f"says a recount is under way in {seat}: there is no result to write a story from yet",
            file=file,
            hint="when the result is declared, type the figures and set status: declared",
        )
    try:
        d = Declaration.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise DataError(
            f"{_where(first['loc'])}: {first['msg']}"
            + (f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""),
            file=file,
            hint="compare it with fixtures/declaration-example.yaml (newsgen declaration new SEAT writes a blank one)",
        ) from None
    c = d.contest
    ranked = sorted(enumerate(d.candidates), key=lambda ic: (-ic[1].votes, not ic[1].elected, ic[0]))
    marked = any(x.elected for x in d.candidates)
    _winners_known(d, [x for _, x in ranked], marked, file)
    candidates = []
    for position, (i, x) in enumerate(ranked, start=1):
        words = x.name.split()
        candidates.append(
            Candidate(
                given_name=" ".join(words[:-1]),
                family_name=words[-1],
                party=canonical_party(x.party),
                votes=x.votes,
                position=position,
                elected=x.elected if marked else position <= c.seats,
                sitting_mp=x.sitting,
                row=i + 1,
            )
        )
    local = d.election.type.startswith("local")
    council_id = council_slug(d.election.body) if local else None
    valid = sum(x.votes for x in candidates) if c.seats == 1 else 0
    summary = ""
    if len(c.defending) == 1 and c.seats == 1:
        defended = canonical_party(c.defending[0])
        won = candidates[0].party_code
        code = defended.code if defended else "Ind"
        summary = f"{won} hold" if code == won else f"{won} gain from {code}"
    contest = Contest(
        seat_id=c.id or normalise(c.name),
        name=c.name,
        country="",
        electorate=c.electorate or 0,
        valid_votes=valid,
        invalid_votes=c.rejected,
        seats=c.seats,
        by_election=d.election.type.endswith("by-election"),
        council_id=council_id,
        result_summary=summary,
        counts_unknown=c.electorate is None or (c.seats > 1),
        candidates=tuple(candidates),
        source=SourceRef(file=file, rows=tuple(range(1, len(candidates) + 1))),
    )
    warnings = check_contest(contest, file=file, columns=_COLUMNS)
    election = Election(
        polling_date=d.election.date,
        kind=d.election.type,
        body=d.election.body,
        id=f"declaration.{normalise(c.name)}.{d.election.date.isoformat()}",
        contests=(contest,),
        councils=(Council(id=council_id, name=d.election.body),) if council_id else (),
        source=SourceRef(file=file),
    )
    return LoadedResults(
        election=election,
        all_seats=[c.name],
        winner_codes=[x.party_code for x in candidates if x.elected],
        warnings=warnings,
    )


def _winners_known(d: Declaration, ranked: list[_Candidate], marked: bool, file: str) -> None:
    """Who was elected must be in the file: every winner marked, or none (the most votes win),
    and a tie for the last seat marked, as the returning officer drew lots: never guessed."""
    seats = d.contest.seats
    if marked:
        count = sum(x.elected for x in ranked)
        if count < min(seats, len(ranked)):
            raise DataError(
                f"candidates[].elected: {seats} seats to fill but {count} candidate"
                f"{'' if count == 1 else 's'} marked elected",
                file=file,
                hint="mark every winner elected: true, or none (the candidates with the most votes are then taken)",
            )
    elif len(ranked) > seats and ranked[seats - 1].votes == ranked[seats].votes:
        a, b = ranked[seats - 1], ranked[seats]
        raise DataError(
            f"candidates[].elected: {a.name} and {b.name} tied on {a.votes:,} votes"
            f"{' for the last seat' if seats > 1 else ''}, and neither is marked elected",
            file=file,
            hint="a tie is decided by lot: mark the candidate the returning officer declared elected: true",
        )


def _q(text: str) -> str:
    """A string as a YAML scalar, quoted (names may hold colons, quotes or a leading dash)."""
    return json.dumps(text, ensure_ascii=False)


def blank(seat: str, *, kind: str, body: str, date: dt.date, candidates: list[tuple[str, str]]) -> str:
    """A declaration to fill in at the count: every figure blank, the candidates listed where
    known (name and party), else two lines to copy."""
    people = candidates or [("FIRST CANDIDATE'S NAME", "Party"), ("SECOND CANDIDATE'S NAME", "Party")]
    lines = [
        f"# newsgen declaration for {seat}: fill in every figure as the returning officer reads it,",
        "# mark who was elected, then: newsgen story --results THIS_FILE " + repr(seat),
        "election:",
        f"  type: {kind}            # general, by-election, local or local by-election",
        f"  date: {date.isoformat()}",
        f"  body: {_q(body)}",
        "contest:",
        f"  name: {_q(seat)}",
        "  seats: 1               # seats to fill",
        "  electorate:            # registered electors",
        "  rejected: 0            # rejected ballot papers",
        "  # defending: [Party]   # the party holding each seat up, if you know it",
        "status: declared         # recount while one is under way (newsgen watch writes a holding line)",
        "candidates:",
    ]
    for name, party in people:
        lines += [f"  - name: {_q(name)}", f"    party: {_q(party)}", "    votes:", "    elected: false"]
    return "\n".join(lines) + "\n"
