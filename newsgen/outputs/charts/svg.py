"""A Chart drawn as SVG: one self-contained element, no script, no style sheet.

Layout, top to bottom, in a 400-unit-wide viewBox (so it scales to a phone's width):
each panel's heading, then for each row its label (the candidate and party, or the party;
"elected" in words) and its bars, each bar with its figure written on it, or beside it
where the bar is too short, so colour never carries a figure alone. Colours and fonts are
presentation attributes, not ``style``: the preview's Content-Security-Policy refuses
inline styles, and a CMS may strip them.

Every piece of text is escaped (``&``, ``<``, ``>`` and both quotes), and characters XML
cannot hold are dropped, so the output is well-formed XML and safe inside HTML.
"""

from __future__ import annotations

import html
import re

from newsgen.outputs.charts.colours import colour_for, label_colour, tint
from newsgen.outputs.charts.model import Bar, Chart, Panel, Row

__all__ = ["WIDTH", "render_svg"]

WIDTH = 400
MARGIN = 12
FONT = 15  # labels
SMALL = 13  # the majority line's label
HEADING = 17
LINE = 19  # a label line's height
BAR = 24  # a bar's height (one series)
SERIES_BAR = 20  # each bar's height where a row has several (before and after)
GAP = 12  # between rows
PAD = 6  # between a bar's end and its label
INK = "#1D1D1F"
MUTED = "#5F6368"
FAMILY = "Helvetica, Arial, sans-serif"
#: an upper bound on a character's width in ems at these sizes (Helvetica's widest common
#: glyphs are about 0.67; text is measured generously so it never overflows)
EM = 0.62
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: object) -> str:
    """Text for an SVG/XML text node or attribute."""
    text = str(text)
    if not _SPECIAL.search(text):
        return text
    return html.escape(_NOT_XML.sub("", text), quote=True)


def text_width(text: str, size: float) -> float:
    return len(text) * size * EM


def _fmt(n: float) -> str:
    return f"{n:.1f}".removesuffix(".0")


class _Canvas:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.y = float(MARGIN)

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(self, x: float, y: float, content: str, *, size: int = FONT, cls: str = "", **attrs: str) -> None:
        extra = f' class="{cls}"' if cls else ""
        extra += "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())  # ours, not data
        width = text_width(content, size)
        room = WIDTH - MARGIN - x if attrs.get("text_anchor") != "end" else x - MARGIN
        if width > room:  # squeeze rather than run off the chart
            extra += f' textLength="{_fmt(room)}" lengthAdjust="spacingAndGlyphs"'
        self.add(f'<text x="{_fmt(x)}" y="{_fmt(y)}" font-size="{size}"{extra}>{esc(content)}</text>')

    def spans(self, x: float, y: float, pieces: list[tuple[str, bool]]) -> None:
        """One line of text in pieces, each bold or not."""
        inner = "".join(f'<tspan font-weight="bold">{esc(t)}</tspan>' if bold else esc(t) for t, bold in pieces if t)
        self.add(f'<text class="label" x="{_fmt(x)}" y="{_fmt(y)}" font-size="{FONT}">{inner}</text>')


def _row_label(canvas: _Canvas, row: Row) -> None:
    """The candidate and party on one line, or two where they do not fit; "elected" after."""
    x = MARGIN
    room = WIDTH - 2 * MARGIN
    elected = " · elected" if row.elected and row.name else ""
    if not row.name:
        canvas.y += LINE
        canvas.text(x, canvas.y - 4, row.party, cls="label", font_weight="bold")
        return
    one_line = f"{row.name}, {row.party}{elected}"
    if text_width(one_line, FONT) <= room:
        canvas.y += LINE
        canvas.spans(x, canvas.y - 4, [(row.name, True), (f", {row.party}", False), (elected, True)])
        return
    # two lines, the comma kept: read as text, "Donna Murray-Turner Taking The Initiative
    # Party" would have the candidate "taking" something
    canvas.y += LINE
    canvas.spans(x, canvas.y - 4, [(row.name, True), (",", False)])
    canvas.y += LINE
    canvas.spans(x, canvas.y - 4, [(row.party, False), (elected, True)])


def _bar(canvas: _Canvas, row: Row, bar: Bar, height: int, scale: float) -> None:
    colour = colour_for(row.code)
    top = canvas.y
    canvas.y += height
    middle = top + height / 2 + FONT * 0.35
    if bar.value is None:  # not known: no bar, the label says so
        canvas.text(MARGIN, middle, bar.label, cls="figure", fill=MUTED)
        return
    before = bar.series == "Before"
    fill = tint(colour.fill) if before else colour.fill
    stroke = colour.fill if before else ("#6B6B6B" if colour.outline else "")
    solid = bar.value * scale
    outline = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
    party = esc(row.code)
    canvas.add(
        f'<rect class="bar" data-party="{party}" data-series="{esc(bar.series)}" data-value="{bar.value}"'
        f' x="{MARGIN}" y="{_fmt(top)}" width="{_fmt(solid)}" height="{height}" fill="{fill}"{outline}/>'
    )
    end = MARGIN + solid
    if bar.high is not None and bar.high > bar.value:  # a range: open from the fewest to the most
        extra = (bar.high - bar.value) * scale
        canvas.add(
            f'<rect class="range" data-party="{party}" data-value="{bar.high}" x="{_fmt(end)}" y="{_fmt(top + 0.5)}"'
            f' width="{_fmt(extra)}" height="{height - 1}" fill="#FFFFFF" stroke="{colour.fill}"'
            ' stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        end += extra
    width = text_width(bar.label, FONT)
    if width + 2 * PAD <= solid:
        canvas.text(MARGIN + PAD, middle, bar.label, cls="figure", fill=label_colour(fill), font_weight="bold")
    else:
        x = min(end + PAD, WIDTH - MARGIN - width)
        canvas.text(max(x, MARGIN), middle, bar.label, cls="figure", fill=INK)


def _panel(canvas: _Canvas, panel: Panel) -> None:
    canvas.add('<g class="panel">')
    canvas.y += HEADING + 4
    canvas.text(MARGIN, canvas.y - 4, panel.heading, cls="heading", size=HEADING, font_weight="bold", fill=INK)
    several = len(panel.series) > 1
    if panel.marker is not None:
        canvas.y += SMALL + 6
    scale = (WIDTH - 2 * MARGIN) / panel.longest if panel.longest else 0.0
    rows_top = canvas.y
    first_row = len(canvas.parts)
    for row in panel.rows:
        elected = ' data-elected="true"' if row.elected and row.name else ""
        start = len(canvas.parts)
        canvas.add(f'<g class="row" data-party="{esc(row.code)}"{elected}>')
        canvas.y += GAP / 2
        _row_label(canvas, row)
        for bar in row.bars:
            _bar(canvas, row, bar, SERIES_BAR if several else BAR, scale)
            if several:
                canvas.y += 3
        canvas.y += GAP / 2
        canvas.add("</g>")
        # one line per row: read as text (newsgen check strips the tags), a figure follows
        # the candidate or party it belongs to, as in a table row
        canvas.parts[start:] = [" ".join(canvas.parts[start:])]
    if panel.marker is not None:  # drawn under the rows, so their labels sit on top of it
        rows = canvas.parts[first_row:]
        del canvas.parts[first_row:]
        seats, label = panel.marker
        x = MARGIN + seats * scale
        canvas.add(
            f'<line class="marker" x1="{_fmt(x)}" y1="{_fmt(rows_top - 2)}" x2="{_fmt(x)}" y2="{_fmt(canvas.y)}"'
            f' stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        anchor = "end" if x > WIDTH / 2 else "start"
        canvas.text(
            x + (-4 if anchor == "end" else 4),
            rows_top - 6,
            label,
            cls="marker",
            size=SMALL,
            fill=INK,
            text_anchor=anchor,
        )
        canvas.parts.extend(rows)
    canvas.add("</g>")
    canvas.y += GAP


def render_svg(chart: Chart, *, standalone: bool = True) -> str:
    """The chart as one ``<svg>`` element. ``standalone`` (a file of its own) adds the XML
    declaration and a size in pixels; inline (in an HTML page) it fills its container's width,
    keeping its shape, and the page decides how wide that is."""
    canvas = _Canvas()
    for panel in chart.panels:
        _panel(canvas, panel)
    height = round(canvas.y + MARGIN - GAP)
    title_id, desc_id = f"{chart.id}-title", f"{chart.id}-desc"
    size = f' width="{WIDTH}" height="{height}"' if standalone else ' width="100%"'
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"{size} role="img"'
        f' aria-labelledby="{esc(title_id)}" aria-describedby="{esc(desc_id)}"'
        f' font-family="{FAMILY}" font-size="{FONT}" fill="{INK}">'
    )
    body = [
        f'<title id="{esc(title_id)}">{esc(chart.title)}</title>',
        f'<desc id="{esc(desc_id)}">{esc(chart.description)}</desc>',
        f'<rect class="background" width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
        *canvas.parts,
    ]
    svg = head + "\n" + "\n".join(body) + "\n</svg>"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n") if standalone else svg
