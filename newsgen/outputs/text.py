"""Markdown, plain text, HTML and JSON renderings of a Story.

The layouts are Jinja templates in ``templates/formats/``; HTML autoescapes everything
that comes from data, and carries the story's results charts as inline SVG
(:mod:`newsgen.outputs.charts`). :func:`html_body` is the HTML layout's body alone (for a CMS).
The JSON follows ``newsgen/schemas/story.schema.json``: it carries its ``schema_version``, and
its percentages are rounded as :mod:`newsgen.facts.published` says.
"""

from __future__ import annotations

import textwrap
from typing import Any

from pydantic_core import to_json as _encode

from newsgen.facts.published import published
from newsgen.render.environment import get_environment
from newsgen.schemas import STORY_SCHEMA_VERSION
from newsgen.story import Story


def _layout(name: str, story: Story, **extra: Any) -> str:
    return get_environment().get_template(f"formats/{name}").render(story=story, **extra).rstrip() + "\n"


def to_markdown(story: Story) -> str:
    return _layout("story.md.j2", story)


def to_text(story: Story) -> str:
    return _layout("story.txt.j2", story)


def to_html(story: Story) -> str:
    from newsgen.outputs.charts import inline_charts  # only HTML needs the charts

    return _layout("story.html.j2", story, charts=inline_charts(story))


def to_svg(story: Story) -> str:
    """The story's results chart as an SVG file (see :mod:`newsgen.outputs.charts`)."""
    from newsgen.outputs.charts import to_svg as svg

    return svg(story)


def html_body(story: Story) -> str:
    """The HTML story's paragraphs and tables (results; a council's state of the parties)
    without the ``<article>``, headline and standfirst, nor the article's indent: the ``body``
    block of ``formats/story.html.j2``, so the two never differ. For a CMS that takes the
    headline and standfirst in fields of their own (WordPress).

    It leaves out the results chart: WordPress removes inline SVG from a post written by a
    user without its ``unfiltered_html`` capability and keeps the SVG's text, which would put
    the chart's labels in the draft as loose words. The ``svg`` format's file can be uploaded
    as an image instead."""
    template = get_environment().get_template("formats/story.html.j2")
    body = "".join(template.blocks["body"](template.new_context({"story": story, "charts": []})))
    return textwrap.dedent(body).strip() + "\n"


def to_json(story: Story) -> str:
    data = {"schema_version": STORY_SCHEMA_VERSION, **story.model_dump(mode="json")}
    # the parts that hold unrounded figures (the tables are rounded as printed already); only
    # these are walked, a third of the story's data (tests/test_published.py checks every figure)
    data["facts"] = published(data["facts"])
    data["angles"] = published(data["angles"])
    data["provenance"] = [_published_value(p) for p in data["provenance"]]
    data["text"] = story.text
    # compact (CMSes do not care), by pydantic's encoder: the same bytes as json.dumps with
    # ensure_ascii=False and no spaces (every story of the bundled elections), in half the time
    return _encode(data).decode() + "\n"


def _published_value(entry: dict[str, Any]) -> dict[str, Any]:
    value = entry.get("value")
    return {**entry, "value": published(value)} if type(value) is float else entry
