"""What every reader shares: reading a file safely, the limits that keep a damaged or hostile
file from exhausting memory or reaching a story, cells turned into counts, dates and clean
text, and the errors that name the file, row and field.

Each reader (one module per source) turns its file into the same records
(:mod:`newsgen.records.models`) and returns them as :class:`LoadedResults`.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.errors import DataError
from newsgen.records.models import Contest, Election

# Limits that keep a damaged or hostile file from exhausting memory or reaching a story. The
# Commons Library files of 2010-2024 have 52 to 54 columns, lines under 1,300 characters, text
# cells under 60 characters and no count over six digits.
#: columns in the header or any row; a wider file is refused before its rows are kept
MAX_COLUMNS = 500
#: characters in one line of the file (checked before the line is split into cells)
MAX_LINE_CHARS = 65_536
#: characters in one text cell (a name, party, seat, region, summary)
MAX_TEXT_CHARS = 200
#: digits in a count: every count is below 100,000,000 (the UK's electorate is under 50 million)
MAX_COUNT_DIGITS = 8


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
    #: every candidate's member id in the file, loaded or not: who is standing anywhere
    member_ids: frozenset[int] = frozenset()
    #: the same body's earlier elections in the file, oldest first (a council's history)
    earlier: tuple[Election, ...] = ()

    def rejection(self, name: str) -> str:
        """Why the seat ``name`` was set aside, on one line (what a FAILED line says)."""
        errors = self.rejected.get(name) or []
        return "; ".join(str(e).splitlines()[0] for e in errors) or "could not be loaded"


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
    sniff(data[:4096], str(path))
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


def refuse_unless_file(path: Path) -> None:
    """A pipe or a device in a watched inbox would block its read for ever (nobody writes to
    it): refuse anything there but a plain file. (Not in :func:`read_text`: ``--results
    /dev/stdin`` is a pipe a newsroom may mean.)"""
    if path.exists() and not path.is_file():
        raise DataError("is not a file (a folder, a pipe or a device)", file=path.name)


def sniff(head: bytes, file: str) -> None:
    """Refuse a file whose first 4 KiB show it is not a UTF-8 CSV file (both readers call this)."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError(
            "is a spreadsheet workbook (or zip), not a CSV file",
            file=file,
            hint="open it and save it as 'CSV UTF-8', or download the CSV version",
        )
    if head.startswith(b"%PDF"):
        raise DataError("is a PDF, not a CSV file", file=file, hint="download the CSV version of the results")
    if b"\x00" in head[:4096]:
        raise DataError(
            "is a binary file (or UTF-16 text), not a UTF-8 CSV file",
            file=file,
            hint="re-save the file as UTF-8 CSV",
        )


def line_too_long(number: int, file: str) -> DataError:
    """A line over MAX_LINE_CHARS: refused before csv splits it into (perhaps a million) cells."""
    return DataError(
        f"this line is more than {MAX_LINE_CHARS:,} characters long; a results file's lines are under 2,000",
        file=file,
        row=number,
        hint="this is not a candidate-level results file, or it is damaged: download or export it again",
    )


def too_wide(columns: int, file: str) -> DataError:
    """A header over MAX_COLUMNS: refused before any row is read (and padded to its width)."""
    return DataError(
        f"the header has {columns:,} columns; a results file has about 50 (newsgen reads up to {MAX_COLUMNS:,})",
        file=file,
        row=1,
        hint="this is not a candidate-level results file, or it is damaged: download or export it again",
    )


def csv_problem(exc: csv.Error, file: str, row: int) -> DataError:
    """A csv module error (raised for the record that starts at ``row``) as a DataError."""
    if "field larger than field limit" in str(exc):
        return DataError(
            f"a cell runs on for more than {csv.field_size_limit():,} characters",
            file=file,
            row=row,
            hint="a quote mark left open joins the rows after it into one cell: close it, "
            "or download or export the file again",
        )
    return DataError(f"is not valid CSV ({exc})", file=file, row=row)


def limited(lines: Iterable[str], file: str) -> Iterator[str]:
    """The file's lines for csv.reader, refusing one longer than MAX_LINE_CHARS."""
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise line_too_long(number, file)
        yield line


def readable(text: str) -> str:
    """Text for a person to read, invisible characters named: "Ã<U+0081>ine"."""
    return "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in text)


def show(text: str, limit: int = 40) -> str:
    """A cell's text for a message: quoted, escaped, and cut short if long."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text):,} characters)"


def clean(value: str) -> str:
    """A cell's text: HTML entities decoded (the early 2024 download has them), spaces trimmed."""
    return html.unescape(value).strip()


def parse_count(value: str, *, name: str, where: dict[str, object], field: str, optional: bool = False) -> int | None:
    """A count: ASCII digits, optionally with thousands commas or a ``.0`` a spreadsheet added.

    ``where`` (file, row, seat) and ``field`` (the column) name the cell in an error.
    """
    raw = value.strip()
    if raw.isdigit() and raw.isascii() and len(raw) <= MAX_COUNT_DIGITS:  # the usual case: plain digits
        return int(raw)
    where = {**where, "field": field}
    if not raw:
        if optional:
            return None
        raise DataError("is empty", hint=f"fill in the {name}", **where)  # type: ignore[arg-type]
    if not _COUNT.fullmatch(raw):
        if re.fullmatch(r"-?\d+(?:\.\d+)?[eE][+-]?\d+", raw):
            raise DataError(
                f"{show(raw)} is in scientific notation, so the exact count is lost",
                hint=f"format the {name} column as a whole number in the spreadsheet and export again",
                **where,  # type: ignore[arg-type]
            )
        raise DataError(
            f"{show(raw)} is not a whole number",
            hint=f"the {name} must be a count of votes or people, in digits (commas between thousands are fine)",
            **where,  # type: ignore[arg-type]
        )
    # checked before int(): Python refuses to convert over 4,300 digits, and no real count has nine
    digits = raw.replace(",", "").split(".", 1)[0].lstrip("-").lstrip("0")
    if len(digits) > MAX_COUNT_DIGITS:
        raise DataError(
            f"{raw if len(raw) <= 20 else raw[:20] + '...'!r} is not a plausible {name}: {len(digits):,} digits",
            hint=f"every count in a seat is below 100,000,000 (the UK's electorate is under 50 million): "
            f"correct the {name}",
            **where,  # type: ignore[arg-type]
        )
    number = -int(digits or "0") if raw.startswith("-") else int(digits or "0")
    if number < 0:
        raise DataError(f"{number} is negative", hint=f"the {name} cannot be below zero", **where)  # type: ignore[arg-type]
    return number


def parse_float(value: str) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None  # "nan", "inf" and 400-digit numbers are not shares


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


_COUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?", re.ASCII)


#: characters a printed cell must not hold: C0 and C1 controls, DEL, Unicode line breaks and
#: the invisible bidirectional-text overrides that can make a name read backwards
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
CONTROL_C0 = re.compile("[\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LINE_BREAKS = {c: "a line break" for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
NAMES = {"\t": "a tab", "\x00": "a NUL byte"} | {
    chr(c): f"an invisible bidirectional-text control (U+{c:04X})"
    for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


_MOJIBAKE = re.compile(r"[ÃÂ][\u0080-\u00bf]|[\u0080-\u009f]")


def unmangle(text: str) -> str:
    """Repair UTF-8 that was read as Latin-1 once ("Ã\\x81ine" -> "Áine"); else the text unchanged.

    The 2024 Commons Library file has one such name (Belfast South and Mid Down). Only text
    with the tell-tale sequences is touched, and only when it decodes cleanly.
    """
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    try:
        fixed = text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return fixed if not _MOJIBAKE.search(fixed) else text


def council_slug(body: str) -> str:
    """A council's id from its name: "Trafford Council" -> "trafford" (every reader the same)."""
    words = [w for w in re.split(r"[^a-z0-9]+", body.lower()) if w and w not in ("council", "borough", "city", "of")]
    return "-".join(words) or "council"


def disambiguate(contests: list[Contest], councils: dict[str, str]) -> list[Contest]:
    """Wards of one name in two councils (a "Central" in each) told apart by their council:
    "Central (Trafford Council)". Stories are found and filed by name, so two wards of one
    name would be given each other's result."""
    from collections import Counter

    from newsgen.baselines.names import normalise

    seen = Counter(normalise(c.name) for c in contests)
    return [
        c.model_copy(update={"name": f"{c.name} ({councils.get(c.council_id or '', c.council_id)})"})
        if seen[normalise(c.name)] > 1 and c.council_id
        else c
        for c in contests
    ]
