"""``newsgen facts``: every contest's facts and ranked angles as JSON lines, JSON or CSV."""

from __future__ import annotations

import sys

import click

from newsgen.cli.common import check_angle_ids, handle_errors, load_dataset, results_option, story_options
from newsgen.cli.completion import complete_seats


@click.command("facts")
@click.argument("seats", nargs=-1, shell_complete=complete_seats)
@results_option
@story_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "csv"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per contest per line, the default because it loads straight into "
    "sqlite-utils (insert --nl) with numbers kept as numbers and lists as JSON columns, and a "
    "line-by-line reader needs no whole-file parse; json: an array of the same objects; csv: one "
    "row per contest, lists and objects as JSON text in their cell.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file (replaced whole, atomically) instead of standard output.",
)
@click.option(
    "--schema",
    type=click.Choice(["facts", "story"]),
    is_flag=False,
    flag_value="facts",
    default=None,
    help="Print the JSON Schema of these records (or, with 'story', of --format json stories) and stop.",
)
@handle_errors
def command(
    seats: tuple[str, ...],
    results: str | None,
    context_file: str | None,
    templates: str | None,
    style: str | None,
    lead: str | None,
    drop: tuple[str, ...],
    fmt: str,
    output: str | None,
    schema: str | None,
) -> None:
    """Write the facts and ranked angles of every contest (or of each SEAT) as data.

    One record per contest: a constituency, a council ward, or a council. Its columns are
    described in docs/facts.md and in the JSON Schema `newsgen facts --schema` prints. A
    contest whose data is bad is reported on standard error (FAILED name: reason) and the
    others are still written; the exit status is then 1.

    --lead and --drop rank the angles as `newsgen batch` would for the same options: --lead
    leads the contests where that angle fires. --style and --templates change no fact or
    angle; they are accepted so that one newsgen.toml serves every command.

    \b
    Examples:
      newsgen facts --output facts.jsonl
      sqlite-utils insert results.db contests facts.jsonl --nl --pk id
      newsgen facts --results trafford --election 2024-05-02 --format csv --output trafford.csv
      newsgen facts "Southend West and Leigh" E14001272 chorley --format json
    """
    if schema is not None:
        from newsgen.schemas import schema_path

        click.echo(schema_path(schema).read_text(encoding="utf-8"), nl=False)
        return
    from newsgen.outputs.facts import check_output, export_facts, serialise, write_output

    check_angle_ids(lead, drop)
    if output is not None:
        check_output(output)  # before loading: a missing folder is found at once
    dataset = load_dataset(results, context_file, templates, only=list(seats) or None, warn=True)
    export = export_facts(dataset, seats, lead=lead, dropped=drop)
    data = serialise(export.records, fmt)
    if output is None:
        click.get_binary_stream("stdout").write(data)
    else:
        write_output(output, data)
        click.echo(f"wrote {len(export.records)} contests to {output}", err=True)
    if lead:
        leading = sum(1 for r in export.records if r["lead"] == lead)
        click.echo(
            f"--lead {lead}: {leading} of {len(export.records)} contests lead on it (it fires in those)", err=True
        )
    for name, reason in export.failed:
        click.echo(f"FAILED {name}: {reason}", err=True)
    if export.failed:
        sys.exit(1)
