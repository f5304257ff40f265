"""``newsgen seats``: the seats in a results file."""

from __future__ import annotations

import click

from newsgen.cli.common import handle_errors, results_option


@click.command("seats")
@results_option
@click.option("--ids", is_flag=True, help="Show each seat's GSS code too.")
@handle_errors
def command(results: str | None, ids: bool) -> None:
    """List the seats in the results, one a line."""
    from newsgen.pipeline import Dataset

    dataset = Dataset(results)
    for contest in dataset.election.contests:
        click.echo(f"{contest.seat_id}\t{contest.name}" if ids else contest.name)
    for seat, problems in dataset.loaded.rejected.items():
        click.echo(f"skipped {seat}: {problems[0]}", err=True)
