"""A bundled results file's rows kept by seat between runs, so a one-seat story parses its own.

`newsgen story SEAT` loads one seat of the 3.5 MB 2024 file, but reading the CSV to find
that seat's rows parsed all 4,515 of them: most of the loading time of a one-seat story.
The first time a bundled Commons Library file is read whole, what a one-seat load needs is
written to the cache folder: each seat's rows (as CSV text), every seat's name and winning
party, every member id, and which seats were set aside as damaged. A later load of a few
seats reads that and parses those seats' rows alone; the rows are checked as they always
are (:func:`newsgen.readers.commons_library.load_results`), and a wanted seat the full read
set aside sends the load back to the file, for its error.

Entries are kept by :mod:`newsgen.kept`: named by the file's path, size and modification
time and by this module's and the reader's, so a changed file or a changed reader is read
afresh. Only the bundled files are cached; ``NEWSGEN_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgen import kept
from newsgen.baselines.names import normalise
from newsgen.errors import DataError

__all__ = ["Scanned", "keep", "load_kept", "read", "write"]

#: the layout of an entry: change it when what is kept changes
_FORMAT = 2


@dataclass
class Scanned:
    """A results file read as far as knowing its seats: each seat's rows, and what must be
    known of every seat before any one is loaded."""

    cols: dict[str, int]  # column index by field key
    polling: dt.date
    boundary: dt.date | None
    seats: list[str]  # every seat, in the file's order
    codes: list[str]  # each seat's GSS code (its first row's), in that order
    winner_codes: list[str]  # each seat's winning party code, in that order
    member_ids: frozenset[int]  # every candidate's member id, in any seat
    #: the seats set aside before their rows are read (a damaged row, a name or code two share)
    rejected: dict[str, DataError] = field(default_factory=dict)
    #: every seat's rows (line number, cells), from reading the file
    rows: dict[str, list[tuple[int, list[str]]]] | None = None
    #: from the cache: each seat's rows as CSV text, and their line numbers
    texts: dict[str, tuple[str, list[int]]] | None = None
    #: from the cache: the seats the full read set aside (for their errors, read the file)
    bad: frozenset[str] = frozenset()

    def wanted(self, only: Collection[str]) -> list[str]:
        """The seats ``only`` asks for, by normalised name (or slug) or GSS code, in order."""
        return [
            seat
            for seat, code in zip(self.seats, self.codes, strict=True)
            if normalise(seat) in only or normalise(code) in only
        ]

    def rows_of(self, seat: str) -> list[tuple[int, list[str]]]:
        """A seat's rows: (line number, cells)."""
        if self.rows is not None:
            return self.rows[seat]
        assert self.texts is not None
        text, lines = self.texts[seat]
        return list(zip(lines, csv.reader(io.StringIO(text)), strict=True))


def _code() -> tuple[str, ...]:
    """The code that reads a results file: this module and the reader."""
    from newsgen.readers import commons_library

    return (__file__, commons_library.__file__)


def load_kept(path: Path, kind: str) -> Any:
    """What was kept of ``kind`` for ``path`` as it is now, or None."""
    return kept.load(path, kind, code=_code(), layout=_FORMAT)


def keep(path: Path, kind: str, value: Any) -> None:
    """Keep ``value`` (plain data) as ``kind`` for ``path`` as it is now."""
    kept.keep(path, kind, value, code=_code(), layout=_FORMAT)


def read(path: Path) -> Scanned | None:
    """The kept scan of ``path`` as it is now, or None (not kept, stale, unreadable)."""
    data = load_kept(path, "rows")
    try:
        return Scanned(
            cols=data["cols"],
            polling=dt.date.fromisoformat(data["polling"]),
            boundary=dt.date.fromisoformat(data["boundary"]) if data["boundary"] else None,
            seats=data["seats"],
            codes=data["codes"],
            winner_codes=data["winner_codes"],
            member_ids=frozenset(data["member_ids"]),
            texts=data["texts"],
            bad=frozenset(data["bad"]),
        )
    except (ValueError, TypeError, KeyError):
        return None  # (None: nothing kept)


def write(path: Path, scanned: Scanned) -> None:
    """Keep the scan of ``path`` (a bundled file read whole) for later one-seat loads."""
    if scanned.rows is None or not kept.wanted(path, "rows", code=_code(), layout=_FORMAT):
        return  # not bundled, no cache, or kept already (a full batch reads the file whole each time)
    texts: dict[str, tuple[str, list[int]]] = {}
    for seat, rows in scanned.rows.items():
        if seat in scanned.rejected:
            continue  # read from the file when asked for, for its error
        out = io.StringIO()
        csv.writer(out).writerows(row for _, row in rows)
        texts[seat] = (out.getvalue(), [line for line, _ in rows])
    keep(
        path,
        "rows",
        {
            "cols": scanned.cols,
            "polling": scanned.polling.isoformat(),
            "boundary": scanned.boundary.isoformat() if scanned.boundary else None,
            "seats": scanned.seats,
            "codes": scanned.codes,
            "winner_codes": scanned.winner_codes,
            "member_ids": sorted(scanned.member_ids),
            "texts": texts,
            "bad": sorted(scanned.rejected),
        },
    )
