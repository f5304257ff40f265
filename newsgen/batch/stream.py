"""A batch over a results file too big to load: the seats stream through in chunks.

Memory stays flat whatever the file's size: the parent reads the CSV row by row, groups
each seat's rows (a seat's rows must be together, as in the Commons Library files), and
hands chunks of seats to the workers, never more than a few chunks ahead of the writing.
Each chunk is parsed by the ordinary loader into a small Dataset that shares one
baseline provider (its sources load once, before the workers fork).

Two passes: the first counts each party's seats (the facts need the whole file's count)
and the seats; the second writes. The context's area stories are written at the end
from the rows of their seats, which the parent keeps aside. ``--only`` needs the whole
file in memory and is not available here.
"""

from __future__ import annotations

import csv
import html
import io
import multiprocessing
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen.baselines.names import normalise, slug
from newsgen.batch.jobs import Job, Outcome, Settings, failure, run_job, worker_count
from newsgen.batch.runner import BatchReport, collect, free_slug, frozen_heap
from newsgen.errors import DataError
from newsgen.records.loader import COLUMNS, parse_results, read_text

if TYPE_CHECKING:
    from newsgen.baselines.provider import BaselineProvider
    from newsgen.context import Context
    from newsgen.pipeline import Dataset

Row = list[str]
Block = tuple[int, str, str, list[Row]]  # (first line number, seat name, slug, rows)
CHUNK_SEATS = 100


def _clean(value: str) -> str:
    return html.unescape(value).strip()


@dataclass(frozen=True)
class Source:
    """A results file read as a stream, and what the first pass learnt from it."""

    path: Path
    header: Row
    seats: int
    party_seat_counts: Counter[str]
    polling_date: str

    @classmethod
    def scan(cls, path: str | Path) -> Source:
        path = Path(path)
        if not path.is_file():
            read_text(path)  # raises the loader's DataError: not found, or a folder
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            index = {name.strip(): i for i, name in enumerate(header)}
            missing = [n for n in COLUMNS if n not in index]
            if missing:
                raise DataError("required column(s) missing: " + ", ".join(map(repr, missing)), file=path.name, row=1)
            seat, pos = index["Constituency name"], index["Candidate result position"]
            code, name = index["Main party abbreviation"], index["Main party name"]
            speaker, date = index["Candidate is standing as Commons Speaker"], index["General election polling date"]
            counts: Counter[str] = Counter()
            seats, last, polling = 0, None, ""
            for row in reader:
                if not any(c.strip() for c in row):
                    continue
                row = row + [""] * (len(header) - len(row)) if len(row) < len(header) else row
                name_here = _clean(row[seat])
                if name_here != last:
                    seats, last = seats + 1, name_here
                polling = polling or row[date].strip()[:10]
                if row[pos].strip() == "1":
                    party = "Spk" if row[speaker].strip().lower() in {"true", "yes", "1"} else None
                    counts[party or _clean(row[code]) or _clean(row[name]) or "Ind"] += 1
        return cls(path, header, seats, counts, polling)

    def blocks(self, taken: set[str]) -> Iterator[Block]:
        """Each seat's rows in file order, with a file-name slug unique in this run."""
        seat = self.header.index("Constituency name")
        width = len(self.header)
        with open(self.path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader, None)
            rows: list[Row] = []
            first, current = 0, None
            for line, row in enumerate(reader, start=2):
                if not any(c.strip() for c in row):
                    continue
                row = row + [""] * (width - len(row)) if len(row) < width else row
                name = _clean(row[seat])
                if name != current and rows:
                    yield first, current or "", free_slug(slug(current or "seat"), taken), rows
                    rows = []
                if not rows:
                    first, current = line, name
                rows.append(row)
            if rows:
                yield first, current or "", free_slug(slug(current or "seat"), taken), rows

    def text(self, rows: list[Row]) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(self.header)
        writer.writerows(rows)
        return buf.getvalue()


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

    text = shared.source.text([row for block in blocks for row in block[3]])
    loaded = parse_results(text, file=shared.source.path.name, genders=shared.genders)
    # the loader numbered rows from 2 within this chunk; put back the file's own row numbers
    lines = _Lines([b[0] for b in blocks], [len(b[3]) for b in blocks])
    for errors in loaded.rejected.values():
        for i, err in enumerate(errors):
            if err.row is not None:
                errors[i] = lines.error(err)
    loaded.warnings[:] = [lines.text(w) for w in loaded.warnings]
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

    def error(self, err: DataError) -> DataError:
        row = self.row(err.row) if err.row is not None else None
        if row is None:
            return err
        message = err.message.split(": ", 1)[1] if ": " in err.message and err.file else err.message
        return DataError(message, file=err.file, row=row, seat=err.seat, field=err.field, hint=err.hint)

    def text(self, warning: str) -> str:
        """A warning's first "row N" (the location prefix) renumbered."""
        found = _ROW.search(warning)
        row = self.row(int(found.group(1))) if found else None
        if found is None or row is None:
            return warning
        return f"{warning[: found.start(1)]}{row}{warning[found.end(1) :]}"


_ROW = re.compile(r"\brow (\d+)\b")


def run_chunk(shared: Shared, blocks: list[Block]) -> list[Outcome]:
    jobs = [Job("seat", name, (name,), slug_) for _, name, slug_, _ in blocks]
    try:
        dataset = chunk_dataset(shared, blocks)
    except DataError as exc:
        return [failure(job, str(exc).splitlines()[0]) for job in jobs]
    rejected = dataset.loaded.rejected
    out = []
    for job in jobs:
        if job.name in rejected:
            out.append(failure(job, "; ".join(str(e).splitlines()[0] for e in rejected[job.name])))
        else:
            out.append(run_job(dataset, job, shared.settings))
    if out and dataset.loaded.warnings:
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
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers, initializer=_init, initargs=(shared,)) as pool:
            pending: deque[Any] = deque()
            for c in chunks:
                pending.append(pool.apply_async(_work, (c,)))
                if len(pending) >= workers * 3:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()


def prepare(
    path: str | Path, settings: Settings, context: Context, templates: str | None
) -> tuple[Shared, Dataset | None]:
    """First pass, and a provider warmed on the file's first seat (None if the file has no seats)."""
    from newsgen import resources
    from newsgen.baselines.provider import BaselineProvider
    from newsgen.pipeline import Dataset
    from newsgen.records.loader import load_genders

    source = Source.scan(path)
    genders = load_genders(resources.bundled(resources.GENDERS_2024)) if source.polling_date == "2024-07-04" else None
    first = next(source.blocks(set()), None)
    if first is None:
        raise DataError("has a header but no result rows", file=source.path.name)
    loaded = parse_results(source.text(first[3]), file=source.path.name, genders=genders)
    provider = BaselineProvider(loaded.election, overrides=context.predecessors)
    probe = Dataset.from_loaded(
        loaded, results_path=source.path, context=context, templates=templates, provider=provider
    )
    for name in probe.seat_names:  # loads the provider's sources (previous results, history, tenures) once
        probe.facts(name)
    provider.party_winners_before()
    shared = Shared(source, settings, context, templates, provider, genders)
    return shared, probe


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
        if area_keys and normalise(block[1]) in area_keys:
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
    dataset = chunk_dataset(shared, kept) if kept else None
    names = {normalise(b[1]) for b in kept}
    out = []
    for area_name, area in shared.context.areas.items():
        job = Job("area", area_name, tuple(area.seats), free_slug(slug(area_name), taken, suffix="area"))
        missing = [s for s in area.seats if normalise(s) not in names]
        rejected = {normalise(k) for k in dataset.loaded.rejected} if dataset is not None else set()
        broken = [s for s in area.seats if normalise(s) in rejected]
        if missing:
            out.append(failure(job, f"seat {missing[0]!r} in this area is not in the results"))
        elif broken or dataset is None:
            out.append(failure(job, f"seat {broken[0]!r} in this area could not be loaded"))
        else:
            out.append(run_job(dataset, job, shared.settings))
    return out
