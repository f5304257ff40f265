"""Options and error handling shared by the commands."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from newsgen.errors import NewsgenError, RequestError

F = TypeVar("F", bound=Callable[..., Any])

_results = click.option(
    "--results",
    type=click.Path(allow_dash=True),
    default=None,
    envvar="NEWSGEN_RESULTS",
    show_envvar=True,
    shell_complete=lambda ctx, param, incomplete: _complete("results", ctx, param, incomplete),
    help="Results file, recognised by its content: Commons Library candidate CSV (default: the "
    "bundled 2024 results; the bundled 2010-2019 files work too), a council's LGA-standard CSV, or "
    "Democracy Club result sets (JSON or CSV), or PA feed XML (a file, or the folder PA's files arrive in). "
    "'-' reads it from standard input; a bundled file by name: ge2010, ge2015, ge2017, ge2019, ge2024, "
    "trafford, democracy-club-2021, pa-samples, declaration-example.",
)


def _complete(what: str, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Completion, imported only when the shell asks (see newsgen.cli.completion)."""
    from newsgen.cli import completion

    return getattr(completion, f"complete_{what}")(ctx, param, incomplete)


def complete_seats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Seat names for the shell (newsgen.cli.completion, imported only when the shell asks)."""
    return _complete("seats", ctx, param, incomplete)


def _remember_election(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    ctx.meta["newsgen.election"] = value
    return value


_election = click.option(
    "--election",
    default=None,
    expose_value=False,
    callback=_remember_election,
    envvar="NEWSGEN_ELECTION",
    show_envvar=True,
    metavar="DATE|ID",
    help="Which election of a file that holds several (a council's file: every year since it began): "
    "its polling date (2024-05-02) or id (local.trafford.2024-05-02). Default: the latest.",
)


def results_option(fn: F) -> F:
    """``--results FILE`` and ``--election DATE|ID`` (read by :func:`load_dataset`)."""
    return _results(_election(fn))


context_option = click.option(
    "--context",
    "context_file",
    type=click.Path(dir_okay=False),
    default=None,
    envvar="NEWSGEN_CONTEXT",
    show_envvar=True,
    help="Newsroom context file (YAML or JSON): notable candidates, quotes, areas, predecessor seats.",
)
templates_option = click.option(
    "--templates",
    type=click.Path(file_okay=False),
    default=None,
    envvar="NEWSGEN_TEMPLATES",
    show_envvar=True,
    help="A folder of newsroom templates that override the bundled ones (run in Jinja's sandbox).",
)


def _style_choices() -> list[str]:
    from newsgen.render.style import STYLES

    return list(STYLES)


_style = click.option(
    "--style",
    type=click.Choice(_style_choices()),
    default=None,
    envvar="NEWSGEN_STYLE",
    show_envvar=True,
    help="House style (default: local, or the editor's saved choice for the story).",
)
_lead = click.option(
    "--lead",
    default=None,
    envvar="NEWSGEN_LEAD",
    show_envvar=True,
    shell_complete=lambda ctx, param, incomplete: _complete("angles", ctx, param, incomplete),
    help="Lead on this angle (an angle id; `newsgen angles SEAT` lists those that fire). "
    "Over many stories, it leads those where it fires.",
)
_drop = click.option(
    "--drop",
    multiple=True,
    envvar="NEWSGEN_DROP",
    show_envvar=True,
    shell_complete=lambda ctx, param, incomplete: _complete("angles", ctx, param, incomplete),
    help="Leave this angle out (an angle id; repeatable; in the environment, space-separated). "
    "Unknown ids are refused.",
)

DB_HELP = (
    "Editors' choices database from `newsgen serve` (read, never written): each story's approved "
    "lead, drops and style win over --style/--lead/--drop from newsgen.toml or the environment. "
    "A missing file is an error, not an empty database."
)


def db_option(default: str | None = None, help: str = DB_HELP) -> Callable[[F], F]:
    """``--db FILE`` (``NEWSGEN_DB``): the editors' choices database."""
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        default=default,
        show_default=default is not None,
        envvar="NEWSGEN_DB",
        show_envvar=True,
        help=help,
    )


def story_options(fn: F) -> F:
    """The options every story-writing command shares (story, batch, watch, serve, facts):
    --context, --templates, --style, --lead, --drop (--db is :func:`db_option`; config file
    and environment defaults come with :data:`newsgen.cli.defaults.config_option`)."""
    for option in reversed((context_option, templates_option, _style, _lead, _drop)):
        fn = option(fn)
    return fn


def story_choices(ctx: click.Context, style: str | None, lead: str | None, drop: tuple[str, ...]) -> Any:
    """Split --style/--lead/--drop by where they came from: ``(explicit, defaults)``.

    Typed on the command line they are explicit (they win over an editor's saved choice);
    from newsgen.toml or the environment they are the newsroom's defaults (a saved choice
    wins over them, and a default lead is used only where it fires)."""
    from newsgen.options import StoryOptions

    def typed(name: str) -> bool:
        return ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE

    explicit = StoryOptions(
        style if typed("style") else None, lead if typed("lead") else None, drop if typed("drop") else ()
    )
    defaults = StoryOptions(
        None if typed("style") else style, None if typed("lead") else lead, () if typed("drop") else drop
    )
    return explicit, defaults


def format_names() -> list[str]:
    """Every output format this install has (the registry's, optional ones included)."""
    from newsgen.outputs import names

    return names()


def handle_errors(fn: F) -> F:
    """Print a NewsgenError as a message (traceback only with --debug) and exit with its code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsgenError as exc:
            report_error(exc)

    return wrapper  # type: ignore[return-value]


def report_error(exc: NewsgenError) -> None:
    """``Error: ...`` on stderr (the traceback too with --debug); exit with the error's code."""
    ctx = click.get_current_context(silent=True)
    debug = bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("debug"))
    if debug:
        traceback.print_exc()
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


def load_dataset(
    results: str | None,
    context_file: str | None,
    templates: str | None = None,
    only: list[str] | None = None,
    warn: bool = False,
) -> Any:
    """Load the results and context; with ``warn``, print the loader's warnings on stderr.

    The context's names are checked against the results (by the Dataset): a seat
    that is not in them stops the command, a candidate who is not standing is a warning."""
    from newsgen.context import load_context
    from newsgen.pipeline import Dataset

    check_templates(templates)
    context = load_context(context_file) if context_file else None
    ctx = click.get_current_context(silent=True)
    election = ctx.meta.get("newsgen.election") if ctx else None
    dataset = Dataset(stdin_results(results), context=context, templates=templates, only=only, election=election)
    if warn:
        from newsgen.cli import notices

        notices.show(dataset.loaded.warnings, dataset.results_path)
    for warning in dataset.context_warnings:  # the Dataset checked the context against the results
        click.echo(f"Warning: {warning}", err=True)
    return dataset


def stdin_results(results: str | None) -> str | None:
    """``-`` (results on standard input) as a file the readers can recognise and read: the
    input is copied once to a temporary file, removed when the process ends. A bundled name
    (``ge2019``, ``trafford``: see ``newsgen.resources.NAMED``) stands for its file, unless a
    file of that name is in the working folder."""
    if results is not None and results != "-" and not Path(results).exists():
        from newsgen.resources import named_results

        named = named_results(results)
        if named is not None:
            return str(named)
    if results != "-":
        return results
    import atexit
    import os
    import tempfile

    data = sys.stdin.buffer.read()
    if not data.strip():
        raise NewsgenError("no results on standard input", hint="pipe a results file in, or pass --results FILE")
    fd, path = tempfile.mkstemp(prefix="newsgen-stdin-", suffix=".results")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    atexit.register(lambda: os.path.exists(path) and os.unlink(path))
    return path


def check_paths(*, db: str | None = None, templates: str | None = None) -> None:
    """Refuse a --db or --templates path that would otherwise be silently ignored or replaced:
    a missing choices database (it would be created empty, the editors' approvals unread),
    or one that is damaged or not newsgen's; a templates folder that is not there."""
    check_templates(templates)
    if db is not None:
        from newsgen.choices import ChoiceStore

        ChoiceStore(db, create=False).check()


def check_templates(templates: str | None) -> None:
    """A --templates path must be a folder: jinja2 silently finds nothing in a missing one."""
    from newsgen.arguments import templates_folder

    templates_folder(templates, name="--templates")


def check_angle_ids(lead: str | None, dropped: Iterable[str] = ()) -> None:
    """Refuse a --lead or --drop that names no angle at all (a mistyped --drop was ignored)."""
    dropped = tuple(dropped)
    if lead is None and not dropped:
        return  # nothing to check: the angle modules (council ones too) stay unimported
    from newsgen.arguments import angle_hint, known_angles

    known = known_angles()
    for option, angle in [("--lead", lead), *(("--drop", d) for d in dropped)]:
        if angle is not None and angle not in known:
            raise RequestError(
                f"{option} {angle!r}: there is no angle with that id",
                hint=f"{angle_hint(angle, known)} (`newsgen angles SEAT` lists those that fire)",
            )
