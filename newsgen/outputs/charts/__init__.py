"""Results charts: a story's figures as an accessible SVG bar chart.

:mod:`~newsgen.outputs.charts.model` takes what a chart shows from the Story (its result
tables, or a council's seats); :mod:`~newsgen.outputs.charts.svg` draws it;
:mod:`~newsgen.outputs.charts.colours` holds the party colours. The ``svg`` output format
is :func:`to_svg`; the HTML story and the preview put :func:`inline_charts` in the page.
"""

from __future__ import annotations

from markupsafe import Markup

from newsgen.errors import NewsgenError
from newsgen.outputs.charts.model import Chart, combined, story_charts
from newsgen.outputs.charts.svg import render_svg
from newsgen.story import Story

__all__ = ["Chart", "inline_charts", "story_charts", "to_svg"]


def to_svg(story: Story) -> str:
    """The ``svg`` format: the story's chart as an SVG file (an area's seats one below another)."""
    chart = combined(story)
    if chart is None:
        raise NewsgenError(
            f"{story.seats[0] if story.seats else story.id}: no results to chart",
            hint="leave svg out of --format for this story",
        )
    return render_svg(chart)


def inline_charts(story: Story) -> list[tuple[Chart, Markup]]:
    """Each of the story's charts with its SVG for an HTML page (marked safe: every piece of
    data in it is escaped by the SVG writer)."""
    return [(c, Markup(render_svg(c, standalone=False))) for c in story_charts(story)]
