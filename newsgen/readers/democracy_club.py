"""Read Democracy Club result sets: the API's JSON (``/api/v0.9/result_sets/``) or its flat CSV.

Each result set is one ballot ("local.sheffield.ecclesall.2021-05-06"; a by-election has
".by." before the date): the ward, its candidates with their votes, party and whether they
won, and, where volunteers entered them, the electorate, ballots, spoilt ballots and
turnout. Many ballots have the turnout percentage alone; their counts are marked unknown
and a story gives no turnout figure it cannot vouch for.

A file may hold several councils' elections on one day (the bundled one: Sheffield,
Rotherham, Barnsley and Doncaster on 6 May 2021). They load as one local election with a
council each; ``election`` picks one council's ("local.sheffield.2021-05-06") or a date.
The JSON's pages may be concatenated (a list of result sets, or objects with ``results``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgen.baselines.names import normalise
from newsgen.errors import DataError, UnknownElection
from newsgen.readers.common import CONTROL, MAX_TEXT_CHARS, LoadedResults, disambiguate, read_text, show
from newsgen.readers.parties import canonical_party
from newsgen.records.checks import check_contest
from newsgen.records.models import Candidate, Contest, Council, Election, SourceRef

__all__ = ["CSV_TELLS", "load_results", "parse_csv", "parse_json"]

#: columns whose presence says a CSV is Democracy Club's flat result sets
CSV_TELLS = ("ballot_paper_id", "num_ballots", "is_winner")
_BALLOT = re.compile(
    r"^(?P<kind>[a-z]+)\.(?P<org>[a-z0-9-]+)\.(?P<ward>[a-z0-9-]+)(?P<by>\.by)?\.(?P<date>\d{4}-\d\d-\d\d)$"
)
_PARTICLES = frozenset({"de", "da", "di", "du", "van", "von", "der", "den", "le", "la", "st", "st."})
#: the Commons Library column each check names, as Democracy Club calls it
COLUMNS = {
    "Electorate": "total_electorate",
    "Election valid vote count": "num_turnout_reported",
    "Election invalid vote count": "num_spoilt_ballots",
    "Candidate vote count": "num_ballots",
    "Candidate result position": "num_ballots",
    "Candidate family name": "person_name",
    "Constituency name": "post_label",
}


@dataclass
class _Person:
    name: str
    person_id: str
    party: str
    party_id: str
    votes: int
    winner: bool
    row: int


@dataclass
class _Ballot:
    """One result set, from either format."""

    id: str
    ward: str
    post_id: str
    electorate: int | None
    ballots: int | None
    turnout: float | None
    spoilt: int | None
    row: int
    people: list[_Person] = field(default_factory=list)
    election_name: str = ""


def load_results(
    path: str | Path, *, election: str | None = None, only: Collection[str] | None = None
) -> LoadedResults:
    """Load Democracy Club result sets (JSON or flat CSV), one election (``election``: a date
    or an election id; default the latest day, every council on it)."""
    path = Path(path)
    text = read_text(path)
    if text.lstrip()[:1] in ("[", "{"):
        return parse_json(text, file=path.name, election=election, only=only)
    return parse_csv(text, file=path.name, election=election, only=only)


def _count(value: Any, where: dict[str, object], column: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        if isinstance(value, float) and value.is_integer() and value >= 0:
            return int(value)
        raise DataError(
            f"{show(str(value))} is not a whole number",
            field=column,
            hint="the count must be a number of votes or people, in digits",
            **where,  # type: ignore[arg-type]
        )
    number = int(value)
    if number < 0 or number >= 100_000_000:
        raise DataError(f"{number:,} is not a plausible count", field=column, **where)  # type: ignore[arg-type]
    return number


def _percent(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= 100 else None


def _text(value: Any, where: dict[str, object], column: str) -> str:
    text = " ".join(str(value or "").split()) if not CONTROL.search(str(value or "")) else None
    if text is None:
        raise DataError(
            f"{show(str(value))} contains a control character or line break",
            field=column,
            hint="a name or label is one line",
            **where,  # type: ignore[arg-type]
        )
    if len(text) > MAX_TEXT_CHARS:
        raise DataError(f"{show(text)} is too long for a name or label", field=column, **where)  # type: ignore[arg-type]
    return text


def _result_sets(data: Any, file: str) -> Iterable[Mapping[str, Any]]:
    if isinstance(data, Mapping):
        data = data.get("results", [data])
    if not isinstance(data, list):
        raise DataError(
            "is JSON but not Democracy Club result sets (a list of them, or a page with 'results')", file=file
        )
    for item in data:
        if isinstance(item, Mapping) and "results" in item and "ballot_paper_id" not in item:
            yield from _result_sets(item, file)
        else:
            yield item


def parse_json(
    text: str, *, file: str, election: str | None = None, only: Collection[str] | None = None
) -> LoadedResults:
    """Parse the API's JSON: a list of result sets (pages concatenated, or one page)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"is not valid JSON ({exc.msg})", file=file, row=exc.lineno) from None
    ballots: list[_Ballot] = []
    broken: dict[str, DataError] = {}
    for n, rs in enumerate(_result_sets(data, file), start=1):
        if not isinstance(rs, Mapping) or "ballot_paper_id" not in rs:
            raise DataError(
                f"result set {n} has no ballot_paper_id",
                file=file,
                row=n,
                hint="pass the API's result_sets pages as served",
            )
        try:
            ballots.append(_json_ballot(rs, n, file))
        except DataError as exc:
            broken[str(rs["ballot_paper_id"])] = exc
    return _build(ballots, file, election, only, broken)


def _json_ballot(rs: Mapping[str, Any], n: int, file: str) -> _Ballot:
    """One result set of the JSON ("row" in messages: its place in the file, from 1)."""
    where: dict[str, object] = {"file": file, "row": n}
    people = []
    ward = post_id = election_name = ""
    for k, cr in enumerate(rs.get("candidate_results") or (), start=1):
        m = cr.get("membership") or {}
        person = m.get("person") or {}
        party = m.get("on_behalf_of") or {}
        post = m.get("post") or {}
        ward = ward or str(post.get("label") or "")
        post_id = post_id or str(post.get("id") or "")
        election_name = election_name or str((m.get("election") or {}).get("name") or "")
        people.append(
            _Person(
                name=_text(person.get("name"), where, "person.name"),
                person_id=str(person.get("id") or ""),
                party=_text(party.get("name"), where, "on_behalf_of.name"),
                party_id=str(party.get("id") or ""),
                votes=_count(cr.get("num_ballots"), {**where, "seat": ward}, "num_ballots") or 0,
                winner=bool(cr.get("is_winner")),
                row=k,
            )
        )
    where["seat"] = ward
    return _Ballot(
        id=str(rs["ballot_paper_id"]),
        ward=_text(ward, where, "post.label"),
        post_id=post_id,
        electorate=_count(rs.get("total_electorate"), where, "total_electorate"),
        ballots=_count(rs.get("num_turnout_reported"), where, "num_turnout_reported"),
        turnout=_percent(rs.get("turnout_percentage")),
        spoilt=_count(rs.get("num_spoilt_ballots"), where, "num_spoilt_ballots"),
        row=n,
        people=people,
        election_name=election_name,
    )


def parse_csv(
    text: str, *, file: str, election: str | None = None, only: Collection[str] | None = None
) -> LoadedResults:
    """Parse the flat CSV: one row per candidate, the ballot's figures on each row."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in (*CSV_TELLS, "post_label", "person_name", "party_name") if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError(
            "required column(s) missing: " + ", ".join(repr(m) for m in missing),
            file=file,
            row=1,
            hint="use Democracy Club's flat result-set CSV",
        )
    by_id: dict[str, _Ballot] = {}
    broken: dict[str, DataError] = {}
    for n, row in enumerate(reader, start=2):
        ballot_id = (row.get("ballot_paper_id") or "").strip()
        if ballot_id in broken:
            continue
        try:
            _csv_row(row, n, file, by_id)
        except DataError as exc:
            broken[ballot_id] = exc
            by_id.pop(ballot_id, None)
    return _build(list(by_id.values()), file, election, only, broken)


def _csv_row(row: Mapping[str, str], n: int, file: str, by_id: dict[str, _Ballot]) -> None:
    """Add one CSV row (a candidate) to its ballot, making the ballot at its first row."""
    where: dict[str, object] = {"file": file, "row": n, "seat": row.get("post_label") or ""}
    ballot = by_id.get(row["ballot_paper_id"])
    if ballot is None:
        ballot = by_id[row["ballot_paper_id"]] = _Ballot(
            id=row["ballot_paper_id"].strip(),
            ward=_text(row["post_label"], where, "post_label"),
            post_id=(row.get("post_id") or "").strip(),
            electorate=_count(row.get("total_electorate"), where, "total_electorate"),
            ballots=_count(row.get("num_turnout_reported"), where, "num_turnout_reported"),
            turnout=_percent(row.get("turnout_percentage")),
            spoilt=_count(row.get("num_spoilt_ballots"), where, "num_spoilt_ballots"),
            row=n,
        )
    ballot.people.append(
        _Person(
            name=_text(row["person_name"], where, "person_name"),
            person_id=(row.get("person_id") or "").strip(),
            party=_text(row["party_name"], where, "party_name"),
            party_id=(row.get("party_id") or "").strip(),
            votes=_count(row["num_ballots"], where, "num_ballots") or 0,
            winner=(row.get("is_winner") or "").strip().lower() in ("true", "1", "yes"),
            row=n,
        )
    )


def split_name(full: str) -> tuple[str, str]:
    """Given and family name from one full name: "Roger Noel Davison" -> ("Roger", "Davison"),
    "Sue de la Mare" -> ("Sue", "de la Mare")."""
    words = full.split()
    if len(words) < 2:
        return "", full
    k = len(words) - 1
    while k > 1 and words[k - 1].lower() in _PARTICLES:
        k -= 1
    return words[0], " ".join(words[k:])


def _council_name(org: str) -> str:
    """ "Sheffield Council" from the ballot id's "sheffield" (both formats carry the id; only
    the JSON names the election, so the id alone gives one name whichever file is read)."""
    return " ".join(w.capitalize() for w in org.split("-")) + " Council"


def _build(
    ballots: list[_Ballot],
    file: str,
    wanted: str | None,
    only: Collection[str] | None,
    broken: Mapping[str, DataError] | None = None,
) -> LoadedResults:
    """One election's records from the ballots read; ``broken`` ballots (by id) are set aside."""
    broken = broken or {}
    parsed: list[tuple[_Ballot | None, re.Match[str]]] = [
        (None, m) for ballot_id in broken if (m := _BALLOT.match(ballot_id)) is not None
    ]  # a ballot whose rows could not be read: set aside, named in the report
    for b in ballots:
        m = _BALLOT.match(b.id)
        if m is None:
            raise DataError(
                f"ballot id {show(b.id)} is not one Democracy Club writes (local.ORG.WARD.YYYY-MM-DD)",
                file=file,
                row=b.row,
                field="ballot_paper_id",
            )
        parsed.append((b, m))
    if not parsed:
        raise DataError("holds no result sets", file=file, hint="check the file was fully downloaded")
    days = sorted({m["date"] for _, m in parsed})
    ids = sorted({f"{m['kind']}.{m['org']}.{m['date']}" for _, m in parsed})
    if wanted is None:
        chosen = [(b, m) for b, m in parsed if m["date"] == days[-1]]
    else:
        chosen = [(b, m) for b, m in parsed if wanted in (m["date"], f"{m['kind']}.{m['org']}.{m['date']}", m[0])]
        if not chosen:
            raise UnknownElection(
                f"{file}: holds no election {wanted!r}",
                hint="pass --election with one of: " + ", ".join([*days, *ids]),
            )
    date = dt.date.fromisoformat(chosen[0][1]["date"])
    councils: dict[str, Council] = {}
    contests: list[Contest] = []
    rejected: dict[str, list[DataError]] = {}
    warnings: list[str] = []
    names = []
    for b, m in chosen:
        council_id = m["org"]
        if council_id not in councils:
            councils[council_id] = Council(id=council_id, name=_council_name(council_id))
        if b is None:
            exc = broken[m[0]]
            name = exc.seat or m["ward"]
            names.append(name)
            rejected[name] = [exc]
            continue
        name = f"{b.ward} (by-election)" if m["by"] else b.ward
        names.append(name)
        if only is not None and normalise(name) not in only:
            continue
        try:
            contests.append(_contest(b, name, bool(m["by"]), council_id, file, warnings))
        except DataError as exc:
            rejected[name or b.id] = [exc]
    contests = disambiguate(contests, {k: c.name for k, c in councils.items()})
    orgs = sorted(councils)
    election_id = (
        f"{chosen[0][1]['kind']}.{orgs[0]}.{date.isoformat()}" if len(orgs) == 1 else f"local.{date.isoformat()}"
    )
    by_only = all(m["by"] for _, m in chosen)
    election = Election(
        polling_date=date,
        kind="local by-election" if by_only else "local",
        body=councils[orgs[0]].name if len(orgs) == 1 else "councils",
        id=election_id,
        contests=tuple(contests),
        councils=tuple(councils[o] for o in orgs),
        source=SourceRef(file=file),
    )
    return LoadedResults(
        election=election,
        all_seats=names,
        winner_codes=[x.party_code for c in contests for x in c.candidates if x.elected],
        rejected=rejected,
        warnings=warnings,
    )


def _contest(b: _Ballot, name: str, by_election: bool, council_id: str, file: str, warnings: list[str]) -> Contest:
    where: dict[str, object] = {"file": file, "row": b.row, "seat": name}
    if not b.people:
        raise DataError("has no candidates", hint="check the result set was complete", **where)  # type: ignore[arg-type]
    people = sorted(b.people, key=lambda p: (-p.votes, not p.winner, p.row))
    seats = sum(1 for p in people if p.winner) or 1
    candidates = []
    for position, p in enumerate(people, start=1):
        given, family = split_name(p.name)
        candidates.append(
            Candidate(
                given_name=given,
                family_name=family,
                party=canonical_party(p.party, p.party_id or None),
                votes=p.votes,
                position=position,
                elected=p.winner,
                person_id=p.person_id or None,
                row=p.row,
            )
        )
    total = sum(p.votes for p in people)
    spoilt = b.spoilt or 0
    counted = b.electorate is not None and b.ballots is not None
    # one seat: the votes are the valid ballots; several: the ballots less the spoilt ones
    valid = total if seats == 1 else (b.ballots - spoilt if counted and b.ballots is not None else 0)
    code = b.post_id.removeprefix("gss:") if b.post_id.startswith("gss:") else normalise(name)
    contest = Contest(
        seat_id=f"{code}-by" if by_election else code,
        name=name,
        country={"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}.get(code[:1], "England"),
        electorate=b.electorate or 0,
        valid_votes=valid,
        invalid_votes=spoilt,
        seats=seats,
        by_election=by_election,
        council_id=council_id,
        ballots=b.ballots if counted else None,
        published_turnout=b.turnout,
        counts_unknown=not counted,
        candidates=tuple(candidates),
        source=SourceRef(file=file, rows=(b.row,)),
    )
    warnings.extend(check_contest(contest, file=file, columns=COLUMNS))
    return contest
