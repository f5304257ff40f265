"""``newsgen seats``: the seats (or wards and councils) in a results file."""

from __future__ import annotations

import click

from newsgen.cli.common import handle_errors, load_dataset, results_option


@click.command("seats")
@results_option
@click.option("--ids", is_flag=True, help="Show each seat's GSS code too.")
@click.option(
    "--warnings",
    "show_warnings",
    is_flag=True,
    help="Also list every warning about the file on stderr (those about the bundled data are otherwise shown once).",
)
@handle_errors
def command(results: str | None, ids: bool, show_warnings: bool) -> None:
    """List the stories a results file gives, one a line: its seats, or a council election's
    wards and then its councils (each council has a story of its own)."""
    dataset = load_dataset(results, None)
    for warning in dataset.loaded.warnings if show_warnings else ():
        click.echo(f"Warning: {warning}", err=True)
    for contest in dataset.election.contests:
        click.echo(f"{contest.seat_id}\t{contest.name}" if ids else contest.name)
    if dataset.local is not None and dataset.election.kind == "local":
        for council in dataset.election.councils:
            click.echo(f"{council.id}\t{council.name}" if ids else council.name)
    for seat, problems in dataset.loaded.rejected.items():
        click.echo(f"skipped {seat}: {problems[0]}", err=True)
