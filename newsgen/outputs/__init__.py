"""Step 7 of the pipeline: a Story written out in the formats newsrooms ingest.

Each format is a function ``(Story) -> str`` registered in ``FORMATS``; ``svg`` is the
story's results chart alone (:mod:`newsgen.outputs.charts`), written beside the story.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable

from newsgen.errors import RequestError
from newsgen.outputs.text import to_html, to_json, to_markdown, to_svg, to_text
from newsgen.story import Story

Formatter = Callable[[Story], str]

FORMATS: dict[str, tuple[Formatter, str]] = {
    "md": (to_markdown, "md"),
    "txt": (to_text, "txt"),
    "html": (to_html, "html"),
    "json": (to_json, "json"),
    "svg": (to_svg, "svg"),
}


#: built-in formats that do not print ``Story.provenance`` (only ``json`` does)
WITHOUT_PROVENANCE = frozenset({"md", "txt", "html", "svg", "ninjs", "ninjs2", "superdesk"})


def needs_provenance(formats: Iterable[str]) -> bool:
    """Whether any of these formats prints provenance (a newsroom's own format may)."""
    return any(f not in WITHOUT_PROVENANCE for f in formats)


def register(name: str, fn: Formatter, extension: str) -> None:
    FORMATS[name] = (fn, extension)


#: formats whose module registers them when one is first asked for (not every run needs it)
LATER = ("ninjs", "ninjs2", "superdesk")


def names() -> list[str]:
    """Every format's name: the registered ones and those registered when first asked for."""
    return [*FORMATS, *(name for name in LATER if name not in FORMATS)]


def get_formatter(name: str) -> tuple[Formatter, str]:
    if name not in FORMATS:
        _load_optional()
    try:
        return FORMATS[name]
    except KeyError:
        raise RequestError(f"unknown format {name!r}", hint="choose from: " + ", ".join(FORMATS)) from None


def _load_optional() -> None:
    with contextlib.suppress(ImportError):
        from newsgen.outputs import ninjs  # noqa: F401  (registers LATER: ninjs, ninjs2, superdesk)


def render(story: Story, name: str) -> str:
    fn, _ = get_formatter(name)
    return fn(story)
