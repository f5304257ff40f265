"""House styles: the details that differ between newsrooms."""

from __future__ import annotations

from dataclasses import dataclass

from newsgen.errors import RequestError


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    percent: str = " per cent"  # what follows a percentage figure
    caps_first_word: bool = False  # Newsquest: "LABOUR delivered..."
    description: str = ""


STYLES: dict[str, Style] = {
    "local": Style("local", description='UK local paper (default): "per cent", sentence-case ledes'),
    "bbc": Style("bbc", percent="%", description='BBC: "62.71%"'),
    "newsquest": Style("newsquest", caps_first_word=True, description="Newsquest: capitalised first word of the lede"),
}
DEFAULT_STYLE = "local"


def get_style(name: str | None) -> Style:
    key = (name or DEFAULT_STYLE).lower()
    try:
        return STYLES[key]
    except KeyError:
        raise RequestError(f"unknown style {name!r}", hint="choose one of: " + ", ".join(STYLES)) from None
