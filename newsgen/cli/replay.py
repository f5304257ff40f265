"""``newsgen replay RESULTS --to INBOX``: play an election into a folder as PA's files."""

from __future__ import annotations

import click

from newsgen.cli.common import handle_errors, load_dataset


@click.command("replay")
@click.argument("results")
@click.option(
    "--to", "inbox", type=click.Path(file_okay=False), required=True, help="The folder to write PA's files into."
)
@click.option(
    "--speed",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="N times faster than the real gaps between declarations (where the file has their times); 0: no waiting.",
)
@click.option("--election", default=None, metavar="DATE|ID", help="Which election of a file that holds several.")
@handle_errors
def command(results: str, inbox: str, speed: float, election: str | None) -> None:
    """Write one PA result message per seat of RESULTS (a results file, or a bundled one by
    name: ge2024, ge2019, ...) into INBOX, in declaration order (the
    file's order where it has no declaration times), each file appearing whole: a rehearsal
    for the night, and test input for the PA reader.

    \b
    Examples:
      newsgen replay fixtures/ge2024/candidate-level-results-general-election-04-07-2024.csv --to inbox/
      newsgen batch --results inbox/ --out stories/
    """
    from newsgen.live.replay import replay

    ctx = click.get_current_context()
    ctx.meta["newsgen.election"] = election
    dataset = load_dataset(results, None)
    written = replay(dataset.election, inbox, speed=speed)
    click.echo(f"{len(written)} result files written to {inbox}", err=True)
