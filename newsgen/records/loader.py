"""Load the House of Commons Library candidate-level results CSV into records.

The 2024 file and the 2010-2019 files share one schema (one row per candidate, seat
columns repeated on each row). Columns are found by header name, so the two extra
columns of the older files and of the early 2024 download do not matter. The early
2024 download leaves HTML entities in names (``O&#39;Brien``); they are decoded here.

Problems are collected per seat rather than raised at the first one: a seat whose rows
are broken is set aside with its errors, and every other seat still loads.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import html
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newsgen.baselines.names import normalise
from newsgen.errors import DataError
from newsgen.records.models import Candidate, Contest, Election, Party, SourceRef
from newsgen.validate import check_contest, unmangle

#: header -> short key used below. All are required.
COLUMNS: dict[str, str] = {
    "General election polling date": "polling_date",
    "Constituency name": "seat",
    "Constituency geographic code": "seat_id",
    "Country name": "country",
    "English region name": "region",
    "Electorate": "electorate",
    "Election valid vote count": "valid",
    "Election invalid vote count": "invalid",
    "Election result summary": "summary",
    "Candidate family name": "family",
    "Candidate given name": "given",
    "Candidate MNIS ID": "member_id",
    "Candidate is sitting MP": "sitting",
    "Candidate is former MP": "former",
    "Main party name": "party_name",
    "Main party abbreviation": "party_code",
    "Candidate is standing as Commons Speaker": "speaker",
    "Candidate vote count": "votes",
    "Candidate result position": "position",
}
#: optional columns: read when present.
OPTIONAL: dict[str, str] = {
    "Boundary set start date": "boundary_start",
    "Declaration time": "declared",
    "Majority": "majority",
    "Candidate vote change": "change",
    "Candidate is standing as independent": "independent",
    "Candidate vote share": "share",
}
SEAT_FIELDS = ("seat_id", "country", "region", "electorate", "valid", "invalid", "summary")


@dataclass
class LoadedResults:
    """An election plus the seats that could not be loaded and soft warnings."""

    election: Election
    #: every seat named in the file, loaded or not (``only`` loads a few)
    all_seats: list[str]
    #: each seat's winning party code, read from its first-placed row without loading the seat
    winner_codes: list[str]
    rejected: dict[str, list[DataError]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_text(path: Path) -> str:
    """Read a UTF-8 file (BOM tolerated), turning OS and encoding problems into DataError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(
            "file not found", file=str(path), hint="check the path, or omit --results to use the bundled 2024 data"
        ) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", file=str(path), hint="pass the CSV file itself") from None
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError(
            "is a spreadsheet workbook (or zip), not a CSV file",
            file=str(path),
            hint="open it and save it as 'CSV UTF-8', or download the CSV version",
        )
    if data.startswith(b"%PDF"):
        raise DataError("is a PDF, not a CSV file", file=str(path), hint="download the CSV version of the results")
    if b"\x00" in data[:4096]:
        raise DataError(
            "is a binary file (or UTF-16 text), not a UTF-8 CSV file",
            file=str(path),
            hint="re-save the file as UTF-8 CSV",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            f"is not UTF-8 text (byte {exc.start}, {data[exc.start : exc.start + 1]!r}, cannot be decoded; "
            "it may have been saved as Windows-1252 or Latin-1)",
            file=str(path),
            row=line,
            hint="re-save the file as 'CSV UTF-8' (in Excel: Save As, CSV UTF-8)",
        ) from None


@lru_cache(maxsize=1024)
def _party(code: str, name: str) -> Party:
    """One frozen record per party: a file names the same few parties thousands of times."""
    return Party(code=code, name=name)


def _bool(value: str) -> bool:
    return value.strip().lower() in {"true", "yes", "1"}


def clean(value: str) -> str:
    """A cell's text: HTML entities decoded (the early 2024 download has them), spaces trimmed."""
    return html.unescape(value).strip()


_COUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?", re.ASCII)


def _int(value: str, *, name: str, where: dict[str, object], field: str, optional: bool = False) -> int | None:
    """A count: ASCII digits, optionally with thousands commas or a ``.0`` a spreadsheet added.

    ``where`` (file, row, seat) and ``field`` (the column) name the cell in an error.
    """
    raw = value.strip()
    if raw.isdigit() and raw.isascii():  # the usual case: plain digits
        return int(raw)
    where = {**where, "field": field}
    if not raw:
        if optional:
            return None
        raise DataError("is empty", hint=f"fill in the {name}", **where)  # type: ignore[arg-type]
    if not _COUNT.fullmatch(raw):
        if re.fullmatch(r"-?\d+(?:\.\d+)?[eE][+-]?\d+", raw):
            raise DataError(
                f"{raw!r} is in scientific notation, so the exact count is lost",
                hint=f"format the {name} column as a whole number in the spreadsheet and export again",
                **where,  # type: ignore[arg-type]
            )
        raise DataError(
            f"{raw!r} is not a whole number",
            hint=f"the {name} must be a count of votes or people, in digits (commas between thousands are fine)",
            **where,  # type: ignore[arg-type]
        )
    number = int(raw.replace(",", "").split(".", 1)[0])
    if number < 0:
        raise DataError(f"{number} is negative", hint=f"the {name} cannot be below zero", **where)  # type: ignore[arg-type]
    return number


def _float(value: str) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def load_results(
    path: str | Path,
    *,
    genders: dict[tuple[str, str, str], str] | None = None,
    only: Collection[str] | None = None,
) -> LoadedResults:
    """Load a Commons Library candidate-level CSV file.

    ``only`` (normalised seat names) loads and checks just those seats: a one-seat story
    need not build 650. ``all_seats`` and ``winner_codes`` still cover the whole file.
    """
    path = Path(path)
    text = read_text(path)
    # Loading builds ~100,000 long-lived objects and no cycles; the cyclic collector would
    # walk the growing heap again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return parse_results(text, file=path.name, genders=genders, only=only)
    finally:
        if collecting:
            gc.enable()


def parse_results(
    text: str,
    *,
    file: str,
    genders: dict[tuple[str, str, str], str] | None = None,
    only: Collection[str] | None = None,
) -> LoadedResults:
    """Parse the CSV text of a candidate-level results file."""
    if not text or text.isspace():
        raise DataError("is empty", file=file, hint="pass a Commons Library candidate-level results CSV")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DataError(f"is not valid CSV ({exc})", file=file) from None
    index = {name.strip(): i for i, name in enumerate(header)}
    missing = [name for name in COLUMNS if name not in index]
    if missing:
        looks_like = "" if len(header) > 3 else " (it does not look like CSV)"
        raise DataError(
            f"required column(s) missing{looks_like}: " + ", ".join(repr(m) for m in missing),
            file=file,
            row=1,
            hint="use the House of Commons Library candidate-level results file, whose header names these columns",
        )
    cols = {key: index[name] for name, key in COLUMNS.items()}
    cols.update({key: index[name] for name, key in OPTIONAL.items() if name in index})
    width = len(header)

    rows_by_seat: dict[str, list[tuple[int, list[str]]]] = {}
    polling: dt.date | None = None
    boundary: dt.date | None = None
    try:
        for line_no, row in enumerate(reader, start=2):
            if not "".join(row).strip():
                continue
            if len(row) < width:
                row = row + [""] * (width - len(row))
            seat = clean(row[cols["seat"]])
            rows_by_seat.setdefault(seat, []).append((line_no, row))
            if polling is None:
                polling = _date(row[cols["polling_date"]])
                if "boundary_start" in cols:
                    boundary = _date(row[cols["boundary_start"]])
    except csv.Error as exc:
        raise DataError(f"is not valid CSV ({exc})", file=file, row=reader.line_num) from None
    if not rows_by_seat:
        raise DataError("has a header but no result rows", file=file, hint="check the file was fully downloaded")
    if polling is None:
        raise DataError(
            "no valid 'General election polling date' (expected YYYY-MM-DD)",
            file=file,
            row=2,
            field="General election polling date",
        )

    contests: list[Contest] = []
    rejected: dict[str, list[DataError]] = {}
    warnings: list[str] = []
    winner_codes = [_winner_code(rows, cols) for rows in rows_by_seat.values()]
    for seat, rows in rows_by_seat.items():
        if only is not None and normalise(seat) not in only:
            continue
        try:
            contests.append(_contest(seat, rows, cols, file, genders, warnings))
        except DataError as exc:
            rejected[seat or f"(row {rows[0][0]})"] = [exc]
    election = Election(
        polling_date=polling,
        boundary_start=boundary,
        contests=tuple(contests),
        source=SourceRef(file=file),
    )
    return LoadedResults(
        election=election,
        rejected=rejected,
        warnings=warnings,
        all_seats=list(rows_by_seat),
        winner_codes=winner_codes,
    )


def _winner_code(rows: list[tuple[int, list[str]]], cols: dict[str, int]) -> str:
    """The party code of a seat's first-placed row."""
    first = next((row for _, row in rows if row[cols["position"]].strip() == "1"), rows[0][1])
    return party_code_of(first, cols)


def party_code_of(row: list[str], cols: dict[str, int]) -> str:
    """A row's party code as ``Candidate.party_code`` gives it, without building the record:
    ``Spk`` for the Speaker, else the abbreviation (or the party's name), else ``Ind``."""
    if _bool(row[cols["speaker"]]):
        return "Spk"
    return clean(row[cols["party_code"]]) or clean(row[cols["party_name"]]) or "Ind"


def _contest(
    seat: str,
    rows: list[tuple[int, list[str]]],
    cols: dict[str, int],
    file: str,
    genders: dict[tuple[str, str, str], str] | None,
    warnings: list[str],
) -> Contest:
    first_line, first = rows[0]
    if not seat:
        raise DataError("the constituency name is empty", file=file, row=first_line, field="Constituency name")
    where_seat = {"file": file, "row": first_line, "seat": seat}
    for line_no, row in rows[1:]:
        for key in ("electorate", "valid", "invalid"):
            if row[cols[key]].strip() != first[cols[key]].strip():
                header = next(h for h, k in COLUMNS.items() if k == key)
                raise DataError(
                    f"{row[cols[key]]!r} differs from {first[cols[key]]!r} on row {first_line}",
                    file=file,
                    row=line_no,
                    seat=seat,
                    field=header,
                    hint="every row of one seat must carry the same seat totals",
                )
    # one candidate and no poll: an uncontested seat may leave the counts blank
    alone = len(rows) == 1
    electorate = _int(first[cols["electorate"]], name="electorate", where=where_seat, field="Electorate")
    valid = _int(
        first[cols["valid"]],
        name="valid vote count",
        where=where_seat,
        field="Election valid vote count",
        optional=alone,
    )
    invalid = _int(
        first[cols["invalid"]],
        name="invalid vote count",
        where=where_seat,
        field="Election invalid vote count",
        optional=True,
    )
    seat_id = first[cols["seat_id"]].strip() or seat
    candidates: list[Candidate] = []
    shares: dict[int, float] = {}
    for line_no, row in rows:
        where = {"file": file, "row": line_no, "seat": seat}
        given = clean(row[cols["given"]])
        family = clean(row[cols["family"]])
        repaired = []
        for column, text in (("Candidate given name", given), ("Candidate family name", family)):
            fixed = unmangle(text)
            repaired.append(fixed)
            if fixed != text:
                warnings.append(
                    str(
                        DataError(
                            f"{text!r} looks double-encoded (UTF-8 read as Latin-1): read as {fixed!r}",
                            hint="check the name on the statement of persons nominated",
                            field=column,
                            **where,  # type: ignore[arg-type]
                        )
                    )
                )
        given, family = repaired
        if not (given or family):
            raise DataError(
                "candidate has no name",
                hint="fill in the candidate's given and family names",
                field="Candidate family name",
                **where,
            )  # type: ignore[arg-type]
        party_code = clean(row[cols["party_code"]])
        party_name = clean(row[cols["party_name"]])
        party = _party(party_code or party_name, party_name or party_code) if (party_code or party_name) else None
        member = _int(row[cols["member_id"]], name="MNIS id", where=where, field="Candidate MNIS ID", optional=True)
        votes = _int(row[cols["votes"]], name="vote count", where=where, field="Candidate vote count", optional=alone)
        if "share" in cols and (share := _float(row[cols["share"]])) is not None:
            shares[line_no] = share
        position = _int(row[cols["position"]], name="result position", where=where, field="Candidate result position")
        if position == 0:
            raise DataError(
                "0 is not a position",
                hint="positions start at 1 for the winner",
                field="Candidate result position",
                **where,
            )  # type: ignore[arg-type]
        gender = genders.get((seat_id, given, family)) if genders else None
        candidates.append(
            Candidate(
                given_name=given,
                family_name=family,
                party=party,
                votes=votes or 0,
                position=position or 1,
                member_id=member,
                sitting_mp=_bool(row[cols["sitting"]]),
                former_mp=_bool(row[cols["former"]]),
                speaker=_bool(row[cols["speaker"]]),
                gender=gender,
                share_change=_float(row[cols["change"]]) if "change" in cols else None,
                row=line_no,
            )
        )
    candidates.sort(key=lambda c: (c.position, -c.votes))
    majority = None
    if "majority" in cols:
        for _, row in rows:
            majority = _int(row[cols["majority"]], name="majority", where=where_seat, field="Majority", optional=True)
            if majority is not None:
                break
    contest = Contest(
        seat_id=seat_id,
        name=seat,
        country=clean(first[cols["country"]]),
        region=clean(first[cols["region"]]) or None,
        electorate=electorate or 0,
        valid_votes=valid or 0,
        invalid_votes=invalid or 0,
        result_summary=clean(first[cols["summary"]]),
        published_majority=majority,
        declared_at=first[cols["declared"]].strip() or None if "declared" in cols else None,
        candidates=tuple(candidates),
        source=SourceRef(file=file, rows=tuple(line for line, _ in rows)),
    )
    warnings.extend(check_contest(contest, file=file, shares=shares))
    return contest


def load_genders(path: Path) -> dict[tuple[str, str, str], str]:
    """Gender by (GSS code, given name, family name) from the Commons Library by-candidate file."""
    reader = csv.reader(io.StringIO(read_text(path)))
    header = [h.strip() for h in next(reader, [])]
    try:
        seat, given, family, gender = (
            header.index(h) for h in ("ONS ID", "Candidate first name", "Candidate surname", "Candidate gender")
        )
    except ValueError:
        return {}
    out: dict[tuple[str, str, str], str] = {}
    for row in reader:
        if len(row) > gender and row[gender].strip():
            out[(row[seat].strip(), clean(row[given]), clean(row[family]))] = row[gender].strip()
    return out


def iter_seat_names(loaded: LoadedResults) -> Iterable[str]:
    yield from (c.name for c in loaded.election.contests)
