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
    "--format",
    "fmt",
    default="md",
    show_default=True,
    help="Output format: " + ", ".join(FORMAT_CHOICES) + "; several, comma-separated (md,html), with --output.",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False),
    default=None,
    help="Write the story into this folder (SLUG.md, SLUG.html...) instead of to standard output.",
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
    output: str | None,
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
      newsgen story Chorley --format md,html,ninjs --output stories/
    """
    from newsgen.errors import NewsgenError
    from newsgen.outputs import get_formatter, render

    formats = [f.strip() for f in fmt.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMAT_CHOICES]
    if bad or not formats:
        raise NewsgenError(
            f"--format {fmt!r}: there is no format {bad[0] if bad else ''!r}",
            hint=f"choose from {', '.join(FORMAT_CHOICES)}",
        )
    if len(formats) > 1 and output is None:
        raise NewsgenError(f"--format {fmt}: several formats need a folder to write them into", hint="add --output DIR")
    check_angle_ids(lead, drop)
    check_paths(db=db, templates=templates)
    dataset = load_dataset(results, context_file, templates, only=list(seats), warn=True)
    story = dataset.story(list(seats), style=style, lead=lead, dropped=drop, choices_db=db)
    if output is None:
        click.echo(render(story, formats[0]), nl=False)
        return
    from pathlib import Path

    from newsgen.batch.files import output_error, write_atomic

    folder = Path(output)
    for name in formats:
        target = folder / f"{story.slug}.{get_formatter(name)[1].lstrip('.')}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(target, render(story, name).encode("utf-8"))
        except OSError as exc:
            raise output_error(target, exc) from None
        click.echo(f"wrote {target}", err=True)
