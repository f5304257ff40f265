"""``newsgen variety``: how alike the ledes of a whole batch read."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from newsgen.cli.common import context_option, handle_errors, load_dataset, results_option, templates_option
from newsgen.variety import MAX_ORDER_SHARE, MAX_SHARE, MIN_STORIES, MIN_WORDINGS

if TYPE_CHECKING:
    from newsgen.story import Story


@click.command("variety")
@results_option
@context_option
@templates_option
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="Most common skeletons to list.")
@click.option(
    "--max-share", type=float, default=MAX_SHARE, show_default=True, help="Allowed share (%) of the top skeleton."
)
@click.option("--check", is_flag=True, help="Exit with status 1 when the batch is not varied enough.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@handle_errors
def command(
    results: str | None,
    context_file: str | None,
    templates: str | None,
    top: int,
    max_share: float,
    check: bool,
    as_json: bool,
) -> None:
    """Measure lede and paragraph-order variety across every seat's story.

    A lede's skeleton is its first sentence with names, seats, parties and numbers
    masked. Prints the share of stories whose lede has the most common skeleton (the
    target is at most 5%) and, for each lead angle, how many different wordings its
    ledes use (near-identical skeletons count as one wording), and the share of stories whose
    paragraphs come in the most common order (the target is at most 25%).
    """
    from newsgen.variety import measure

    dataset = load_dataset(results, context_file, templates)

    def stories() -> Iterator[tuple[Story, tuple[str, ...]]]:
        for name in dataset.seat_names:
            plan = dataset.plan(dataset.angles([name]))
            yield dataset.verify(dataset.render(plan), plan, provenance=False), plan.sections

    report = measure(stories(), top=top)
    ok = report.ok(max_share)
    if as_json:
        data = {
            "stories": report.stories,
            "top_share": round(report.top_share, 2),
            "max_share": max_share,
            "ok": ok,
            "top": [{"skeleton": s, "count": c} for s, c in report.top],
            "order_share": round(report.order_share, 2),
            "max_order_share": MAX_ORDER_SHARE,
            "orders": [{"sections": list(o), "count": c} for o, c in report.orders],
            "angles": [
                {
                    "angle": a.angle,
                    "stories": a.stories,
                    "skeletons": a.skeletons,
                    "wordings": a.wordings,
                    "top_share": round(100.0 * a.top_count / a.stories, 1),
                    "top": a.top,
                    "enough_wordings": a.held,
                }
                for a in report.angles
            ],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        verdict = "OK" if report.top_share <= max_share else "TOO HIGH"
        click.echo(
            f"Most common lede skeleton: {report.top[0][1]} of {report.stories} stories "
            f"({report.top_share:.1f}%; limit {max_share:g}%): {verdict}"
        )
        for skeleton, count in report.top:
            click.echo(f"  {count:4d}  {skeleton}")
        verdict = "OK" if report.order_share <= MAX_ORDER_SHARE else "TOO HIGH"
        click.echo(
            f"\nMost common paragraph order: {report.orders[0][1] if report.orders else 0} of {report.stories} stories "
            f"({report.order_share:.1f}%; limit {MAX_ORDER_SHARE:g}%): {verdict}"
        )
        for order, count in report.orders[:top]:
            click.echo(f"  {count:4d}  {' > '.join(order)}")
        click.echo(f"\nLede wordings by lead angle (at least {MIN_WORDINGS} wanted where {MIN_STORIES}+ stories):")
        click.echo(f"  {'angle':<22} {'stories':>7} {'skeletons':>9} {'wordings':>8} {'top share':>9}")
        for a in report.angles:
            flag = "" if a.held else "   <- needs more wordings"
            share = 100.0 * a.top_count / a.stories
            click.echo(f"  {a.angle:<22} {a.stories:>7} {a.skeletons:>9} {a.wordings:>8} {share:>8.0f}%{flag}")
    if check and not ok:
        sys.exit(1)
