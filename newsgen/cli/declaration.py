"""``newsgen declaration new SEAT``: a blank declaration to fill in at the count."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from newsgen.cli.common import handle_errors, load_dataset, results_option
from newsgen.errors import RequestError


@click.group("declaration")
def command() -> None:
    """Results typed at the count: a YAML file per contest that every command reads with
    --results (see fixtures/declaration-example.yaml)."""


@command.command("new")
@click.argument("seat")
@results_option
@click.option(
    "--type",
    "kind",
    type=click.Choice(["general", "by-election", "local", "local by-election"]),
    default=None,
    help="The election (default: a by-election for a seat, a local by-election for a ward).",
)
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD", help="Polling day (default: today).")
@click.option("--body", default=None, help='Who is elected: the council\'s name, or "House of Commons".')
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write it here (default: standard output).")
@handle_errors
def new(seat: str, results: str | None, kind: str | None, date: str | None, body: str | None, out: str | None) -> None:
    """Write a blank declaration for SEAT (a constituency or ward), its candidates filled in
    from --results where that file has the seat (their last contest there), figures blank.

    \b
    Examples:
      newsgen declaration new "Runcorn and Helsby" --out runcorn.yaml
      newsgen declaration new Hale --election 2026-05-07 --out hale.yaml \\
        --results fixtures/local/trafford/trafford_council_election_results.csv
    """
    from newsgen.readers.declaration import blank

    dataset = load_dataset(results, None)
    people: list[tuple[str, str]] = []
    contest = next((c for c in dataset.election.contests if c.name.lower() == seat.lower()), None)
    if contest is not None:
        seat = contest.name
        people = [(c.name, c.party.name if c.party else "Independent") for c in contest.candidates]
    local = dataset.election.local
    council = dataset.election.councils[0].name if local and dataset.election.councils else None
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        raise RequestError(f"--date {date!r} is not a date", hint="write it as YYYY-MM-DD") from None
    text = blank(
        seat,
        kind=kind or ("local by-election" if local else "by-election"),
        body=body or council or "House of Commons",
        date=day,
        candidates=people,
    )
    if out is None:
        sys.stdout.write(text)
        return
    Path(out).write_text(text, encoding="utf-8")
    click.echo(f"wrote {out}: fill in the votes (and who was elected), then newsgen story --results {out}", err=True)
