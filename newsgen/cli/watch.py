"""``newsgen watch INBOX --out DIR``: a story for every PA file as it lands."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click

from newsgen.cli.common import check_angle_ids, check_paths, db_option, format_names, handle_errors, story_options
from newsgen.errors import NewsgenError


@click.command("watch")
@click.argument("inbox", type=click.Path(file_okay=False))
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder to write the stories into.")
@click.option(
    "--format",
    "formats",
    multiple=True,
    default=("md",),
    show_default=True,
    envvar="NEWSGEN_FORMAT",
    show_envvar=True,
    help="Output format(s): " + ", ".join(format_names()) + " (comma-separated, or repeat the option).",
)
@story_options
@db_option(
    help="Editors' choices database from `newsgen serve` (read, never written): a story's approved lead, drops "
    "and style win over --style/--lead/--drop. A missing file is an error, not an empty database."
)
@click.option(
    "--on-story",
    default=None,
    metavar="CMD",
    help="A shell command run for each story written: "
    "its path is in $NEWSGEN_STORY_PATH and its seat in $NEWSGEN_SEAT (push it to the CMS).",
)
@click.option("--once", is_flag=True, help="Read what is in INBOX now, write its stories, and stop.")
@click.option("--polling", is_flag=True, help="Look for new files every 0.3 s instead of using file events.")
@handle_errors
def command(
    inbox: str,
    out: str,
    formats: tuple[str, ...],
    context_file: str | None,
    templates: str | None,
    style: str | None,
    lead: str | None,
    drop: tuple[str, ...],
    db: str | None,
    on_story: str | None,
    once: bool,
    polling: bool,
) -> None:
    """Watch INBOX (PA's drop folder, or where reporters save declarations typed at the count:
    `newsgen declaration new`) and, for every new or corrected result, write its story into
    --out: verified, atomically, with index.json kept current and every story written,
    correction, late file and broken file recorded in --out/watch.log (and shown on a
    terminal). A later revision replaces an earlier one; an older one arriving late changes
    nothing; a PA rush, or a declaration with `status: recount`, writes a holding line and no
    story; a broken or half-copied file is reported and read again when it changes. A write
    the output folder refuses (a full disk) is reported and tried again each second; an
    inbox removed or replaced is waited for and read afresh. One watcher (or batch) writes a
    folder at a time. --on-story runs for at most 60 s a story, and is stopped with the
    watcher. Stop with Ctrl-C (or SIGTERM): it exits cleanly, and a restart rewrites nothing
    unchanged. --style, --lead and --drop apply to every story as in `newsgen batch`.

    \b
    Examples:
      newsgen watch /srv/pa-drop --out stories/ --format md --format ninjs
      newsgen replay fixtures/ge2024/candidate-level-results-general-election-04-07-2024.csv \\
        --to inbox/ --speed 60 & newsgen watch inbox/ --out stories/
    """
    from newsgen.context import EMPTY, load_context
    from newsgen.live.watch import Event, Watcher
    from newsgen.options import StoryOptions

    check_angle_ids(lead, drop)
    check_paths(db=db, templates=templates)
    if not Path(inbox).is_dir():
        raise NewsgenError(
            f"{inbox}: inbox folder not found", hint="give the folder PA's files (or typed declarations) arrive in"
        )
    chatty = sys.stderr.isatty()

    def log(event: Event) -> None:
        if chatty or event.kind in ("broken", "refused", "hook", "unwritten", "inbox"):
            click.echo(event.line(), err=True)

    watcher = Watcher(
        inbox=inbox,  # type: ignore[arg-type]
        out=out,  # type: ignore[arg-type]
        formats=tuple(f for part in formats for f in part.split(",") if f),
        context=load_context(context_file) if context_file else EMPTY,
        templates=templates,
        options=StoryOptions(style, lead, tuple(drop)),
        choices_db=db,
        on_story=on_story,
        log=log,
    )
    from newsgen.batch.files import clean_temporaries, locked

    # one writer per folder, as for newsgen batch: a second watcher (or a batch) would write
    # its own index.json over this one's; and what a killed run left half-written goes
    with locked(watcher.out):
        clean_temporaries(watcher.out)
        if once:
            events = watcher.scan()
            written = sum(1 for e in events if e.written)
            click.echo(
                f"{len(events)} results read, {written} stories written, {len(watcher.broken)} files broken", err=True
            )
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        click.echo(f"watching {inbox} (Ctrl-C to stop)", err=True)
        watcher.run(stop, polling=polling or None)
        click.echo(f"stopped: {len(watcher.results)} results, {len(watcher.broken)} files broken", err=True)
