"""One unit of batch work: a story (a seat, or a context area), rendered in every format.

A job's files are named by its slug; a file is rewritten only when its bytes change.
ninjs files carry a version number and times: an unchanged story keeps the ones on
disk, a changed one gets the next version and the run's time.

A job (in a worker process or not) renders and compares, and hands back the files that
changed; the batch's one parent process writes them (:func:`commit`), in job order, and
keeps index.json in step. So what is on disk after any interruption is a prefix of the
run, which the index can describe exactly, and a full disk stops the run in one place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgen.batch.files import FOLDER_ERRORS, output_error, read_bytes, write_atomic
from newsgen.errors import NewsgenError
from newsgen.options import NONE as NO_OPTIONS
from newsgen.options import StoryOptions

if TYPE_CHECKING:
    from newsgen.pipeline import Dataset
    from newsgen.story import Story

WRITTEN, UNCHANGED, FAILED = "written", "unchanged", "failed"

#: with ``jobs=None`` (the CLI's ``--jobs auto``), batches this big fork one worker per core
AUTO_MIN_STORIES = 100
MAX_AUTO_WORKERS = 8


def worker_count(requested: int | None, stories: int) -> int:
    """Worker processes for a batch: ``requested``, or for ``None`` one per CPU core when
    the batch is big enough to repay forking (a handful of stories is faster in one)."""
    if requested is not None:
        return max(1, requested)
    if stories < AUTO_MIN_STORIES:
        return 1
    return max(1, min(cpu_cores(), MAX_AUTO_WORKERS))


def cpu_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, where known)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class Job:
    kind: str  # "seat" or "area"
    name: str  # the seat's name, or the area's name in the context file
    seats: tuple[str, ...]
    slug: str


@dataclass(slots=True)
class Outcome:
    job: Job
    status: str  # WRITTEN, UNCHANGED or FAILED
    reason: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # format -> file name
    updated: bool = False  # an existing story was rewritten (not a new one)
    entry: dict[str, Any] | None = None  # this story's line in index.json
    warnings: tuple[str, ...] = ()  # the loader's warnings about this story's rows (streamed runs)
    #: (path, bytes) of each file that differs from the disk: written by :func:`commit`
    writes: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    """What every job of a run shares; picklable, so workers get the same."""

    out: Path
    formats: tuple[str, ...]
    now: str  # RFC 3339: versioncreated for ninjs files changed in this run
    choices_db: str | None = None
    #: the file names in ``out`` when the run began (None: unknown, so look before writing)
    existing: frozenset[str] | None = None
    #: the run's style, lead and dropped angles, under each story's saved choice
    options: StoryOptions = NO_OPTIONS
    #: record where each figure came from: only when a format prints it (json)
    provenance: bool = field(init=False)

    def __post_init__(self) -> None:
        from newsgen.outputs import needs_provenance

        object.__setattr__(self, "provenance", needs_provenance(self.formats))


def failure(job: Job, reason: str) -> Outcome:
    return Outcome(job, FAILED, reason=reason)


def run_job(dataset: Dataset, job: Job, settings: Settings) -> Outcome:
    """Render one story in every format, with the files to write (see :func:`commit`);
    never raises for a problem with this story's data."""
    try:
        story = dataset.story(
            list(job.seats), choices_db=settings.choices_db, provenance=settings.provenance, defaults=settings.options
        )
    except NewsgenError as exc:
        return failure(job, str(exc).splitlines()[0])
    except Exception as exc:  # a bug, but one seat must not stop the batch
        return failure(job, f"internal error: {type(exc).__name__}: {exc}")
    try:
        return story_outcome(story, job, settings)
    except OSError as exc:  # reading the story's earlier files
        return failure(job, f"cannot read the earlier files: {exc}")
    except Exception as exc:
        return failure(job, f"internal error while writing: {type(exc).__name__}: {exc}")


def render_formats(story: Story, job: Job, settings: Settings) -> list[tuple[str, str, str, bytes, bytes | None]]:
    """(format, file name, path, new bytes, bytes on disk) for each format."""
    from newsgen.outputs import get_formatter
    from newsgen.outputs.ninjs import VERSIONED, ItemVersion, first_version, read_version

    out = []
    folder = os.fspath(settings.out)
    for fmt in settings.formats:
        fn, ext = get_formatter(fmt)
        name = f"{job.slug}.{ext}"
        path = os.path.join(folder, name)
        known_new = settings.existing is not None and name not in settings.existing
        old = None if known_new else read_bytes(path)
        if fmt in VERSIONED:
            versioned = VERSIONED[fmt]
            prev = read_version(old.decode("utf-8", "replace")) if old is not None else None
            data = versioned(story, prev or first_version(settings.now)).encode()
            if prev is not None and data != old:
                data = versioned(story, ItemVersion(prev.version + 1, prev.firstcreated, settings.now)).encode()
        else:
            data = fn(story).encode()
        out.append((fmt, name, path, data, old))
    return out


def story_outcome(story: Story, job: Job, settings: Settings) -> Outcome:
    files: dict[str, str] = {}
    writes: list[tuple[str, bytes]] = []
    existed = False
    for fmt, name, path, data, old in render_formats(story, job, settings):
        files[fmt] = name
        existed = existed or old is not None
        if data != old:
            writes.append((path, data))
    lead = next((a for a in story.angles if a.get("id") == story.lead), {})
    entry = {
        "id": story.id,
        "kind": story.kind,
        "name": job.name,
        "slug": job.slug,
        "seats": list(story.seats),
        "seat_ids": list(story.seat_ids),
        "headline": story.headline,
        "lead": {"id": story.lead, "reason": lead.get("reason", "")},
        "files": files,
    }
    status = WRITTEN if writes else UNCHANGED
    return Outcome(job, status, files=files, updated=bool(writes) and existed, entry=entry, writes=tuple(writes))


def commit(outcome: Outcome) -> Outcome:
    """Write an outcome's changed files (each atomically), in the batch's parent process.

    A problem with the folder or the disk (full, over quota, read-only, no permission)
    raises :class:`~newsgen.errors.OutputError`: the run stops there. Any other
    problem with one file (a name the file system refuses, a folder in the way) fails
    this story alone.
    """
    if not outcome.writes:
        return outcome
    for path, data in outcome.writes:
        try:
            write_atomic(path, data)
        except OSError as exc:
            if exc.errno in FOLDER_ERRORS:
                raise output_error(path, exc) from None
            return failure(outcome.job, f"cannot write {os.path.basename(path)}: {exc.strerror or exc}")
    outcome.writes = ()
    return outcome
