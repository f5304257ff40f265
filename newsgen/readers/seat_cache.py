"""A bundled results file's rows kept by seat between runs, so a one-seat story parses its own.

`newsgen story SEAT` loads one seat of the 3.5 MB 2024 file, but reading the CSV to find
that seat's rows parsed all 4,515 of them: most of the loading time of a one-seat story.
The first time a bundled Commons Library file is read whole, what a one-seat load needs is
written to the cache folder: each seat's rows (as CSV text), every seat's name and winning
party, every member id, and which seats were set aside as damaged. A later load of a few
seats reads that and parses those seats' rows alone; the rows are checked as they always
are (:func:`newsgen.readers.commons_library.load_results`), and a wanted seat the full read
set aside sends the load back to the file, for its error.

A cache entry is named by the file's path, size and modification time and by the size and
modification time of the code that reads it: a changed file, or a changed reader, is read
afresh (and its entry replaced). Only the bundled files are cached (a newsroom's own file
may change between any two runs). ``NEWSGEN_NO_CACHE=1`` turns it off, as for the compiled
templates; an unreadable or unwritable folder just means no cache.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import marshal
import os
import tempfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgen import resources
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


def _folder() -> Path | None:
    if os.environ.get("NEWSGEN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsgen" / "results"


def _reader_stamp() -> tuple[int, int]:
    """The size and modification time of the reader's code (this module and the reader)."""
    from newsgen.readers import commons_library

    size, mtime = 0, 0
    for module in (__file__, commons_library.__file__):
        stat = os.stat(module)
        size, mtime = size + stat.st_size, max(mtime, stat.st_mtime_ns)
    return size, mtime


def _entry(path: Path, kind: str) -> tuple[Path, str] | None:
    """The cache entry of ``kind`` for a bundled file as it is now, and the prefix of every
    such entry for it; None when the file is not bundled, or there is no cache."""
    folder = _folder()
    if folder is None:
        return None
    try:
        real = path.resolve()
        if not real.is_relative_to(resources.fixtures_dir()):
            return None
        stat = real.stat()
        code_size, code_mtime = _reader_stamp()
    except OSError:
        return None
    prefix = f"{real.stem}-{kind}-{zlib.crc32(str(real).encode()):08x}"
    stamp = f"{stat.st_size}-{stat.st_mtime_ns}-{code_size}-{code_mtime}-{_FORMAT}"
    return folder / f"{prefix}-{stamp}.marshal", prefix


def load_kept(path: Path, kind: str) -> Any:
    """What was kept of ``kind`` for ``path`` as it is now, or None."""
    entry = _entry(path, kind)
    if entry is None:
        return None
    try:
        data = marshal.loads(entry[0].read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError, TypeError):
        with contextlib.suppress(OSError):
            entry[0].unlink()  # damaged: the next whole read keeps it again
        return None
    if not isinstance(data, dict) or data.get("source") != str(path.resolve()):
        return None  # another file's entry under the same name
    return data.get("value")


def keep(path: Path, kind: str, value: Any) -> None:
    """Keep ``value`` (plain data) as ``kind`` for ``path`` as it is now, unless it is kept
    already; entries of that kind for the file as it was are removed."""
    entry = _entry(path, kind)
    if entry is None:
        return
    target, prefix = entry
    if target.exists():
        return
    temporary: str | None = None
    try:
        blob = marshal.dumps({"source": str(path.resolve()), "value": value})
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in target.parent.glob(f"{prefix}-*.marshal"):
            with contextlib.suppress(OSError):
                stale.unlink()
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as fh:
            temporary = fh.name
            fh.write(blob)
        os.replace(temporary, target)  # whole or not at all: a reader never sees half an entry
    except (OSError, ValueError):
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


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
    if scanned.rows is None or _entry(path, "rows") is None:
        return
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
