"""``newsgen batch``: every seat's story (and the context's area stories) into a folder."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsgen.batch.jobs import AUTO_MIN_STORIES
from newsgen.cli import notices
from newsgen.cli.common import (
    check_angle_ids,
    check_paths,
    db_option,
    format_names,
    handle_errors,
    load_dataset,
    results_option,
    stdin_results,
    story_options,
)
from newsgen.errors import RequestError

if TYPE_CHECKING:
    from newsgen.batch import BatchReport
    from newsgen.options import StoryOptions

#: called with the number of stories; returns the per-story callback
StartProgress = Callable[[int], Callable[[int], None] | None]
DEFAULT_FORMATS = "md"
SHOW_NAMES = 20  # rewritten stories listed by name in the summary


class _Jobs(click.ParamType):
    """``auto`` (None: the library decides from the batch's size) or a number of processes."""

    name = "N|auto"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int | None:
        if value is None or isinstance(value, int):
            return value
        text = str(value).strip().lower()
        if text == "auto":
            return None
        if text.isdigit() and int(text) >= 1:
            return int(text)
        self.fail(f"{value!r} is not a number of processes (1 or more) or 'auto'", param, ctx)


JOBS = _Jobs()


@click.command("batch")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to write the stories into.")
@results_option
@story_options
@db_option(
    help="Editors' choices database from `newsgen serve` (read, never written): each story's approved lead, "
    "drops and style win over the run's --style/--lead/--drop. A missing file is an error, not an empty database."
)
@click.option(
    "--format",
    "formats",
    default=DEFAULT_FORMATS,
    show_default=True,
    envvar="NEWSGEN_FORMAT",
    show_envvar=True,
    help="Comma-separated formats: " + ", ".join(format_names()) + " (ninjs: IPTC ninjs 1.6; ninjs2: 2.2).",
)
@click.option(
    "--only",
    multiple=True,
    help="Select seats (repeatable): gains, holds, region:NAME, country:NAME, party:CODE, @FILE of names, "
    "or a seat/region/country name. Kinds combine as AND, values of one kind as OR.",
)
@click.option(
    "--jobs",
    "-j",
    type=JOBS,
    default="auto",
    show_default=True,
    help=f"Worker processes: a number, or auto (one per CPU core when there are {AUTO_MIN_STORIES}+ stories, "
    "else one). The files are the same whatever the number.",
)
@click.option(
    "--stream",
    is_flag=True,
    help="Read the results file in chunks: memory stays flat for very large files (no --only).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary unless something failed.")
@handle_errors
def command(
    out: str,
    results: str | None,
    context_file: str | None,
    templates: str | None,
    style: str | None,
    lead: str | None,
    drop: tuple[str, ...],
    db: str | None,
    formats: str,
    only: tuple[str, ...],
    jobs: int | None,
    stream: bool,
    quiet: bool,
) -> None:
    """Write one story per seat, and one per area in the context file, in each FORMAT.

    Files are named by the seat's slug (southend-west-and-leigh.md); index.json lists
    every story. A re-run rewrites only the stories whose inputs changed. The exit status
    is 1 when any story failed; the others are still written.

    --style, --lead and --drop apply to every story: an editor's approved choice for a story
    (--db) wins over them, and --lead leads only the stories where that angle fires.

    \b
    Examples:
      newsgen batch --out stories/ --format md,html,json,ninjs
      newsgen batch --out stories/ --context fixtures/southend-context.yaml --only "region:East of England"
      newsgen batch --out stories/ --only gains --jobs 1
      newsgen batch --out bbc/ --style bbc --drop third_place_battle
      newsgen batch --out trafford/ --election 2024-05-02 \
        --results fixtures/local/trafford/trafford_council_election_results.csv
    """
    from newsgen.batch import run_batch
    from newsgen.options import StoryOptions

    check_angle_ids(lead, drop)
    resolved = stdin_results(results) if results and results != "-" else results
    check_paths(db=db, templates=templates)  # before any work: a mistyped path is not an empty database
    options = StoryOptions(style, lead, tuple(drop))
    names = [f.strip() for f in formats.split(",") if f.strip()]
    with contextlib.ExitStack() as stack:
        progress = None if quiet else _progress_bar(stack)
        if stream:
            if only:
                raise RequestError("--only cannot be used with --stream", hint="drop one of them")
            report = _stream(results, context_file, templates, out, names, jobs, db, progress, options)
        else:
            dataset = load_dataset(results, context_file, templates)
            report = run_batch(
                dataset, out, formats=names, only=only, jobs=jobs, choices_db=db, progress=progress, options=options
            )
    notices.show(report.warnings, resolved)
    if not quiet or report.failed:
        click.echo(summary(report))
        if lead:
            stories = report.total - len(report.failed)
            click.echo(f"--lead {lead}: {report.leads[lead]} of {stories} stories lead on it (it fires in those)")
    for name, reason in report.failed:  # on stderr, with the warnings: a script reading stdout sees the summary
        click.echo(f"FAILED {name}: {reason}", err=True)
    if report.failed:
        sys.exit(1)


def _stream(
    results: str | None,
    context_file: str | None,
    templates: str | None,
    out: str,
    formats: list[str],
    jobs: int | None,
    db: str | None,
    progress: StartProgress | None,
    options: StoryOptions,
) -> BatchReport:
    from newsgen import resources
    from newsgen.batch.runner import open_output
    from newsgen.batch.stream import stream_batch
    from newsgen.context import EMPTY, load_context
    from newsgen.readers import detect

    context = load_context(context_file) if context_file else EMPTY
    path = results or resources.bundled(resources.DEFAULT_RESULTS)
    try:
        with open(path, "rb") as fh:
            source = detect(fh.read(8192).decode("utf-8", "replace"))
    except OSError:
        source = "commons_library"  # the reader reports the problem, naming the file
    if source != "commons_library":
        raise RequestError(
            f"--stream reads Commons Library general-election files; {Path(path).name} is a {_SOURCES[source]}",
            hint="drop --stream: a council's file is small enough to read at once",
        )
    # the folder is locked for the whole run
    with open_output(out, formats, choices_db=db, options=options) as settings:
        return stream_batch(
            path, settings.out, settings, context=context, templates=templates, workers=jobs, progress=progress
        )


_SOURCES = {"lga": "council results file (LGA standard)", "democracy_club": "Democracy Club results file"}


def _progress_bar(stack: contextlib.ExitStack) -> StartProgress | None:
    """click's progress bar on an interactive terminal; nothing when piped."""
    if not sys.stderr.isatty():
        return None

    def start(total: int) -> Callable[[int], None]:
        bar = stack.enter_context(click.progressbar(length=total, label="Writing stories", file=sys.stderr))
        return bar.update

    return start


def summary(report: BatchReport) -> str:
    lines = [
        f"{report.total} stories in {report.out}: {report.written} written "
        f"({report.created} new, {len(report.updated)} rewritten), {report.unchanged} unchanged, "
        f"{len(report.failed)} failed"
    ]
    if report.updated:
        shown = ", ".join(report.updated[:SHOW_NAMES])
        more = f" and {len(report.updated) - SHOW_NAMES} more" if len(report.updated) > SHOW_NAMES else ""
        lines.append(f"Rewritten because their inputs changed: {shown}{more}")
    lines.append("index.json " + ("written" if report.index_written else "unchanged"))
    return "\n".join(lines)
