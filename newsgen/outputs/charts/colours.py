"""Party colours for the charts, from one table (``colours.json`` beside this module), and
the text colour that keeps a label readable on a bar of that colour.

Contrast is WCAG 2's: the ratio of the two colours' relative luminances, each plus 0.05.
Black or white text, whichever contrasts more, is at least 4.58:1 on any colour, above the
4.5:1 WCAG AA asks of ordinary text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["BLACK", "WHITE", "PartyColour", "colour_for", "contrast", "label_colour", "tint"]

_TABLE = Path(__file__).with_name("colours.json")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
BLACK = "#000000"
WHITE = "#FFFFFF"


@dataclass(frozen=True, slots=True)
class PartyColour:
    """A bar's fill, the text drawn on it, and whether it needs an outline to stand out
    from the white background (a pale colour such as the SNP's yellow)."""

    fill: str
    text: str
    outline: bool


@cache
def _table() -> tuple[dict[str, str], str]:
    data = json.loads(_TABLE.read_text(encoding="utf-8"))
    colours = {code: entry["colour"] for code, entry in data["parties"].items()}
    for code, colour in [*colours.items(), ("neutral", data["neutral"])]:
        if not _HEX.match(colour):  # the table ships with the package: a bad entry is a bug
            raise ValueError(f"{_TABLE.name}: {code}'s colour {colour!r} is not #RRGGBB")
    return colours, data["neutral"]


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour."""
    channels = []
    for i in (1, 3, 5):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@cache
def label_colour(fill: str) -> str:
    """Black or white: whichever reads better on ``fill``."""
    return BLACK if contrast(fill, BLACK) >= contrast(fill, WHITE) else WHITE


@cache
def tint(colour: str, amount: float = 0.6) -> str:
    """``colour`` mixed with white (``amount`` of white): the paler bar for the seats before."""
    parts = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in parts)


@cache
def colour_for(code: str) -> PartyColour:
    """A party's colour by its canonical code; the neutral grey for any party not in the table
    (independents, the Speaker, smaller parties)."""
    colours, neutral = _table()
    fill = colours.get(code, neutral)
    return PartyColour(fill=fill, text=label_colour(fill), outline=contrast(fill, WHITE) < 3)
