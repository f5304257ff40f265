"""Options and error handling shared by the commands."""

from __future__ import annotations

import difflib
import functools
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from newsgen.errors import NewsgenError

F = TypeVar("F", bound=Callable[..., Any])

results_option = click.option(
    "--results",
    type=click.Path(dir_okay=False),
    default=None,
    help="Commons Library candidate-level results CSV (default: the bundled 2024 results). "
    "The bundled 2010-2019 files work too; their baseline is the previous general election.",
)
context_option = click.option(
    "--context",
    "context_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Newsroom context file (YAML or JSON): notable candidates, quotes, areas, predecessor seats.",
)
templates_option = click.option(
    "--templates",
    type=click.Path(file_okay=False),
    default=None,
    help="A folder of newsroom templates that override the bundled ones (run in Jinja's sandbox).",
)


def handle_errors(fn: F) -> F:
    """Print a NewsgenError as a message (traceback only with --debug); exit 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsgenError as exc:
            ctx = click.get_current_context(silent=True)
            debug = bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("debug"))
            if debug:
                traceback.print_exc()
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def load_dataset(
    results: str | None,
    context_file: str | None,
    templates: str | None = None,
    only: list[str] | None = None,
    warn: bool = False,
) -> Any:
    """Load the results and context; with ``warn``, print the loader's warnings on stderr.

    The context's names are checked against the results (:func:`check_context`): a seat
    that is not in them stops the command, a candidate who is not standing is a warning."""
    from newsgen.context import load_context
    from newsgen.pipeline import Dataset

    check_templates(templates)
    context = load_context(context_file) if context_file else None
    dataset = Dataset(results, context=context, templates=templates, only=only)
    for warning in dataset.loaded.warnings if warn else ():
        click.echo(f"Warning: {warning}", err=True)
    if context is not None:
        check_context(dataset)
    return dataset


def check_context(dataset: Any) -> None:
    """Raise ContextError for a seat the context file names that the results do not have;
    print a warning for each candidate it names who is not standing."""
    candidates = {c.name: [x.name for x in c.candidates] for c in dataset.election.contests}
    warnings = dataset.context.check_against(dataset.loaded.all_seats, candidates, results=dataset.results_path.name)
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)


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
    if templates is None:
        return
    path = Path(templates)
    if not path.exists():
        raise NewsgenError(
            f"{templates}: templates folder not found",
            hint="give the folder that holds your newsroom's .j2 templates (such as lede/hold.j2), "
            "or leave out --templates to use the bundled ones",
        )
    if not path.is_dir():
        raise NewsgenError(
            f"{templates}: is a file, not a folder of templates",
            hint="give the folder that holds it: --templates reads every template under that folder",
        )


def check_angle_ids(lead: str | None, dropped: Iterable[str] = ()) -> None:
    """Refuse a --lead or --drop that names no angle at all (a mistyped --drop was ignored)."""
    from newsgen.angles import ANGLE_IDS

    for option, angle in [("--lead", lead), *(("--drop", d) for d in dropped)]:
        if angle is None or angle in ANGLE_IDS:
            continue
        close = difflib.get_close_matches(angle, ANGLE_IDS, n=2, cutoff=0.6)
        if not close:
            close = [a for a in ANGLE_IDS if angle and angle.lower() in a][:2]
        mean = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        raise NewsgenError(
            f"{option} {angle!r}: there is no angle with that id",
            hint=f"{mean}The angles are: {', '.join(ANGLE_IDS)} (`newsgen angles SEAT` lists those that fire)",
        )
