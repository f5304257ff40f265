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
import operator
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import Path

from newsgen.baselines.names import normalise, slug
from newsgen.errors import DataError
from newsgen.readers import seat_cache
from newsgen.readers.common import (
    CONTROL,
    CONTROL_C0,
    LINE_BREAKS,
    MAX_COLUMNS,
    MAX_TEXT_CHARS,
    NAMES,
    LoadedResults,
    clean,
    csv_problem,
    limited,
    parse_count,
    parse_date,
    parse_float,
    read_text,
    readable,
    show,
    too_wide,
    unmangle,
)
from newsgen.readers.seat_cache import Scanned
from newsgen.records.checks import check_contest
from newsgen.records.models import Candidate, Contest, Election, Party, SourceRef

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
#: the header of each column by its short key
HEADERS: dict[str, str] = {key: name for name, key in {**COLUMNS, **OPTIONAL}.items()}
#: columns read as text that a story may print: checked for control characters and length
TEXT_KEYS = (
    "seat",
    "seat_id",
    "country",
    "region",
    "summary",
    "given",
    "family",
    "party_name",
    "party_code",
    "declared",
)


def header_index(header: list[str], file: str) -> dict[str, int]:
    """Each column's position by its name, after the checks both readers make on the header."""
    if len(header) > MAX_COLUMNS:
        raise too_wide(len(header), file)
    for name in header:
        if "\x00" in name:
            raise DataError(
                "the header contains a NUL byte",
                file=file,
                row=1,
                field=name,
                hint="the file is damaged: download or export it again",
            )
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
    return index


def clash(file: str, seat: str, row: int, other: str, other_row: int, code: str | None = None) -> DataError:
    """Two seats one story file or one GSS code would confuse: each is set aside with this.

    Neither is written: which of the two is right cannot be told from the file, and writing
    the first would publish one seat's result under the other's name.
    """
    if code is None:
        return DataError(
            f"seat {other!r} (row {other_row}) has the same name once capitals, accents and punctuation "
            f"are set aside, so both would be written to the same story files ({slug(seat)}.*): "
            "both seats are set aside",
            file=file,
            row=row,
            seat=seat,
            field="Constituency name",
            hint="correct the name of the wrong one (its 'Constituency geographic code' says which seat it is)",
        )
    return DataError(
        f"{code} is also the GSS code of seat {other!r} (row {other_row}); a code names one seat, "
        "so both seats are set aside",
        file=file,
        row=row,
        seat=seat,
        field="Constituency geographic code",
        hint="correct the code (or the name) of the wrong one from the Commons Library file",
    )


@lru_cache(maxsize=1024)
def _party(code: str, name: str) -> Party:
    """One frozen record per party: a file names the same few parties thousands of times."""
    return Party(code=code, name=name)


def _bool(value: str) -> bool:
    return value.strip().lower() in {"true", "yes", "1"}


def load_results(
    path: str | Path,
    *,
    genders: dict[tuple[str, str, str], str] | None = None,
    only: Collection[str] | None = None,
) -> LoadedResults:
    """Load a Commons Library candidate-level CSV file.

    ``only`` (normalised seat names, or GSS codes) loads and checks just those seats: a one-seat story
    need not build 650. ``all_seats`` and ``winner_codes`` still cover the whole file. A file
    read whole once leaves its rows by seat in :mod:`newsgen.readers.seat_cache`, so that a
    later ``only`` load parses its own seats' rows alone.
    """
    path = Path(path)
    if only is not None:
        kept = seat_cache.read(path)
        if kept is not None and not kept.bad.intersection(kept.wanted(only)):
            return _build(kept, file=path.name, genders=genders, only=only)
    text = read_text(path)
    # Loading builds ~100,000 long-lived objects and no cycles; the cyclic collector would
    # walk the growing heap again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        scanned = _scan(text, file=path.name)
        seat_cache.write(path, scanned)
        return _build(scanned, file=path.name, genders=genders, only=only)
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
    return _build(_scan(text, file=file), file=file, genders=genders, only=only)


def _scan(text: str, *, file: str) -> Scanned:
    """The file's rows by seat, with what must be known of every seat before any is loaded."""
    if not text or text.isspace():
        raise DataError("is empty", file=file, hint="pass a Commons Library candidate-level results CSV")
    reader = csv.reader(limited(io.StringIO(text), file))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise csv_problem(exc, file, 1) from None
    index = header_index(header, file)
    cols = {key: index[name] for name, key in COLUMNS.items()}
    cols.update({key: index[name] for name, key in OPTIONAL.items() if name in index})
    width = len(header)

    rows_by_seat: dict[str, list[tuple[int, list[str]]]] = {}
    # seats with a damaged row (a NUL byte, or more cells than the header), wherever it is
    damaged: dict[str, DataError] = {}
    polling: dt.date | None = None
    boundary: dt.date | None = None
    line_no = 1
    try:
        for line_no, row in enumerate(reader, start=2):
            joined = "".join(row)
            if not joined.strip():
                continue
            extra = None
            if len(row) < width:
                row = row + [""] * (width - len(row))
            elif len(row) > width:
                row, extra = row[:width], row[width:]  # never more cells kept than the header names
            seat = clean(row[cols["seat"]])
            rows_by_seat.setdefault(seat, []).append((line_no, row))
            if seat not in damaged:
                where = {"file": file, "row": line_no, "seat": seat}
                if "\x00" in joined:
                    damaged[seat] = _nul(row + (extra or []), header, where)
                elif extra and "".join(extra).strip():
                    damaged[seat] = _extra_cells(width + len(extra), width, where)
            if polling is None:
                polling = parse_date(row[cols["polling_date"]])
                if "boundary_start" in cols:
                    boundary = parse_date(row[cols["boundary_start"]])
    except csv.Error as exc:
        raise csv_problem(exc, file, line_no + 1) from None
    if not rows_by_seat:
        raise DataError("has a header but no result rows", file=file, hint="check the file was fully downloaded")
    if polling is None:
        raise DataError(
            "no valid 'General election polling date' (expected YYYY-MM-DD)",
            file=file,
            row=2,
            field="General election polling date",
        )
    clashes = _clashes(rows_by_seat, cols, file)
    return Scanned(
        cols=cols,
        polling=polling,
        boundary=boundary,
        seats=list(rows_by_seat),
        codes=[rows[0][1][cols["seat_id"]] for rows in rows_by_seat.values()],
        rows=rows_by_seat,
        winner_codes=[_winner_code(rows, cols) for rows in rows_by_seat.values()],
        member_ids=_member_ids(rows_by_seat, cols),
        rejected={**damaged, **clashes},
    )


def _build(
    scanned: Scanned,
    *,
    file: str,
    genders: dict[tuple[str, str, str], str] | None,
    only: Collection[str] | None,
) -> LoadedResults:
    """The election from the scanned rows: every seat, or just those ``only`` names."""
    cols = scanned.cols
    contests: list[Contest] = []
    rejected: dict[str, list[DataError]] = {}
    warnings: list[str] = []
    texts = _TextCells(cols)
    for seat in scanned.seats if only is None else scanned.wanted(only):
        rows = scanned.rows_of(seat)
        problem = scanned.rejected.get(seat)
        if problem is not None:
            rejected[seat or f"(row {rows[0][0]})"] = [problem]
            continue
        try:
            contests.append(_contest(seat, rows, cols, texts, file, genders, warnings))
        except DataError as exc:
            rejected[seat or f"(row {rows[0][0]})"] = [exc]
    election = Election(
        polling_date=scanned.polling,
        boundary_start=scanned.boundary,
        contests=tuple(contests),
        source=SourceRef(file=file),
    )
    return LoadedResults(
        election=election,
        rejected=rejected,
        warnings=warnings,
        all_seats=list(scanned.seats),
        winner_codes=list(scanned.winner_codes),
        member_ids=scanned.member_ids,
    )


def _clashes(
    rows_by_seat: dict[str, list[tuple[int, list[str]]]], cols: dict[str, int], file: str
) -> dict[str, DataError]:
    """Seats whose names would share a story file, or that share a GSS code: both of each pair.

    Seats are keyed by their normalised name (``Dataset.contest``, and the story's file name,
    which is its slug) and by GSS code (their facts, and a story's id): two seats with one key
    would each be given the other's result.
    """
    by_name: dict[str, tuple[str, int]] = {}
    by_code: dict[str, tuple[str, int]] = {}
    out: dict[str, DataError] = {}
    for seat, rows in rows_by_seat.items():
        row = rows[0][0]
        if key := normalise(seat):
            other, other_row = by_name.setdefault(key, (seat, row))
            if other != seat:
                out.setdefault(seat, clash(file, seat, row, other, other_row))
                out.setdefault(other, clash(file, other, other_row, seat, row))
        if code := rows[0][1][cols["seat_id"]].strip().upper():
            other, other_row = by_code.setdefault(code, (seat, row))
            if other != seat:
                out.setdefault(seat, clash(file, seat, row, other, other_row, code))
                out.setdefault(other, clash(file, other, other_row, seat, row, code))
    return out


def _extra_cells(cells: int, width: int, where: dict[str, object]) -> DataError:
    """A row with more (non-empty) cells than the header: its cells no longer sit under their
    columns, so any of its figures or names may be another column's."""
    return DataError(
        f"this row has {cells:,} cells but the header names {width}: the cells after an unquoted "
        "comma move to the right, out from under their columns, so this seat's figures cannot be trusted",
        hint="put the cell with a comma in it in double quotes (or export the file again from the spreadsheet)",
        **where,  # type: ignore[arg-type]
    )


def _nul(row: list[str], header: list[str], where: dict[str, object]) -> DataError:
    """A row with a NUL byte (in any column: the file is damaged) as a seat's error."""
    i = next(i for i, cell in enumerate(row) if "\x00" in cell)
    named = i < len(header)  # else a cell beyond the header's columns
    what = show(row[i]) if named else f"cell {i + 1} ({show(row[i])})"
    return DataError(
        f"{what} contains a NUL byte",
        hint="the file is damaged: download or export it again",
        field=header[i] if named else None,
        **where,  # type: ignore[arg-type]
    )


class _TextCells:
    """The text cells of a row that a story may print, checked for control characters and length.

    A line break inside a quoted name would be printed ("Dav id"); a control character or a
    bidirectional-text override would reach the story unseen. Cheap when the row is clean: the
    cells are picked at once, joined and searched once.
    """

    def __init__(self, cols: dict[str, int]) -> None:
        self.keys = [key for key in TEXT_KEYS if key in cols]
        self.columns = [cols[key] for key in self.keys]
        self.pick = operator.itemgetter(*self.columns)

    def problem(self, row: list[str], where: dict[str, object]) -> DataError | None:
        text = "".join(self.pick(row))
        plain = len(text) <= MAX_TEXT_CHARS and not CONTROL.search(text)
        if plain and ("&" not in text or not CONTROL.search(html.unescape(text))):  # an entity can be "&#10;"
            return None  # the usual case
        for key, column in zip(self.keys, self.columns, strict=True):
            raw = row[column]
            if len(raw) > MAX_TEXT_CHARS:
                return DataError(
                    f"{show(raw)} is too long for a name or label (newsgen reads up to {MAX_TEXT_CHARS})",
                    hint="correct the cell: a quote mark left open can join many cells into one",
                    field=HEADERS[key],
                    **where,  # type: ignore[arg-type]
                )
            # names may hold C1 characters that the double-encoding repair turns into letters
            name = key in ("given", "family")
            value = unmangle(clean(raw)) if name else clean(raw)
            found = (CONTROL_C0 if name else CONTROL).search(raw) or CONTROL.search(value)
            if found:
                char = found.group()
                what = LINE_BREAKS.get(char) or NAMES.get(char) or f"a control character (U+{ord(char):04X})"
                hint = (
                    "a name or label is one line: delete the line break (a quote mark left open also makes one)"
                    if char in LINE_BREAKS
                    else "delete it: names and labels are printed as they are"
                )
                return DataError(f"{show(raw)} contains {what}", hint=hint, field=HEADERS[key], **where)  # type: ignore[arg-type]
        return None


def _member_ids(rows_by_seat: dict[str, list[tuple[int, list[str]]]], cols: dict[str, int]) -> frozenset[int]:
    """Every row's member id, whether its seat is loaded or not (a count of 9+ digits is no id)."""
    at = cols.get("member_id")
    if at is None:
        return frozenset()
    cells = (row[at].strip() for rows in rows_by_seat.values() for _, row in rows)
    return frozenset(int(v) for v in cells if v.isdigit() and len(v) < 9)


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
    texts: _TextCells,
    file: str,
    genders: dict[tuple[str, str, str], str] | None,
    warnings: list[str],
) -> Contest:
    first_line, first = rows[0]
    for line_no, row in rows:
        problem = texts.problem(row, {"file": file, "row": line_no, "seat": seat})
        if problem is not None:
            raise problem
    if not seat:
        raise DataError("the constituency name is empty", file=file, row=first_line, field="Constituency name")
    if not normalise(seat):
        raise DataError(
            f"{seat!r} has no letters or digits, so no story file can be named after it",
            file=file,
            row=first_line,
            field="Constituency name",
            hint="fill in the constituency's name",
        )
    where_seat = {"file": file, "row": first_line, "seat": seat}
    code = first[cols["seat_id"]].strip()
    for line_no, row in rows[1:]:
        if row[cols["seat_id"]].strip().upper() != code.upper():
            raise DataError(
                f"GSS code {show(row[cols['seat_id']].strip())} differs from {show(code)} on row {first_line}: "
                "are two seats given one name?",
                file=file,
                row=line_no,
                seat=seat,
                field="Constituency geographic code",
                hint="every row of one seat carries its GSS code: correct the code, or the name of the seat "
                "these rows belong to",
            )
        for key in ("electorate", "valid", "invalid"):
            if row[cols[key]].strip() != first[cols[key]].strip():
                raise DataError(
                    f"{show(row[cols[key]])} differs from {show(first[cols[key]])} on row {first_line}",
                    file=file,
                    row=line_no,
                    seat=seat,
                    field=HEADERS[key],
                    hint="every row of one seat must carry the same seat totals",
                )
    # one candidate and no poll: an uncontested seat may leave the counts blank
    alone = len(rows) == 1
    electorate = parse_count(first[cols["electorate"]], name="electorate", where=where_seat, field="Electorate")
    valid = parse_count(
        first[cols["valid"]],
        name="valid vote count",
        where=where_seat,
        field="Election valid vote count",
        optional=alone,
    )
    invalid = parse_count(
        first[cols["invalid"]],
        name="invalid vote count",
        where=where_seat,
        field="Election invalid vote count",
        optional=True,
    )
    seat_id = code or seat
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
                            f'"{readable(text)}" looks double-encoded (UTF-8 read as Latin-1): read as "{fixed}"',
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
        member = parse_count(
            row[cols["member_id"]], name="MNIS id", where=where, field="Candidate MNIS ID", optional=True
        )
        votes = parse_count(
            row[cols["votes"]], name="vote count", where=where, field="Candidate vote count", optional=alone
        )
        if "share" in cols and (share := parse_float(row[cols["share"]])) is not None:
            shares[line_no] = share
        position = parse_count(
            row[cols["position"]], name="result position", where=where, field="Candidate result position"
        )
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
                share_change=parse_float(row[cols["change"]]) if "change" in cols else None,
                elected=position == 1,  # one seat: the file's first place is its MP
                row=line_no,
            )
        )
    candidates.sort(key=lambda c: (c.position, -c.votes))
    majority = None
    if "majority" in cols:
        for _, row in rows:
            majority = parse_count(
                row[cols["majority"]], name="majority", where=where_seat, field="Majority", optional=True
            )
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
    """Gender by (GSS code, given name, family name) from the Commons Library by-candidate file
    (kept by :mod:`newsgen.readers.seat_cache` for the next run: a one-seat story needs a few)."""
    kept = seat_cache.load_kept(path, "genders")
    if isinstance(kept, dict):
        return kept
    genders = _read_genders(path)
    seat_cache.keep(path, "genders", genders)
    return genders


def _read_genders(path: Path) -> dict[tuple[str, str, str], str]:
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
