"""Every contest's facts and ranked angles as data: what ``newsgen facts`` writes.

One record per contest of the results: each constituency of a general election, each ward of
a council file, and each council (its state of the parties). A record has the contest's ids,
the figures most questions need as flat columns (winner, votes, shares, majority, turnout,
changes, continuity), the candidates (a council: the parties) and the ranked angles as lists,
and the complete facts the story is written from (the same object as a JSON story's
``facts[]``). Its keys, in order, are :data:`COLUMNS`; ``newsgen/schemas/facts.schema.json``
describes each.

Three formats, each loadable by sqlite-utils and datasette (see docs/facts.md):

``jsonl``  one record per line (sqlite-utils ``insert --nl``); the default
``json``   an array of the records (sqlite-utils ``insert``)
``csv``    one row per record, a column per key; lists and objects are JSON text in their cell
           (as sqlite-utils and datasette write JSON columns to CSV), booleans 1 and 0 (as SQLite
           stores them), a missing value an empty cell

Percentages are rounded as :mod:`newsgen.facts.published` says; counts are integers.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen.angles.engine import apply_choices
from newsgen.angles.model import Angle
from newsgen.baselines.names import normalise, slug
from newsgen.errors import NewsgenError, OutputError, RequestError
from newsgen.facts.council import CouncilFacts
from newsgen.facts.published import published
from newsgen.facts.seat import SeatFacts
from newsgen.facts.ward import WardFacts
from newsgen.schemas import FACTS_SCHEMA_VERSION

if TYPE_CHECKING:
    from newsgen.pipeline import Dataset

__all__ = [
    "COLUMNS",
    "FORMATS",
    "FactsExport",
    "check_output",
    "contest_record",
    "export_facts",
    "serialise",
    "write_output",
]

FORMATS = ("jsonl", "json", "csv")

#: every record's keys, in order (the CSV's columns)
COLUMNS: tuple[str, ...] = (
    "schema_version",
    # -- which contest ---------------------------------------------------------------------
    "id",
    "slug",
    "name",
    "kind",
    "election_id",
    "election_date",
    "election_kind",
    "body",
    "council_id",
    "council",
    "country",
    "region",
    "source_file",
    "seats",
    "by_election",
    # -- the count ---------------------------------------------------------------------------
    "electorate",
    "valid_votes",
    "invalid_votes",
    "turnout",
    "turnout_published",
    "turnout_change",
    "baseline",
    # -- who won, and by how much ------------------------------------------------------------
    "winner",
    "winner_party",
    "winner_party_name",
    "winner_votes",
    "winner_share",
    "winner_share_change",
    "winner_sitting",
    "winner_role",
    "elected",
    "runner_up",
    "runner_up_party",
    "runner_up_votes",
    "runner_up_share",
    "majority",
    "majority_share",
    "result",
    "result_summary",
    "previous_party",
    "swing",
    "defeated_members",
    "departing_member",
    # -- a council's state of the parties ----------------------------------------------------
    "control_before",
    "control_after",
    "total_seats",
    "seats_needed",
    # -- the angles, lead first --------------------------------------------------------------
    "lead",
    "lead_reason",
    "angle_ids",
    # -- lists and the complete facts --------------------------------------------------------
    "candidates",
    "parties",
    "angles",
    "facts",
)


@dataclass
class FactsExport:
    """The records written, in the results file's order, and the contests that failed."""

    records: list[dict[str, Any]] = field(default_factory=list)
    #: (contest name, one-line reason)
    failed: list[tuple[str, str]] = field(default_factory=list)


def export_facts(
    dataset: Dataset, seats: Sequence[str] = (), *, lead: str | None = None, dropped: Iterable[str] = ()
) -> FactsExport:
    """A record for each of ``seats`` (names, GSS codes or slugs; none: every contest of the
    results, a council file's councils after its wards).

    ``lead`` makes that angle the lead wherever it fires (elsewhere the contest's own ranking
    stands) and ``dropped`` leaves angles out: the ranking a batch's story would use with the
    same run-wide choices (:meth:`newsgen.pipeline.Dataset.story`'s ``defaults``).
    A contest whose data could not be loaded, or whose facts cannot be worked out, is listed
    in ``failed`` and the others are still exported; a name the results do not have raises
    :class:`~newsgen.errors.UnknownSeatError` before anything is exported."""
    dropped = tuple(dropped)
    names, failed = _contests(dataset, seats)
    export = FactsExport(failed=failed)
    for name in names:
        try:
            export.records.append(contest_record(dataset, name, lead=lead, dropped=dropped))
        except NewsgenError as exc:
            export.failed.append((name, str(exc).splitlines()[0]))
        except Exception as exc:  # a bug, but one contest must not stop the others
            export.failed.append((name, f"internal error: {type(exc).__name__}: {exc}"))
    return export


def _contests(dataset: Dataset, seats: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The contests to export, by the names their facts are found by, and those set aside
    when the results were loaded, with the reason."""
    rejected = {normalise(k): k for k in dataset.loaded.rejected}
    if not seats:
        names = dataset.seat_names
        return names, [(k, dataset.loaded.rejection(k)) for k in dataset.loaded.rejected]
    names: list[str] = []
    failed: list[tuple[str, str]] = []
    for seat in dict.fromkeys(seats):
        if normalise(seat) in rejected:
            name = rejected[normalise(seat)]
            failed.append((name, dataset.loaded.rejection(name)))
        else:
            names.append(_canonical(dataset, seat))
    return list(dict.fromkeys(names)), failed


def _canonical(dataset: Dataset, seat: str) -> str:
    """A contest's name as the results give it, from its name, slug or id (raises
    UnknownSeatError, with suggestions, for one that is not there)."""
    local = dataset.local
    if local is None:
        return dataset.contest(seat).name
    found = local.ward(seat) or local.council(seat)
    if found is None:
        dataset.facts(seat)  # raises UnknownSeatError with suggestions
    assert found is not None
    return found.name


# -- one record ------------------------------------------------------------------------------


def contest_record(
    dataset: Dataset, name: str, *, lead: str | None = None, dropped: Iterable[str] = ()
) -> dict[str, Any]:
    """The record for one contest (see :data:`COLUMNS`), its angles ranked as the story would
    rank them after ``lead`` (where it fires) and ``dropped``."""
    facts, found, _, _ = dataset.angles([name])
    f = facts[0]
    dropped = tuple(dropped)
    if lead and not any(a.id == lead and a.id not in dropped for a in found):
        lead = None  # not this contest's angle: its own ranking stands
    ranked = apply_choices(found, lead=lead, dropped=dropped)
    facts_dict = f.to_dict()
    election = dataset.election
    record: dict[str, Any] = dict.fromkeys(COLUMNS)
    record.update(
        schema_version=FACTS_SCHEMA_VERSION,
        id=f.seat_id,
        slug=slug(f.seat_name),
        name=f.seat_name,
        election_id=election.id or _election_id(election.kind, election.polling_date.isoformat()),
        election_date=election.polling_date.isoformat(),
        election_kind=election.kind,
        body=election.body,
        source_file=f.source_file,
    )
    if isinstance(f, SeatFacts):
        record.update(_seat(f, by_election=election.kind == "by-election"))
    elif isinstance(f, WardFacts):
        record.update(_ward(f))
    elif isinstance(f, CouncilFacts):
        record.update(_council(f, facts_dict))
    else:  # pragma: no cover - a new kind of facts must be added here
        raise TypeError(f"no facts record for {type(f).__name__}")
    record.update(
        lead=ranked[0].id,
        lead_reason=ranked[0].reason,
        angle_ids=[a.id for a in ranked],
        angles=[_angle(a, rank) for rank, a in enumerate(ranked, start=1)],
        facts=facts_dict,
    )
    rounded: dict[str, Any] = published(record)
    return rounded


def _election_id(kind: str, date: str) -> str:
    """An id for an election whose file gives none (the Commons Library's), in Democracy
    Club's form: ``parl.2024-07-04``."""
    return f"parl.{date}" if kind in ("general", "by-election") else f"{kind.replace(' ', '-')}.{date}"


def _seat(f: SeatFacts, *, by_election: bool) -> dict[str, Any]:
    win, second = f.winner, f.runner_up
    return {
        "kind": "seat",
        "country": f.country,
        "region": f.region,
        "seats": 1,
        "by_election": by_election,
        "electorate": f.electorate,
        "valid_votes": f.valid_votes,
        "invalid_votes": f.invalid_votes,
        "turnout": f.turnout,
        "turnout_published": False,
        "turnout_change": f.turnout_change,
        "baseline": f"{f.baseline_kind} {f.baseline_year}" if f.baseline_year else None,
        **_top_two(win, second, sitting=f.defended, elected=[win.name]),
        "majority": f.majority,
        "majority_share": f.majority_share,
        "result": f.result,
        "result_summary": f.result_summary,
        "previous_party": f.previous_party.code if f.previous_party else None,
        "swing": f.swing,
        "defeated_members": [c.name for c in f.defeated_mps],
        "departing_member": f.departing_mp,
        "candidates": [
            _candidate(c, elected=c is win, sitting=c.sitting_mp, former=c.former_mp, member_id=c.member_id)
            for c in f.candidates
        ],
    }


def _ward(f: WardFacts) -> dict[str, Any]:
    win, second = f.winner, f.runner_up
    previous = f.previous_party
    return {
        "kind": "ward",
        "council_id": f.council_id,
        "council": f.council,
        "seats": f.seats,
        "by_election": f.by_election,
        "electorate": f.electorate,
        "valid_votes": f.valid_votes,
        "invalid_votes": f.invalid_votes,
        "turnout": f.turnout,
        "turnout_published": f.turnout_published,
        "turnout_change": f.turnout_change,
        "baseline": f"previous {f.previous_year}" if f.previous_year else None,
        **_top_two(win, second, sitting=win.sitting, elected=[c.name for c in f.elected]),
        "majority": f.majority,
        "result": f.result,
        "previous_party": previous.code if previous else None,
        "defeated_members": [c.name for c in f.defeated_councillors],
        "candidates": [
            _candidate(c, elected=c.elected, sitting=c.sitting, former=c.councillor_from is not None, member_id=None)
            for c in f.candidates
        ],
    }


def _council(f: CouncilFacts, facts: Mapping[str, Any]) -> dict[str, Any]:
    """A council's columns; its parties from the facts' rows (named as its story names them)."""
    compared = facts["baseline_year"]
    return {
        "kind": "council",
        "council_id": f.seat_id,
        "council": f.seat_name,
        "seats": f.seats_up,
        "by_election": False,
        "valid_votes": f.valid_votes,
        "invalid_votes": f.invalid_votes,
        "turnout": f.turnout,
        "turnout_published": False,
        "turnout_change": facts["turnout_change"],
        "baseline": f"previous {compared}" if compared else None,
        "result": facts["result"],
        "control_before": f.control_before,
        "control_after": f.control_after,
        "total_seats": f.total_seats,
        "seats_needed": f.needed,
        "parties": [
            {
                "party": row["party"]["code"],
                "party_name": row["party"]["name"],
                "share": row["share"],
                "share_change": row["share_change"],
                "seats_won": row["seats_won"],
                "seats_gained": row["seats_gained"],
                "seats_lost": row["seats_lost"],
                "seats_before": row["seats_before"],
                "seats_after": row["seats_after"],
                "seats_after_low": row["seats_after_low"],
                "seats_after_high": row["seats_after_high"],
            }
            for row in facts["candidates"]
        ],
    }


def _top_two(win: Any, second: Any | None, *, sitting: bool, elected: list[str]) -> dict[str, Any]:
    """The winner's and runner-up's columns, the same for a seat and a ward (``sitting``: the
    winner held the seat; ``elected``: everyone elected)."""
    return {
        "winner": win.name,
        "winner_party": win.party.code,
        "winner_party_name": win.party.name,
        "winner_votes": win.votes,
        "winner_share": win.share,
        "winner_share_change": win.share_change,
        "winner_sitting": sitting,
        "winner_role": win.role,
        "elected": elected,
        "runner_up": second.name if second else None,
        "runner_up_party": second.party.code if second else None,
        "runner_up_votes": second.votes if second else None,
        "runner_up_share": second.share if second else None,
    }


def _candidate(c: Any, *, elected: bool, sitting: bool, former: bool, member_id: int | None) -> dict[str, Any]:
    """A candidate's row, the same columns for a seat's (CandidateFacts) and a ward's
    (WardCandidate); what differs between the two is given."""
    return {
        "position": c.position,
        "name": c.name,
        "party": c.party.code,
        "party_name": c.party.name,
        "votes": c.votes,
        "share": c.share,
        "share_change": c.share_change,
        "elected": elected,
        "sitting": sitting,
        "former": former,
        "member_id": member_id,
        "role": c.role,
    }


def _angle(a: Angle, rank: int) -> dict[str, Any]:
    return {"rank": rank, "id": a.id, "score": a.score, "reason": a.reason, "evidence": a.evidence}


# -- formats ---------------------------------------------------------------------------------


def serialise(records: Sequence[Mapping[str, Any]], fmt: str) -> bytes:
    """The records in ``fmt`` (jsonl, json or csv), as UTF-8."""
    if fmt == "jsonl":
        return "".join(_json(r) + "\n" for r in records).encode("utf-8")
    if fmt == "json":
        return ("[\n" + ",\n".join(_json(r) for r in records) + ("\n]\n" if records else "]\n")).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows([_cell(r.get(key)) for key in COLUMNS] for r in records)
        return buffer.getvalue().encode("utf-8")
    raise RequestError(f"there is no facts format {fmt!r}", hint=f"choose from {', '.join(FORMATS)}")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _cell(value: Any) -> str | int | float:
    """A CSV cell: text and numbers as they are, a boolean as 1 or 0, nothing as an empty
    cell, a list or object as its JSON text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | dict):
        return _json(value)
    return value


# -- the output file -------------------------------------------------------------------------


def check_output(path: str | os.PathLike[str]) -> None:
    """Refuse, before any work, an output file whose folder is not there or is a file."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise OutputError(f"{target}: is a folder", hint="give a file name for the output, e.g. facts.jsonl")
    if not folder.exists():
        raise OutputError(
            f"{target}: the folder {folder} does not exist",
            hint=f"create it first (mkdir -p {shlex.quote(str(folder))}), or write elsewhere with --output",
        )
    if not folder.is_dir():
        raise OutputError(f"{target}: {folder} is a file, not a folder", hint="write elsewhere with --output")


def write_output(path: str | os.PathLike[str], data: bytes) -> None:
    """Write the whole output at once, atomically: a reader of ``path`` sees the old file or the
    new one, never part of one (a temporary beside it, renamed over it)."""
    from newsgen.batch.files import write_atomic

    check_output(path)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise OutputError(
            f"{os.fspath(path)}: cannot write ({exc.strerror or exc})",
            hint="check the folder's permissions and free space, or write elsewhere with --output",
        ) from None
