"""Read a council's election results in the LGA's open-data standard (one row per candidate).

Councils publish their results in the Local Government Association's transparency format
(Trafford: 2016-2026 in one file): every row names the election date and type, the elected
body, the ward (``ElectoralAreaLabel``, with its GSS code in ``ElectoralAreaURI``), the
candidate (surname in capitals), the party (with its Electoral Commission register id in
``PoliticalPartyURI``), the votes, whether elected, and the ward's ballots, electorate,
rejected ballots and turnout.

One file holds many elections: each polling day's council contests are one election (a
ward by-election held the same day is one of its contests, marked ``by_election``), and
Westminster rows are an election of their own. ``election`` picks one by date or id; the
default is the latest council election.

The standard has no count of seats to fill: a ward fills as many seats as it has candidates
marked elected. Single-member wards' valid votes are the candidates' votes added up (their
shares are of that); a multi-member ward's valid ballot papers are the votes cast less the
rejected ones. The published "votes cast" is kept as the ballots behind the turnout.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from newsgen.baselines.names import normalise
from newsgen.errors import DataError, UnknownElection
from newsgen.readers.common import (
    CONTROL,
    MAX_COLUMNS,
    MAX_TEXT_CHARS,
    LoadedResults,
    clean,
    council_slug,
    csv_problem,
    disambiguate,
    limited,
    parse_count,
    parse_date,
    parse_float,
    read_text,
    show,
    too_wide,
)
from newsgen.readers.parties import canonical_party
from newsgen.records.checks import check_contest
from newsgen.records.models import Candidate, Contest, Council, Election, SourceRef

__all__ = ["HEADER_TELLS", "ElectionKey", "elections_in", "load_results", "parse_results"]

#: columns whose presence says a CSV is in the LGA standard
HEADER_TELLS = ("ElectoralAreaLabel", "VotesWon", "ElectionDate")
REQUIRED = (
    "ElectionDate",
    "TypeofElection",
    "ElectedBodyLabel",
    "ElectoralAreaLabel",
    "CandidateSurname",
    "CandidateForenames",
    "PoliticalPartyLabel",
    "VotesWon",
    "Elected",
)
REJECTED = (
    "BallotsRejectedOfficialMark",
    "BallotsRejectedMultipleVote",
    "BallotsRejectedIdentification",
    "BallotsRejectedInPart",
    "BallotsRejectedUnmarked",
)
#: the Commons Library column each check names, as this standard calls it
COLUMNS = {
    "Electorate": "EligibleElectorate",
    "Election valid vote count": "VotesCast",
    "Election invalid vote count": "BallotsRejectedUnmarked",
    "Candidate vote count": "VotesWon",
    "Candidate result position": "VotesWon",
    "Candidate family name": "CandidateSurname",
    "Constituency name": "ElectoralAreaLabel",
}
_COUNTRY = {"E": "England", "W": "Wales", "S": "Scotland", "N": "Northern Ireland"}
_GSS = re.compile(r"[ENSW]\d{8}")


@dataclass(frozen=True, slots=True)
class ElectionKey:
    """One election in the file: its day, and whether it is the council's or Westminster's."""

    date: dt.date
    parliamentary: bool
    body: str  # "Trafford Council", or "House of Commons"

    @property
    def id(self) -> str:
        if self.parliamentary:
            return f"parl.{self.date.isoformat()}"
        return f"local.{council_slug(self.body)}.{self.date.isoformat()}"


def load_results(
    path: str | Path,
    *,
    election: str | None = None,
    only: Collection[str] | None = None,
) -> LoadedResults:
    """Load one election (``election``: a date or id; default the latest council election)."""
    path = Path(path)
    return parse_results(read_text(path), file=path.name, election=election, only=only)


def _rows(text: str, file: str) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    reader = csv.reader(limited(io.StringIO(text), file))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise DataError("is empty", file=file, hint="pass a council results CSV in the LGA standard") from None
    except csv.Error as exc:
        raise csv_problem(exc, file, 1) from None
    if len(header) > MAX_COLUMNS:
        raise too_wide(len(header), file)
    index = {name: i for i, name in enumerate(header)}
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise DataError(
            "required column(s) missing: " + ", ".join(repr(m) for m in missing),
            file=file,
            row=1,
            hint="use the council's results file in the LGA election-results standard, whose header names these",
        )
    rows: list[tuple[int, list[str]]] = []
    line_no = 1
    try:
        for line_no, row in enumerate(reader, start=2):
            if not "".join(row).strip():
                continue
            if len(row) < len(header):
                row = row + [""] * (len(header) - len(row))
            rows.append((line_no, row))
    except csv.Error as exc:
        raise csv_problem(exc, file, line_no + 1) from None
    if not rows:
        raise DataError("has a header but no result rows", file=file, hint="check the file was fully downloaded")
    return index, rows


def _key(row: list[str], cols: dict[str, int]) -> ElectionKey | None:
    date = parse_date(row[cols["ElectionDate"]])
    if date is None:
        return None
    kind = row[cols["TypeofElection"]].strip().lower()
    parliamentary = kind.startswith("parliament")
    body = "House of Commons" if parliamentary else clean(row[cols["ElectedBodyLabel"]]) or "the council"
    return ElectionKey(date, parliamentary, body)


def elections_in(text: str, file: str) -> list[ElectionKey]:
    """Every election the file holds, oldest first."""
    cols, rows = _rows(text, file)
    keys = {k for _, row in rows if (k := _key(row, cols)) is not None}
    return sorted(keys, key=lambda k: (k.date, k.parliamentary))


def pick(keys: list[ElectionKey], wanted: str | None, file: str) -> list[ElectionKey]:
    """The elections ``wanted`` names: a date (every council's election that day, or
    Westminster's when there is none), a council's id, or by default the latest councils'."""
    if not keys:
        raise DataError("no row has a valid ElectionDate (YYYY-MM-DD)", file=file, row=2, field="ElectionDate")
    if wanted is None:
        local = [k for k in keys if not k.parliamentary] or keys
        return [k for k in local if (k.date, k.parliamentary) == (local[-1].date, local[-1].parliamentary)]
    by_id = [k for k in keys if k.id == wanted]
    if by_id:
        return by_id
    found = [k for k in keys if k.date.isoformat() == wanted]
    local = [k for k in found if not k.parliamentary]
    if found:
        return local or found
    listed = ", ".join(f"{k.date.isoformat()} ({k.id})" for k in keys)
    raise UnknownElection(
        f"{file}: holds no election {wanted!r}",
        hint=f"pass --election with one of: {listed}",
    )


def parse_results(
    text: str,
    *,
    file: str,
    election: str | None = None,
    only: Collection[str] | None = None,
) -> LoadedResults:
    """Parse the CSV text of an LGA-standard results file into one election's records."""
    if not text or text.isspace():
        raise DataError("is empty", file=file, hint="pass a council results CSV in the LGA standard")
    cols, rows = _rows(text, file)
    keys = sorted({k for _, row in rows if (k := _key(row, cols)) is not None}, key=lambda k: (k.date, k.parliamentary))
    chosen = pick(keys, election, file)
    loaded = _election(chosen, rows, cols, file, only)
    if not chosen[0].parliamentary:
        # each council's earlier elections in the file: its wards' last results, and the seats
        # each party held going into this election (see newsgen.facts.council)
        bodies = {k.body for k in chosen}
        days = sorted({k.date for k in keys if not k.parliamentary and k.body in bodies and k.date < chosen[0].date})
        loaded.earlier = tuple(
            _election(
                [k for k in keys if k.date == day and not k.parliamentary and k.body in bodies], rows, cols, file, None
            ).election
            for day in days
        )
    return loaded


def _election(
    chosen: list[ElectionKey],
    rows: list[tuple[int, list[str]]],
    cols: dict[str, int],
    file: str,
    only: Collection[str] | None,
) -> LoadedResults:
    """The records of one polling day's elections in the file (one council's, or several)."""
    wanted = set(chosen)
    by_ward: dict[tuple[str, bool, str], list[tuple[int, list[str]]]] = {}
    for line_no, row in rows:
        key = _key(row, cols)
        if key not in wanted:
            continue
        ward = clean(row[cols["ElectoralAreaLabel"]])
        by_election = row[cols["TypeofElection"]].strip().lower().endswith("byelection")
        by_ward.setdefault((ward, by_election, key.body), []).append((line_no, row))
    councils: dict[str, Council] = {}
    contests: list[Contest] = []
    rejected: dict[str, list[DataError]] = {}
    warnings: list[str] = []
    seen_ids: set[str] = set()
    for (ward, by_election, body), ward_rows in by_ward.items():
        name = f"{ward} (by-election)" if by_election and (ward, False, body) in by_ward else ward
        if only is not None and normalise(name) not in only:
            continue
        try:
            contest = _contest(name, by_election, ward_rows, cols, file, chosen[0], councils, warnings)
        except DataError as exc:
            rejected[name or f"(row {ward_rows[0][0]})"] = [exc]
            continue
        if contest.seat_id in seen_ids:
            contest = contest.model_copy(update={"seat_id": f"{contest.seat_id}-by"})
        seen_ids.add(contest.seat_id)
        contests.append(contest)
    contests = disambiguate(contests, {k: c.name for k, c in councils.items()})
    contests.sort(key=lambda c: c.name)
    kinds = {c.by_election for c in contests}
    first = chosen[0]
    if first.parliamentary:
        kind = "by-election" if kinds == {True} else "general"
    else:
        kind = "local by-election" if kinds == {True} else "local"
    several = len({k.body for k in chosen}) > 1
    result = Election(
        polling_date=first.date,
        kind=kind,
        body="councils" if several else first.body,
        id=f"local.{first.date.isoformat()}" if several else first.id,
        contests=tuple(contests),
        councils=tuple(councils.values()),
        source=SourceRef(file=file),
    )
    names = [f"{w} (by-election)" if b and (w, False, body) in by_ward else w for w, b, body in by_ward]
    return LoadedResults(
        election=result,
        all_seats=names,
        winner_codes=[p for c in contests for p in (x.party_code for x in c.candidates if x.elected)],
        rejected=rejected,
        warnings=warnings,
    )


def _text(row: list[str], cols: dict[str, int], column: str, where: dict[str, object]) -> str:
    raw = row[cols[column]] if column in cols else ""
    if len(raw) > MAX_TEXT_CHARS:
        raise DataError(
            f"{show(raw)} is too long for a name or label (newsgen reads up to {MAX_TEXT_CHARS})",
            hint="correct the cell: a quote mark left open can join many cells into one",
            field=column,
            **where,  # type: ignore[arg-type]
        )
    value = clean(raw)
    if CONTROL.search(value):
        raise DataError(
            f"{show(raw)} contains a control character or line break",
            hint="a name or label is one line: delete it",
            field=column,
            **where,  # type: ignore[arg-type]
        )
    return value


def name_case(text: str) -> str:
    """A name the file gives in capitals, as stories print it: "TOLHURST-CLEAVER" ->
    "Tolhurst-Cleaver", "O'BRIEN" -> "O'Brien", "MCDONALD" -> "McDonald". A name already in
    mixed case is kept as it is."""
    if not text.isupper():
        return text

    def word(w: str) -> str:
        out = w[:1].upper() + w[1:].lower()
        if len(out) > 3 and out.startswith("Mc"):
            out = "Mc" + out[2].upper() + out[3:]
        return out

    return re.sub(r"[^\s\-'’]+", lambda m: word(m.group(0)), text)


def _contest(
    name: str,
    by_election: bool,
    rows: list[tuple[int, list[str]]],
    cols: dict[str, int],
    file: str,
    chosen: ElectionKey,
    councils: dict[str, Council],
    warnings: list[str],
) -> Contest:
    first_line, first = rows[0]
    where_seat: dict[str, object] = {"file": file, "row": first_line, "seat": name}
    if not normalise(name):
        raise DataError(
            "the ward has no name",
            field="ElectoralAreaLabel",
            hint="fill in the ward's name",
            **where_seat,  # type: ignore[arg-type]
        )
    area = first[cols["ElectoralAreaURI"]] if "ElectoralAreaURI" in cols else ""
    code = m.group(0) if (m := _GSS.search(area)) else normalise(name)
    council_id = None
    if not chosen.parliamentary:
        body = _text(first, cols, "ElectedBodyLabel", where_seat) or "the council"
        council_id = council_slug(body)
        councils.setdefault(council_id, Council(id=council_id, name=body))

    def count(column: str, optional: bool = True) -> int | None:
        if column not in cols:
            return None
        return parse_count(first[cols[column]], name=column, where=where_seat, field=column, optional=optional)

    electorate = count("EligibleElectorate") or 0
    cast = count("VotesCast") or 0
    rejected = sum(count(c) or 0 for c in REJECTED)
    turnout = parse_float(first[cols["PercentageTurnout"]]) if "PercentageTurnout" in cols else None
    people: list[tuple[int, str, str, str, int, bool, str, str]] = []
    for line_no, row in rows:
        where: dict[str, object] = {"file": file, "row": line_no, "seat": name}
        surname = _text(row, cols, "CandidateSurname", where)
        forenames = _text(row, cols, "CandidateForenames", where)
        used_surname = _text(row, cols, "CommonlyUsedSurname", where) if "CommonlyUsedSurname" in cols else ""
        used_forenames = _text(row, cols, "CommonlyUsedForenames", where) if "CommonlyUsedForenames" in cols else ""
        family = name_case(used_surname or surname)
        given = used_forenames or (forenames.split()[0] if forenames else "")
        given = name_case(given)
        if not (given or family):
            raise DataError("candidate has no name", field="CandidateSurname", hint="fill in the name", **where)  # type: ignore[arg-type]
        votes = parse_count(row[cols["VotesWon"]], name="vote count", where=where, field="VotesWon") or 0
        elected = row[cols["Elected"]].strip().upper() in ("ELECTED", "TRUE", "YES", "Y", "1")
        party_label = _text(row, cols, "PoliticalPartyLabel", where)
        party_uri = row[cols["PoliticalPartyURI"]].strip() if "PoliticalPartyURI" in cols else ""
        ec = m.group(1) if (m := re.search(r"(PP\d+)\s*$", party_uri)) else None
        people.append((line_no, given, family, party_label, votes, elected, ec or "", forenames))
    # positions by votes, most first (a tie keeps the elected candidate ahead, then file order)
    people.sort(key=lambda p: (-p[4], not p[5], p[0]))
    seats = sum(1 for p in people if p[5]) or 1
    candidates = tuple(
        Candidate(
            given_name=given,
            family_name=family,
            party=canonical_party(label, ec or None),
            votes=votes,
            position=position,
            elected=elected,
            row=line_no,
            # "Muhammad Bilal": a later year's "Bilal Barbar" may be the same councillor
            forenames=name_case(full) if full and full.split()[1:] else None,
        )
        for position, (line_no, given, family, label, votes, elected, ec, full) in enumerate(people, start=1)
    )
    total = sum(c.votes for c in candidates)
    counts_unknown = electorate == 0 and cast == 0
    if seats == 1:
        valid = total
        if cast and cast - rejected != total:
            warnings.append(
                str(
                    DataError(
                        f"{cast:,} votes cast, less {rejected:,} rejected, is {cast - rejected:,}, but the "
                        f"candidates' votes add up to {total:,}; newsgen uses the candidates' votes for shares "
                        "and the votes cast for turnout",
                        hint="check the ward's totals against the declaration",
                        field="VotesCast",
                        **where_seat,  # type: ignore[arg-type]
                    )
                )
            )
    else:
        valid = max(cast - rejected, 0) if cast else 0
        if valid and max(c.votes for c in candidates) > valid:
            valid = 0  # more votes for one candidate than ballots: the count is not usable
    contest = Contest(
        seat_id=code,
        name=name,
        country=_COUNTRY.get(code[:1], "England") if _GSS.fullmatch(code) else "England",
        electorate=electorate,
        valid_votes=valid,
        invalid_votes=rejected,
        seats=seats,
        by_election=by_election,
        council_id=council_id,
        ballots=cast or None,
        published_turnout=turnout,
        counts_unknown=counts_unknown or (seats > 1 and valid == 0),
        candidates=candidates,
        source=SourceRef(file=file, rows=tuple(line for line, _ in rows)),
    )
    warnings.extend(check_contest(contest, file=file, columns=COLUMNS))
    return contest
