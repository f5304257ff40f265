"""``newsgen serve``: the editors' preview in a browser, with choices saved to SQLite."""

from __future__ import annotations

from pathlib import Path

import click

from newsgen.choices import DEFAULT_DB, ChoiceStore
from newsgen.cli.common import (
    check_angle_ids,
    check_templates,
    db_option,
    handle_errors,
    load_dataset,
    results_option,
    story_options,
)
from newsgen.errors import ChoicesDbError, NewsgenError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def allowed_hosts(host: str) -> list[str] | None:
    """The Host headers the preview answers when listening on ``host`` (None: the loopback
    names only; every address when listening on all of them)."""
    if host in LOOPBACK:
        return None
    if host in ("0.0.0.0", "::"):
        return ["*"]
    return [host, *LOOPBACK]


@click.command("serve")
@results_option
@story_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@db_option(
    DEFAULT_DB,
    help="Editors' choices database (SQLite). A missing file is created empty, with a warning saying so; "
    "a file that is not a newsgen choices database is refused, never changed. "
    "Give the same file to `newsgen story/batch/watch --db`, which refuse a missing one.",
)
@handle_errors
def command(
    results: str | None,
    context_file: str | None,
    templates: str | None,
    style: str | None,
    lead: str | None,
    drop: tuple[str, ...],
    host: str,
    port: int,
    db: str,
) -> None:
    """Open the editors' preview: every seat's story, why it leads where it does, and controls
    to choose another lead, drop angles, switch style and approve. --style, --lead and --drop
    are the newsroom's defaults for every story, as in `newsgen batch`; an approved choice wins.

    \b
    Examples:
      newsgen serve
      newsgen serve --context fixtures/southend-context.yaml --db election-night.sqlite3
    """
    try:
        import uvicorn

        from newsgen.serve import create_app
    except ImportError as exc:
        raise NewsgenError(
            f"newsgen serve needs the 'serve' extra ({exc.name} is not installed)",
            hint="pip install 'newsgen[serve]'",
        ) from None

    check_angle_ids(lead, drop)
    check_templates(templates)
    _check_port(host, port)  # before the data loads: a busy port is said at once
    new = not Path(db).exists()
    if new:
        if not Path(db).absolute().parent.is_dir():
            raise ChoicesDbError(
                f"cannot create the choices database {db}: folder {Path(db).parent} does not exist",
                hint="create the folder or give another --db path",
            )
    else:
        ChoiceStore(db).check()  # a damaged or foreign file stops here, before the data loads
    dataset = load_dataset(results, context_file, templates)
    if new:
        click.echo(
            f"Warning: {db} does not exist: starting a new, empty choices database "
            "(to keep earlier approvals, give --db the file they were saved in)",
            err=True,
        )
    if host not in LOOPBACK:
        click.echo(f"Warning: listening on {host}; anyone who can reach it can approve stories.", err=True)
    from newsgen.options import StoryOptions

    app = create_app(dataset, db, allowed_hosts=allowed_hosts(host), defaults=StoryOptions(style, lead, tuple(drop)))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsgen preview on http://{shown}:{port}/  (choices in {db}; Ctrl+C to stop)", err=True)
    from newsgen.batch.runner import frozen_heap

    # what was loaded (results, baselines, libraries) stays for the server's life: out of the
    # cyclic collector's walks, as a batch and the watcher keep it, so that a full collection
    # between two requests does not walk the whole election
    with frozen_heap():
        uvicorn.run(app, host=host, port=port, log_level="warning")


def _check_port(host: str, port: int) -> None:
    """Refuse a port something else is listening on, naming it and saying what to do."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise NewsgenError(
                    f"port {port} on {host} is in use (another preview, or another program)",
                    hint=f"choose another with --port, e.g. --port {port + 1}",
                ) from None
            raise NewsgenError(
                f"cannot listen on {host}:{port} ({exc.strerror})", hint="check --host and --port"
            ) from None
