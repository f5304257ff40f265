"""``newsgen story``: one seat's story, or an area story for several."""

from __future__ import annotations

import click

from newsgen.cli.common import (
    check_angle_ids,
    check_paths,
    context_option,
    handle_errors,
    load_dataset,
    results_option,
    templates_option,
)
from newsgen.render.style import STYLES

FORMAT_CHOICES = ["md", "txt", "html", "json", "ninjs", "ninjs2"]


@click.command("story")
@click.argument("seats", nargs=-1, required=True)
@results_option
@context_option
@templates_option
@click.option(
    "--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="md", show_default=True, help="Output format."
)
@click.option(
    "--style",
    type=click.Choice(list(STYLES)),
    default=None,
    help="House style (default: local, or the editor's saved choice).",
)
@click.option(
    "--lead", default=None, help="Make this angle the lead (an angle id; `newsgen angles SEAT` lists those that fire)."
)
@click.option("--drop", multiple=True, help="Leave this angle out (an angle id; repeatable). Unknown ids are refused.")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="Editors' choices database from `newsgen serve` (read, never written). "
    "A missing file is an error, not an empty database.",
)
@handle_errors
def command(
    seats: tuple[str, ...],
    results: str | None,
    context_file: str | None,
    templates: str | None,
    fmt: str,
    style: str | None,
    lead: str | None,
    drop: tuple[str, ...],
    db: str | None,
) -> None:
    """Write the story for SEAT; several SEATs make one area story.

    \b
    Examples:
      newsgen story "North Herefordshire"
      newsgen story "Southend West and Leigh" "Southend East and Rochford" \\
          --context fixtures/southend-context.yaml --format html
    """
    from newsgen.outputs import render

    check_angle_ids(lead, drop)
    check_paths(db=db, templates=templates)
    dataset = load_dataset(results, context_file, templates, only=list(seats), warn=True)
    story = dataset.story(list(seats), style=style, lead=lead, dropped=drop, choices_db=db)
    click.echo(render(story, fmt), nl=False)
