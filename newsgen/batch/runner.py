"""Run a batch: plan the jobs, render them (in several processes if asked), write, report.

With ``jobs > 1`` the rendering is shared among forked worker processes (see
:mod:`newsgen.batch.workers`) that inherit the loaded Dataset; results come back in job
order and this process writes them, so the files and the index are the same as with one
process, and whatever is on disk when a run is interrupted is a prefix of it that
index.json describes (see ``collect``).
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen.baselines.names import normalise, slug
from newsgen.batch.files import INDEX_NAME, clean_temporaries, locked, output_error
from newsgen.batch.index import IndexWriter
from newsgen.batch.jobs import FAILED, WRITTEN, Job, Outcome, Settings, commit, failure, run_job, worker_count
from newsgen.batch.select import select_seats
from newsgen.batch.workers import worker_pool
from newsgen.errors import NewsgenError, OutputError
from newsgen.options import NONE as NO_OPTIONS
from newsgen.options import StoryOptions

if TYPE_CHECKING:
    from newsgen.pipeline import Dataset

Progress = Callable[[int], None]


@dataclass
class BatchReport:
    """What a run did. ``updated`` names existing stories that were rewritten."""

    total: int = 0
    written: int = 0
    unchanged: int = 0
    created: int = 0
    updated: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (seat or area, reason)
    index_written: bool = False
    out: Path | None = None
    warnings: list[str] = field(default_factory=list)  # the loader's, one line each
    #: how many stories lead on each angle
    leads: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, outcome: Outcome) -> None:
        self.total += 1
        self.warnings.extend(outcome.warnings)
        if outcome.entry is not None:
            self.leads[outcome.entry["lead"]["id"]] += 1
        if outcome.status == FAILED:
            self.failed.append((outcome.job.name, outcome.reason or "unknown problem"))
        elif outcome.status == WRITTEN:
            self.written += 1
            if outcome.updated:
                self.updated.append(outcome.job.name)
            else:
                self.created += 1
        else:
            self.unchanged += 1


def plan_jobs(dataset: Dataset, only: Iterable[str] = ()) -> tuple[list[Job], list[Outcome]]:
    """Seat jobs for the selected seats, then the context's areas that include any of them."""
    only = list(only)
    chosen, set_aside = select_seats(dataset, only)
    taken: set[str] = set()
    jobs: list[Job] = []
    for name in chosen:
        jobs.append(Job("seat", name, (name,), free_slug(slug(name), taken)))
    failures = [failure(Job("seat", name, (name,), slug(name)), dataset.loaded.rejection(name)) for name in set_aside]
    selected = {normalise(s) for s in chosen} | {normalise(s) for s in set_aside}
    rejected = {normalise(s) for s in dataset.loaded.rejected}
    for area_name, area in dataset.context.areas.items():
        keys = {normalise(s) for s in area.seats}
        if only and not keys & selected:
            continue
        job = Job("area", area_name, tuple(area.seats), free_slug(slug(area_name), taken, suffix="area"))
        bad = [s for s in area.seats if normalise(s) in rejected]
        if bad:
            failures.append(failure(job, f"seat {bad[0]!r} in this area could not be loaded"))
        else:
            jobs.append(job)
    return jobs, failures


#: slugs no story may take: ``index`` would write index.json (the json format) over the
#: batch's index; an empty slug (a name with no letters or digits) would make hidden files
RESERVED_SLUGS = frozenset({"index", ""})


def free_slug(wanted: str, taken: set[str], suffix: str = "") -> str:
    """``wanted``, or ``wanted-SUFFIX`` / ``wanted-N`` when a story of this run already has it.

    A reserved slug becomes ``index-seat`` / ``index-area`` (``seat`` / ``area`` if empty)."""
    if wanted in RESERVED_SLUGS:
        wanted = "-".join(part for part in (wanted, suffix or "seat") if part)
    candidate = wanted
    n = 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{suffix}" if suffix and n == 2 else f"{wanted}-{n}"
    taken.add(candidate)
    return candidate


# -- workers ---------------------------------------------------------------------------
_STATE: tuple[Dataset, Settings] | None = None


def _set_state(dataset: Dataset, settings: Settings) -> None:
    global _STATE
    _STATE = (dataset, settings)


def _work(job: Job) -> Outcome:
    assert _STATE is not None
    dataset, settings = _STATE
    return run_job(dataset, job, settings)


def warm_up(dataset: Dataset, job: Job, settings: Settings) -> None:
    """Before forking, write nothing but render one story: its templates compile and the
    lazily-read sources (baselines, verifier) load once, in the parent, not in every worker."""
    from newsgen.outputs import render

    try:
        story = dataset.story(
            list(job.seats), choices_db=settings.choices_db, provenance=settings.provenance, defaults=settings.options
        )
        for fmt in settings.formats:
            render(story, fmt)
    except Exception:  # the job reports its own failure when it runs
        return


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Everything loaded so far kept out of the cyclic garbage collector for a batch.

    The loaded results are read-only from here. Frozen, the collector leaves them alone: no
    full collections walking them (25 ms each for the 2024 file, and the loader leaves
    them all in the youngest generation, so even the next minor collection would), and
    forked workers do not copy their pages by touching them. Unfrozen when the batch is done
    (by the outermost of nested uses; a heap someone else froze is left frozen).
    """
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


def execute(dataset: Dataset, jobs: list[Job], settings: Settings, workers: int = 1) -> Iterator[Outcome]:
    """Outcomes in job order, from this process or from ``workers`` forked processes."""
    with frozen_heap():
        if workers > 1 and len(jobs) > 1:
            warm_up(dataset, jobs[0], settings)
            gc.freeze()  # the compiled templates and baselines the warm-up read, too
        if workers <= 1 or len(jobs) < 2:
            for job in jobs:
                yield run_job(dataset, job, settings)
            return
        chunk = max(1, min(64, len(jobs) // (workers * 8)))
        with worker_pool(workers, _set_state, (dataset, settings)) as pool:
            yield from pool.map(_work, jobs, chunksize=chunk)


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The formats, once each; an unknown name fails before anything is written."""
    from newsgen.outputs import get_formatter

    names = tuple(dict.fromkeys(formats))
    for fmt in names:
        get_formatter(fmt)
    return names


def make_folder(out: str | Path) -> Path:
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsgenError(f"{folder}: cannot create the output folder ({exc.strerror})") from None
    return folder


def prepare_output(
    out: str | Path,
    formats: Iterable[str],
    *,
    now: str | None = None,
    choices_db: str | Path | None = None,
    options: StoryOptions = NO_OPTIONS,
) -> Settings:
    """Check the formats, create the folder, clear an interrupted run's temporaries.

    Holds the folder's lock while clearing (re-entrant: a caller inside :func:`open_output`
    or :func:`~newsgen.batch.files.locked` keeps it); raises FolderBusy if another batch has it.
    """
    from newsgen.outputs.ninjs import now_utc

    names = check_formats(formats)
    folder = make_folder(out)
    with locked(folder):
        clean_temporaries(folder)
        try:  # one listing, so that a new story's files need not each be looked for first
            existing: frozenset[str] | None = frozenset(os.listdir(folder))
        except OSError:
            existing = None
    return Settings(folder, names, now or now_utc(), str(choices_db) if choices_db else None, existing, options)


@contextlib.contextmanager
def open_output(
    out: str | Path,
    formats: Iterable[str],
    *,
    now: str | None = None,
    choices_db: str | Path | None = None,
    options: StoryOptions = NO_OPTIONS,
) -> Iterator[Settings]:
    """:func:`prepare_output`, holding the folder's lock until the block ends (the whole run)."""
    check_formats(formats)
    with locked(make_folder(out)):
        yield prepare_output(out, formats, now=now, choices_db=choices_db, options=options)


def run_batch(
    dataset: Dataset,
    out: str | Path,
    *,
    formats: Iterable[str] = ("md",),
    only: Iterable[str] = (),
    jobs: int | None = 1,
    choices_db: str | None = None,
    now: str | None = None,
    progress: Callable[[int], Progress | None] | None = None,
    options: StoryOptions = NO_OPTIONS,
) -> BatchReport:
    """Write every selected seat's story (and the context's area stories) into ``out``.

    ``options`` (style, lead, dropped angles) apply to every story, under an editor's saved
    choice for it in ``choices_db``; a lead that does not fire for a story is left out there.

    ``progress``, if given, is called once with the number of stories and may return a
    callback that is then called with 1 after each story. ``jobs=None`` picks the number
    of worker processes from the batch's size and the CPU cores (see ``worker_count``).
    Raises FolderBusy when another batch is writing ``out``, OutputError when the folder
    or the disk refuses a write.
    """
    with frozen_heap():  # from the start: the loader left the results in the youngest generation
        planned, failures = plan_jobs(dataset, only)
        with open_output(out, formats, now=now, choices_db=choices_db, options=options) as settings:
            header = {
                "generator": "newsgen",
                "election_date": dataset.election.polling_date.isoformat(),
                "results": dataset.results_path.name,
                "formats": list(settings.formats),
            }
            workers = worker_count(jobs, len(planned))
            outcomes = _then(failures, execute(dataset, planned, settings, workers=workers))
            report = collect(outcomes, settings.out, header, len(planned) + len(failures), progress)
    report.warnings[:0] = [w.splitlines()[0] for w in dataset.loaded.warnings]
    return report


def _then(first: Iterable[Outcome], rest: Iterator[Outcome]) -> Iterator[Outcome]:
    """``first``, then ``rest``; closing it closes ``rest`` (and so stops its workers)."""
    yield from first
    yield from rest


#: a partial index is refreshed at most this often, and only when it has grown by a quarter
#: (so a 100,000-story run copies its index a few dozen times, not once a story)
CHECKPOINT_SECONDS = 1.0
CHECKPOINT_GROWTH = 1.25


def collect(
    outcomes: Iterable[Outcome],
    folder: Path,
    header: dict[str, object],
    total: int,
    progress: Callable[[int], Progress | None] | None = None,
) -> BatchReport:
    """Write each outcome's files as it arrives, tally it, and keep index.json in step.

    Only this process writes, in job order, so at any moment the files on disk are those
    of the run's first stories plus the untouched files of earlier runs. If the folder had
    an index.json, it is replaced by a partial one (``complete: false``, listing the stories
    finished so far) before the run changes its first file, and refreshed as the run goes;
    the complete index replaces it at the end. A first run into a folder without an index
    writes index.json only at the end. Nothing is held per story.
    """
    report = BatchReport(out=folder)
    tick = progress(total) if progress else None
    with locked(folder) as lock_ok:
        if not lock_ok:
            report.warnings.append(f"{folder}: the file system cannot lock files; make sure no other batch writes here")
        had_index = (folder / INDEX_NAME).exists()
        index = _Index(folder, header)
        try:
            for outcome in outcomes:
                if outcome.writes:
                    if had_index and not index.partial:  # the old index goes before the first file changes
                        index.checkpoint(report)
                    try:
                        outcome = commit(outcome)
                    except OutputError:
                        with contextlib.suppress(NewsgenError):
                            if index.partial:  # list what was finished, if the disk still lets us
                                index.checkpoint(report)
                        raise
                report.add(outcome)
                index.add(outcome)
                if index.partial and index.due():
                    index.checkpoint(report)
                if tick:
                    tick(1)
            report.index_written = index.finish(report)
        except BaseException:
            index.abort()
            _close(outcomes)
            raise
    return report


class _Index:
    """The run's IndexWriter, its checkpoints, and a disk's refusal reported as OutputError."""

    def __init__(self, folder: Path, header: dict[str, object]) -> None:
        self.path = folder / INDEX_NAME
        self.partial = False  # index.json is this run's partial index
        self._last_time, self._last_entries = 0.0, 0
        try:
            self.writer = IndexWriter(folder, header)
        except OSError as exc:
            raise output_error(self.path, exc) from None

    @staticmethod
    def _failed(report: BatchReport) -> list[dict[str, str]]:
        return [{"name": name, "reason": reason} for name, reason in report.failed]

    def add(self, outcome: Outcome) -> None:
        if outcome.entry is not None:
            try:
                self.writer.add(outcome.entry)
            except OSError as exc:
                raise output_error(self.path, exc) from None

    def due(self) -> bool:
        return (
            self.writer.entries >= self._last_entries * CHECKPOINT_GROWTH
            and time.monotonic() - self._last_time >= CHECKPOINT_SECONDS
        )

    def checkpoint(self, report: BatchReport) -> None:
        try:
            self.writer.checkpoint(self._failed(report))
        except OSError as exc:
            raise output_error(self.path, exc) from None
        self.partial = True
        self._last_time, self._last_entries = time.monotonic(), self.writer.entries

    def finish(self, report: BatchReport) -> bool:
        try:
            return self.writer.finish(self._failed(report))
        except OSError as exc:
            raise output_error(self.path, exc) from None

    def abort(self) -> None:
        self.writer.abort()


def _close(outcomes: Iterable[Outcome]) -> None:
    """Stop a generator of outcomes now: its worker pool is terminated on the way out."""
    close = getattr(outcomes, "close", None)
    if close is not None:
        close()
