"""A batch over a results file too big to load: the seats stream through in chunks.

Memory stays nearly flat whatever the file's size: one pass reads the CSV row by row and
notes where each seat's rows lie in the file (a seat's rows must be together, as in the
Commons Library files): about 110 bytes a seat. Chunks of seats are then handed to the
workers as byte ranges, never more than a few chunks ahead of the writing; each worker
reads its ranges and parses them with the ordinary loader into a small Dataset that
shares one baseline provider (its sources load once, before the workers fork).

The pass also counts each party's seats, which the facts need from the whole file before
any story is written. The context's area stories are written at the end from the rows of
their seats, kept aside as ranges too. ``--only`` needs the whole file in memory and is
not available here.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from newsgen.baselines.names import normalise, slug
from newsgen.batch.jobs import Job, Outcome, Settings, failure, run_job, worker_count
from newsgen.batch.runner import BatchReport, collect, free_slug, frozen_heap
from newsgen.batch.workers import worker_pool
from newsgen.errors import DataError
from newsgen.readers.common import MAX_LINE_CHARS, clean, csv_problem, line_too_long, read_text, sniff
from newsgen.readers.commons_library import COLUMNS, clash, header_index, parse_results, party_code_of

if TYPE_CHECKING:
    from newsgen.baselines.provider import BaselineProvider
    from newsgen.context import Context
    from newsgen.pipeline import Dataset
    from newsgen.records.models import Contest

Row = list[str]
CHUNK_SEATS = 100
#: bytes read for one line at most: a line of MAX_LINE_CHARS characters, four bytes each
_MAX_LINE_BYTES = 4 * MAX_LINE_CHARS + 2


class Block(NamedTuple):
    """One seat's rows: where they lie in the file, and the slug of its story."""

    line: int  # the file's row number of the seat's first row (the header is row 1)
    name: str
    slug: str
    start: int  # byte offsets of the rows in the file, end exclusive
    end: int
    rows: int  # CSV records in that range, blank ones between the seat's rows included
    problem: str = ""  # why the seat is set aside unread (its name or GSS code clashes with another's)


class _ByteLines:
    """A binary file's lines as text for csv.reader, counting the bytes consumed so far
    (csv.reader reads no further than the record it returns, so after each record
    ``pos`` is where the next one starts)."""

    def __init__(self, fh: IO[bytes], path: Path) -> None:
        self._fh = fh
        self._path = path
        self._line = 0
        self.pos = 0

    def __iter__(self) -> _ByteLines:
        return self

    def __next__(self) -> str:
        line = self._fh.readline(_MAX_LINE_BYTES)  # never a whole absurd line in memory
        if not line:
            raise StopIteration
        self._line += 1
        if len(line) == _MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise line_too_long(self._line, self._path.name)
        start = 0
        if self.pos == 0 and line.startswith(codecs.BOM_UTF8):
            start = len(codecs.BOM_UTF8)
        self.pos += len(line)
        try:
            text = line[start:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"is not UTF-8 text (byte {exc.start + 1} of the line cannot be decoded; "
                "it may have been saved as Windows-1252 or Latin-1)",
                file=self._path.name,
                row=self._line,
                hint="re-save the file as 'CSV UTF-8' (in Excel: Save As, CSV UTF-8)",
            ) from None
        if len(text) > MAX_LINE_CHARS:
            raise line_too_long(self._line, self._path.name)
        return text


@dataclass(frozen=True)
class Source:
    """A results file read as a stream, and what the one pass learnt from it."""

    path: Path
    header: Row
    header_text: str  # the header record as in the file, for the text of each chunk
    seats: int
    party_seat_counts: Counter[str]
    polling_date: str
    names: list[str]  # each seat's name, in file order
    spans: array  # per seat: first row number, start byte, end byte, records (4 ints)
    #: seats set aside before they are read, by index: the reason, as a failed story gives it
    problems: dict[int, str]

    @classmethod
    def scan(cls, path: str | Path) -> Source:
        """One pass over the file, with the loader's checks of the whole file (its first bytes,
        header, line lengths and widths) and of seats that clash by name or GSS code."""
        path = Path(path)
        if not path.is_file():
            read_text(path)  # raises the loader's DataError: not found, or a folder
        with open(path, "rb") as fh:
            head = fh.read(4096)
            sniff(head, str(path))
            if len(head) < 4096 and not head.removeprefix(codecs.BOM_UTF8).strip():
                raise DataError("is empty", file=path.name, hint="pass a Commons Library candidate-level results CSV")
            fh.seek(0)
            lines = _ByteLines(fh, path)
            reader = csv.reader(lines)
            row_no = 0
            try:
                header = next(reader, [])
                row_no, header_end = 1, lines.pos
                index = header_index(header, path.name)
                cols = {key: index[name] for name, key in COLUMNS.items()}
                seat, pos, date, code = cols["seat"], cols["position"], cols["polling_date"], cols["seat_id"]
                counts: Counter[str] = Counter()
                names: list[str] = []
                spans = array("q")
                keys, codes = array("q"), array("q")  # hashes of each seat's slug and GSS code (0: none)
                polling = ""
                current: str | None = None
                first = block_start = last = last_end = 0
                record_end = header_end
                for row in reader:
                    row_no += 1
                    record_start, record_end = record_end, lines.pos
                    if not "".join(row).strip():  # a blank row
                        continue
                    row = row + [""] * (len(header) - len(row)) if len(row) < len(header) else row
                    name_here = clean(row[seat])
                    if name_here != current:
                        if current is not None:
                            spans.extend((first, block_start, last_end, last - first + 1))
                        names.append(name_here)
                        keys.append(_hash(normalise(name_here)))
                        codes.append(_hash(row[code].strip().upper()))
                        current, first, block_start = name_here, row_no, record_start
                    last, last_end = row_no, record_end
                    polling = polling or row[date].strip()[:10]
                    if row[pos].strip() == "1":
                        counts[party_code_of(row, cols)] += 1
            except csv.Error as exc:
                raise csv_problem(exc, path.name, row_no + 1) from None
            if current is not None:
                spans.extend((first, block_start, last_end, last - first + 1))
            problems = _clashes(fh, path, names, spans, keys, codes, code)
            fh.seek(0)
            head = fh.read(header_end)
        header_text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        if not header_text.endswith("\n"):
            header_text += "\n"
        return cls(path, header, header_text, len(names), counts, polling, names, spans, problems)

    def blocks(self, taken: set[str]) -> Iterator[Block]:
        """Each seat in file order, with a file-name slug unique in this run."""
        spans = self.spans
        for i, name in enumerate(self.names):
            line, start, end, rows = spans[4 * i : 4 * i + 4]
            yield Block(line, name, free_slug(slug(name or "seat"), taken), start, end, rows, self.problems.get(i, ""))

    def text(self, blocks: list[Block]) -> str:
        """The header and these seats' rows, read from the file: a CSV text for the loader."""
        parts = [self.header_text]
        with open(self.path, "rb") as fh:
            for block in blocks:
                fh.seek(block.start)
                data = fh.read(block.end - block.start).decode("utf-8")
                parts.append(data if data.endswith("\n") else data + "\n")
        return "".join(parts)


def _hash(key: str) -> int:
    """A key's hash for finding clashes in little memory; 0 for no key (equal hashes are
    checked against the keys themselves)."""
    return (hash(key) or 1) if key else 0


def _same(hashes: array) -> Iterator[list[int]]:
    """The indices of each group of two or more equal hashes, 0 aside, in file order."""
    order = sorted(range(len(hashes)), key=hashes.__getitem__)
    for value, group in itertools.groupby(order, key=hashes.__getitem__):
        members = list(group)
        if value and len(members) > 1:
            yield members


def _clashes(
    fh: IO[bytes], path: Path, names: list[str], spans: array, keys: array, codes: array, code_col: int
) -> dict[int, str]:
    """Seats the loader would set aside for a clash (``loader.clash``), found from the hashes
    the pass kept: two names with one slug, or two seats with one GSS code; and a seat whose
    rows are in two places, which a stream cannot put together."""
    out: dict[int, str] = {}

    def note(groups: Iterator[list[int]], code: Callable[[int], str] | None) -> None:
        for members in groups:
            for i in members:
                j = members[1] if i == members[0] else members[0]
                line, other_line = spans[4 * i], spans[4 * j]
                if code is None and names[i] == names[j]:
                    error = DataError(
                        f"the seat's rows are in two places (rows {line} and {other_line}), and --stream "
                        "reads a seat's rows only where they are together: both are set aside",
                        file=path.name,
                        row=line,
                        seat=names[i],
                        field="Constituency name",
                        hint="sort the file by constituency, or run the batch without --stream",
                    )
                else:
                    error = clash(path.name, names[i], line, names[j], other_line, code(i) if code else None)
                out.setdefault(i, str(error).splitlines()[0])

    def by(key: Callable[[int], str], groups: Iterator[list[int]]) -> Iterator[list[int]]:
        for members in groups:  # equal hashes: put together the equal keys
            found: dict[str, list[int]] = {}
            for i in members:
                found.setdefault(key(i), []).append(i)
            yield from (m for k, m in found.items() if k and len(m) > 1)

    note(by(lambda i: normalise(names[i]), _same(keys)), None)
    read: dict[int, str] = {}

    def code_of(i: int) -> str:
        if i not in read:
            fh.seek(spans[4 * i + 1])
            row = next(csv.reader(_ByteLines(fh, path)), [])
            read[i] = row[code_col].strip().upper() if code_col < len(row) else ""
        return read[i]

    note(by(code_of, _same(codes)), code_of)
    return out


@dataclass(frozen=True)
class Shared:
    """What every chunk needs, built once in the parent and inherited by forked workers."""

    source: Source
    settings: Settings
    context: Context
    templates: str | None
    provider: BaselineProvider
    genders: dict[tuple[str, str, str], str] | None


def chunk_dataset(shared: Shared, blocks: list[Block]) -> Dataset:
    from newsgen.pipeline import Dataset

    text = shared.source.text(blocks)
    loaded = parse_results(text, file=shared.source.path.name, genders=shared.genders)
    # the loader numbered rows from 2 within this chunk; put back the file's own row numbers
    lines = _Lines([b.line for b in blocks], [b.rows for b in blocks])
    for errors in loaded.rejected.values():
        for i, err in enumerate(errors):
            if err.row is not None:
                errors[i] = lines.error(err)
    loaded.warnings[:] = [lines.text(w) for w in loaded.warnings]
    # and in the records, whose rows the JSON story's facts and provenance print
    contests = tuple(lines.contest(c) for c in loaded.election.contests)
    loaded.election = loaded.election.model_copy(update={"contests": contests})
    return Dataset.from_loaded(
        loaded,
        results_path=shared.source.path,
        context=shared.context,
        templates=shared.templates,
        provider=shared.provider,
        party_seat_counts=shared.source.party_seat_counts,
    )


@dataclass(frozen=True)
class _Lines:
    """Maps a chunk's row numbers (from 2) to the file's: each block's first line and size."""

    starts: list[int]
    sizes: list[int]

    def row(self, local_row: int) -> int | None:
        local = local_row - 2
        for start, size in zip(self.starts, self.sizes, strict=True):
            if local < size:
                return start + local
            local -= size
        return None

    def contest(self, contest: Contest) -> Contest:
        """The contest with the file's row numbers in its source and its candidates."""

        def row(local: int) -> int:
            found = self.row(local) if local else None
            return local if found is None else found

        return contest.model_copy(
            update={
                "source": contest.source.model_copy(update={"rows": tuple(row(r) for r in contest.source.rows)}),
                "candidates": tuple(c.model_copy(update={"row": row(c.row)}) for c in contest.candidates),
            }
        )

    def error(self, err: DataError) -> DataError:
        row = self.row(err.row) if err.row is not None else None
        if row is None:
            return err
        message = err.message.split(": ", 1)[1] if ": " in err.message and err.file else err.message
        return DataError(self.text(message), file=err.file, row=row, seat=err.seat, field=err.field, hint=err.hint)

    def text(self, message: str) -> str:
        """Every row number in a message ("row 5", "rows 5 and 6") renumbered: the location
        prefix's, and those the message itself names ("differs from 12 on row 3")."""

        def renumber(found: re.Match[str]) -> str:
            out = found.group(1)
            for number, between in ((found.group(2), found.group(3)), (found.group(4), "")):
                if number:
                    row = self.row(int(number))
                    out += f"{number if row is None else row}{between or ''}"
            return out

        return _ROW.sub(renumber, message)


_ROW = re.compile(r"\b(rows? )(\d+)(?:( and )(\d+))?\b")


def run_chunk(shared: Shared, blocks: list[Block]) -> list[Outcome]:
    jobs = [Job("seat", b.name, (b.name,), b.slug) for b in blocks]
    readable = [b for b in blocks if not b.problem]  # a clashing seat is not read at all
    try:
        dataset = chunk_dataset(shared, readable) if readable else None
    except DataError as exc:
        return [failure(job, b.problem or str(exc).splitlines()[0]) for job, b in zip(jobs, blocks, strict=True)]
    rejected = dataset.loaded.rejected if dataset is not None else {}
    out = []
    for job, block in zip(jobs, blocks, strict=True):
        if block.problem:
            out.append(failure(job, block.problem))
        elif job.name in rejected:
            out.append(failure(job, "; ".join(str(e).splitlines()[0] for e in rejected[job.name])))
        else:
            assert dataset is not None
            out.append(run_job(dataset, job, shared.settings))
    if out and dataset is not None and dataset.loaded.warnings:
        out[0].warnings = tuple(w.splitlines()[0] for w in dataset.loaded.warnings)
    return out


_SHARED: Shared | None = None


def _init(shared: Shared) -> None:
    global _SHARED
    _SHARED = shared


def _work(blocks: list[Block]) -> list[Outcome]:
    assert _SHARED is not None
    return run_chunk(_SHARED, blocks)


def _chunks(blocks: Iterator[Block], size: int, keep: Callable[[Block], None]) -> Iterator[list[Block]]:
    chunk: list[Block] = []
    for block in blocks:
        keep(block)
        chunk.append(block)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def stream_outcomes(
    shared: Shared, workers: int, keep: Callable[[Block], None], chunk: int, taken: set[str]
) -> Iterator[Outcome]:
    """Seat outcomes in file order; at most a few chunks in flight. ``taken`` collects the slugs."""
    chunks = _chunks(shared.source.blocks(taken), chunk, keep)
    with frozen_heap():  # the shared provider is read-only from here
        if workers <= 1:
            for c in chunks:
                yield from run_chunk(shared, c)
            return
        with worker_pool(workers, _init, (shared,)) as pool:
            pending: deque[Future[list[Outcome]]] = deque()
            for c in chunks:
                pending.append(pool.submit(_work, c))
                if len(pending) >= workers * 3:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()


def prepare(
    path: str | Path, settings: Settings, context: Context, templates: str | None
) -> tuple[Shared, Dataset | None]:
    """First pass, and a provider warmed on the file's first seat (None if the file has no seats)."""
    from newsgen import resources
    from newsgen.baselines.provider import BaselineProvider
    from newsgen.pipeline import Dataset
    from newsgen.readers.commons_library import load_genders

    source = Source.scan(path)
    genders = load_genders(resources.bundled(resources.GENDERS_2024)) if source.polling_date == "2024-07-04" else None
    first = next(source.blocks(set()), None)
    if first is None:
        raise DataError("has a header but no result rows", file=source.path.name)
    loaded = parse_results(source.text([first]), file=source.path.name, genders=genders)
    provider = BaselineProvider(loaded.election, overrides=context.predecessors)
    provider.standing_members = _member_ids(source.path)  # who stands anywhere: the whole file, not a chunk
    probe = Dataset.from_loaded(
        loaded, results_path=source.path, context=context, templates=templates, provider=provider
    )
    for name in probe.seat_names:  # loads the provider's sources (previous results, history, tenures) once
        probe.facts(name)
    provider.party_winners_before()
    shared = Shared(source, settings, context, templates, provider, genders)
    return shared, probe


def _member_ids(path: Path) -> frozenset[int]:
    """Every candidate's member id in the file, read column by column (memory: the ids)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows, [])
        if "Candidate MNIS ID" not in header:
            return frozenset()
        at = header.index("Candidate MNIS ID")
        return frozenset(int(r[at]) for r in rows if len(r) > at and r[at].strip().isdigit())


def stream_batch(
    path: str | Path,
    out: Path,
    settings: Settings,
    *,
    context: Context,
    templates: str | None = None,
    workers: int | None = 1,
    chunk: int = CHUNK_SEATS,
    progress: Callable[[int], Callable[[int], None] | None] | None = None,
) -> BatchReport:
    shared, _ = prepare(path, settings, context, templates)
    area_keys = {normalise(s) for area in context.areas.values() for s in area.seats}
    kept: list[Block] = []

    def keep(block: Block) -> None:
        if area_keys and normalise(block.name) in area_keys:
            kept.append(block)

    header = {
        "generator": "newsgen",
        "election_date": shared.source.polling_date,
        "results": shared.source.path.name,
        "formats": list(settings.formats),
    }
    taken: set[str] = set()
    seats = stream_outcomes(shared, worker_count(workers, shared.source.seats), keep, chunk, taken)
    outcomes = _chain(seats, lambda: _areas(shared, kept, taken))
    return collect(outcomes, out, header, shared.source.seats + len(context.areas), progress)


def _chain(first: Iterator[Outcome], then: Callable[[], list[Outcome]]) -> Iterator[Outcome]:
    yield from first
    yield from then()


def _areas(shared: Shared, kept: list[Block], taken: set[str]) -> list[Outcome]:
    """The context's area stories, from the rows of their seats kept aside during the stream."""
    if not shared.context.areas:
        return []
    readable = [b for b in kept if not b.problem]
    dataset = chunk_dataset(shared, readable) if readable else None
    names = {normalise(b.name) for b in kept}
    rejected = {normalise(b.name) for b in kept if b.problem}
    if dataset is not None:
        rejected |= {normalise(k) for k in dataset.loaded.rejected}
    out = []
    for area_name, area in shared.context.areas.items():
        job = Job("area", area_name, tuple(area.seats), free_slug(slug(area_name), taken, suffix="area"))
        missing = [s for s in area.seats if normalise(s) not in names]
        broken = [s for s in area.seats if normalise(s) in rejected]
        if missing:
            out.append(failure(job, f"seat {missing[0]!r} in this area is not in the results"))
        elif broken or dataset is None:
            out.append(failure(job, f"seat {broken[0]!r} in this area could not be loaded"))
        else:
            out.append(run_job(dataset, job, shared.settings))
    return out
