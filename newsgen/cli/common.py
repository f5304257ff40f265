"""Options and error handling shared by the commands."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
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
    """Load the results and context; with ``warn``, print the loader's warnings on stderr."""
    from newsgen.context import load_context
    from newsgen.pipeline import Dataset

    context = load_context(context_file) if context_file else None
    dataset = Dataset(results, context=context, templates=templates, only=only)
    for warning in dataset.loaded.warnings if warn else ():
        click.echo(f"Warning: {warning}", err=True)
    return dataset
