"""``newsgen angles``: the ranked angles for a story, lead first, with scores and reasons."""

from __future__ import annotations

import json

import click

from newsgen.cli.common import complete_seats, context_option, handle_errors, load_dataset, results_option


@click.command("angles")
@click.argument("seats", nargs=-1, required=True, shell_complete=complete_seats)
@results_option
@context_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"seats": [...], "angles": [{"id", "score", "reason", "evidence"}, ...]}.',
)
@handle_errors
def command(seats: tuple[str, ...], results: str | None, context_file: str | None, as_json: bool) -> None:
    """List the angles that fire for SEAT (or an area of several SEATs), lead first."""
    dataset = load_dataset(results, context_file, only=list(seats), warn=True)
    facts, ranked, _, _ = dataset.angles(list(seats))
    names = [f.seat_name for f in facts]
    if as_json:
        payload = {
            "seats": names,
            "angles": [
                {"id": a.id, "score": a.score, "reason": a.reason, "evidence": a.evidence, "seats": list(a.seats)}
                for a in ranked
            ],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(" + ".join(names))
    for i, a in enumerate(ranked):
        marker = "lead" if i == 0 else f"{i + 1:>4}"
        where = f" [{', '.join(a.seats)}]" if len(names) > 1 else ""
        click.echo(f"{marker:>4}  {a.score:>3}  {a.id:<20} {a.reason}{where}")
