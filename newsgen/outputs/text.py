"""Markdown, plain text, HTML and JSON renderings of a Story.

The layouts are Jinja templates in ``templates/formats/``; HTML autoescapes everything
that comes from data.
"""

from __future__ import annotations

import json

from newsgen.render.environment import get_environment
from newsgen.story import Story


def _layout(name: str, story: Story) -> str:
    return get_environment().get_template(f"formats/{name}").render(story=story).rstrip() + "\n"


def to_markdown(story: Story) -> str:
    return _layout("story.md.j2", story)


def to_text(story: Story) -> str:
    return _layout("story.txt.j2", story)


def to_html(story: Story) -> str:
    return _layout("story.html.j2", story)


def to_json(story: Story) -> str:
    data = story.model_dump(mode="json")
    data["text"] = story.text
    # compact: Python's indenting encoder is about four times slower, and CMSes do not care
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
