"""``newsgen story``: one seat's story, or an area story for several."""

from __future__ import annotations

import click

from newsgen.cli.common import (
    check_angle_ids,
    check_paths,
    complete_seats,
    db_option,
    format_names,
    handle_errors,
    load_dataset,
    results_option,
    story_choices,
    story_options,
)


@click.command("story")
@click.argument("seats", nargs=-1, required=True, shell_complete=complete_seats)
@results_option
@story_options
@db_option()
@click.option(
    "--format",
    "fmt",
    default="md",
    show_default=True,
    envvar="NEWSGEN_FORMAT",
    show_envvar=True,
    help="Output format: " + ", ".join(format_names()) + "; several, comma-separated (md,html), with --output.",
)
@click.option(
    "--output",
    type=click.Path(file_okay=False),
    default=None,
    help="Write the story into this folder (SLUG.md, SLUG.html...) instead of to standard output.",
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
    from newsgen.errors import RequestError
    from newsgen.outputs import get_formatter, render

    formats = [f.strip() for f in fmt.split(",") if f.strip()]
    known = format_names()
    bad = [f for f in formats if f not in known]
    if bad or not formats:
        raise RequestError(
            f"--format {fmt!r}: there is no format {bad[0] if bad else ''!r}",
            hint=f"choose from {', '.join(known)}",
        )
    if len(formats) > 1 and output is None:
        raise RequestError(f"--format {fmt}: several formats need a folder to write them into", hint="add --output DIR")
    check_angle_ids(lead, drop)
    check_paths(db=db, templates=templates)
    dataset = load_dataset(results, context_file, templates, only=list(seats), warn=True)
    explicit, defaults = story_choices(click.get_current_context(), style, lead, drop)
    story = dataset.story(
        list(seats),
        style=explicit.style,
        lead=explicit.lead,
        dropped=explicit.dropped,
        choices_db=db,
        defaults=defaults,
    )
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
