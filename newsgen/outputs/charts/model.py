"""What a story's chart shows, as data: rows of labelled bars, with their figures in words.

Every figure comes from the Story as the other formats print it: a seat's or ward's
result table (votes, and shares already rounded to one decimal place), and a council
story's facts (each party's seats before, won and after, or the range the file allows
after). Nothing is recomputed here except the bars' lengths.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsgen.render.style import get_style
from newsgen.story import ResultTable, Story

__all__ = ["Bar", "Chart", "Panel", "Row", "combined", "council_chart", "story_charts", "table_chart"]


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its length, its label as printed on the chart, and the same in words."""

    series: str  # "" for a candidate's votes; "Before", "After" or "Won" for a party's seats
    value: int | None  # votes or seats; for a range, its low end; None: not known (no bar)
    high: int | None  # a range's high end (the seats after, where the file cannot say exactly)
    figure: str  # as printed: "16,739 (35.6%)", "42 seats", "36 or 37 seats", "not known"
    words: str  # "16,739 votes, 35.6 per cent"; "42 seats before"

    @property
    def label(self) -> str:
        """What the bar is labelled with: "After: 43 seats" where a row has several bars."""
        return f"{self.series}: {self.figure}" if self.series in ("Before", "After") else self.figure

    @property
    def extent(self) -> int:
        """How far the bar reaches (a range's high end)."""
        return max(self.value or 0, self.high or 0)


@dataclass(frozen=True, slots=True)
class Row:
    """A candidate or a party: what its bars are labelled with, and its colour's party code."""

    name: str  # the candidate, or "" on a council chart
    party: str  # the party as the story's table names it
    code: str  # the canonical party code: the bar's colour
    elected: bool
    bars: tuple[Bar, ...]

    @property
    def label(self) -> str:
        return f"{self.name}, {self.party}" if self.name else self.party

    def in_words(self) -> str:
        who = f"{self.name} ({self.party})" if self.name else self.party
        if self.elected and self.name:
            who += ", elected"
        return f"{who}: " + ", ".join(b.words for b in self.bars) + "."


@dataclass(frozen=True, slots=True)
class Panel:
    """One seat's, ward's or council's bars."""

    heading: str  # shown above the bars: "Southend West and Leigh: votes"
    rows: tuple[Row, ...]
    summary: str  # what the bars are, for the text alternative
    #: a line across the bars: (seats, its label), e.g. (32, "32 for a majority")
    marker: tuple[int, str] | None = None
    note: str = ""  # said after the rows in the text alternative

    @property
    def series(self) -> tuple[str, ...]:
        """The series each row has, in order (the data table's columns)."""
        return tuple(b.series for b in self.rows[0].bars) if self.rows else ()

    @property
    def longest(self) -> int:
        return max([b.extent for r in self.rows for b in r.bars] + [self.marker[0] if self.marker else 0])

    def in_words(self) -> str:
        return " ".join([self.summary, *(r.in_words() for r in self.rows), *([self.note] if self.note else [])])


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart: an id for its elements, its title, and one panel or several stacked."""

    id: str  # [a-z0-9-]: the prefix of the SVG's element ids
    title: str
    panels: tuple[Panel, ...]

    @property
    def description(self) -> str:
        """The chart's figures in words: its <desc>, read out by a screen reader."""
        return " ".join(p.in_words() for p in self.panels)


def _element_id(text: str) -> str:
    return "chart-" + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "story")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _candidate_bar(votes: int, share: float | None, percent: str) -> Bar:
    if share is None:
        return Bar("", votes, None, f"{votes:,}", _plural(votes, "vote"))
    return Bar("", votes, None, f"{votes:,} ({share:.1f}%)", f"{_plural(votes, 'vote')}, {share:.1f}{percent}")


def table_chart(table: ResultTable, *, chart_id: str, percent: str = " per cent") -> Chart:
    """A seat's or ward's result table as a bar chart of votes (and shares where the table
    has them), candidates in finishing order, the elected marked."""
    rows = tuple(
        Row(r.name, r.party, r.party_code, r.elected, (_candidate_bar(r.votes, r.share, percent),)) for r in table.rows
    )
    shares = any(r.share is not None for r in table.rows)
    summary = (
        "Bar chart of the votes for each candidate, in finishing order, with their share of the vote."
        if shares
        else "Bar chart of the votes for each candidate, in finishing order."
    )
    panel = Panel(heading=f"{table.seat}: votes", rows=rows, summary=summary)
    return Chart(id=chart_id, title=f"{table.seat}: votes for each candidate", panels=(panel,))


def _seats_words(low: int, high: int) -> str:
    """A range as the council story words it: "36 or 37 seats", "between 10 and 12 seats"."""
    if high == low + 1:
        return f"{low:,} or {_plural(high, 'seat')}"
    return f"between {low:,} and {_plural(high, 'seat')}"


def _seats_range(low: int, high: int) -> str:
    """A range on a bar: "36 or 37 seats", "10 to 12 seats"."""
    return f"{low:,} {'or' if high == low + 1 else 'to'} {_plural(high, 'seat')}"


def council_chart(facts: Mapping[str, Any], *, chart_id: str) -> Chart | None:
    """A council story's seats by party: before and after the election where the story knows
    them, a range where it knows only that (never a made-up figure), else the seats won.

    ``facts`` is the council's entry in ``Story.facts``. None when no party won a seat or
    has a known number of them (nothing to draw).
    """
    parties: Sequence[Mapping[str, Any]] = facts.get("candidates") or ()
    before_known = any(p.get("seats_before") is not None for p in parties)
    after_known = any(p.get("seats_after") is not None or p.get("seats_after_low") is not None for p in parties)
    rows = []
    ranged = False
    for p in parties:
        if not any(p.get(k) for k in ("seats_won", "seats_before", "seats_after", "seats_after_high")):
            continue  # stood, won nothing, had nothing: as the story's state-of-the-parties table
        code = p["party"]["code"]
        bars = []
        if before_known:
            before = p.get("seats_before")
            bars.append(
                Bar("Before", before, None, _plural(before, "seat"), f"{_plural(before, 'seat')} before")
                if before is not None
                else Bar("Before", None, None, "not known", "seats before not known")
            )
        if after_known:
            after, low, high = p.get("seats_after"), p.get("seats_after_low"), p.get("seats_after_high")
            if after is None and low is not None and high is not None and low == high:
                after = low  # the file allows one figure for this party
            if after is not None:
                bars.append(Bar("After", after, None, _plural(after, "seat"), f"{_plural(after, 'seat')} after"))
            elif low is not None and high is not None:
                ranged = True
                bars.append(Bar("After", low, high, _seats_range(low, high), f"{_seats_words(low, high)} after"))
            else:
                bars.append(Bar("After", None, None, "not known", "seats after not known"))
        if not bars:
            won = int(p.get("seats_won") or 0)
            bars.append(Bar("Won", won, None, _plural(won, "seat"), f"won {_plural(won, 'seat')}"))
        label = str(p["party"].get("name") or code)  # as the state-of-the-parties table names it
        rows.append(Row("", label, code, bool(p.get("seats_won")), tuple(bars)))
    if not rows or all(b.extent == 0 for r in rows for b in r.bars):
        return None
    name = str(facts.get("seat_name") or "")
    total, needed = facts.get("total_seats"), facts.get("seats_needed")
    marker = (needed, f"{_plural(needed, 'seat')} for a majority") if needed and (before_known or after_known) else None
    if before_known or after_known:
        shown = " and ".join(w for w, known in (("before", before_known), ("after", after_known)) if known)
        summary = f"Bar chart of each party's seats on the council {shown} the election"
        summary += f"; a majority takes {needed:,} of the {total:,} seats." if marker and total else "."
        title = f"{name}: seats by party {shown} the election"
        heading = f"{name}: seats"
    else:
        up = facts.get("seats_up")
        summary = "Bar chart of the seats each party won at this election" + (
            f", {_plural(up, 'seat')} in all." if up else "."
        )
        title = heading = f"{name}: seats won by party"
    note = (
        "Where the seats after the election are a range, the council's results do not show whose seat was up "
        "in every ward; the bar is solid to the fewest seats the party can have and open to the most."
        if ranged
        else ""
    )
    panel = Panel(heading=heading, rows=tuple(rows), summary=summary, marker=marker, note=note)
    return Chart(id=chart_id, title=title, panels=(panel,))


def story_charts(story: Story) -> list[Chart]:
    """The story's charts: one for each result table, in the tables' order (a seat, each seat
    of an area, a ward), or a council story's seats by party (none when it has nothing to
    chart)."""
    percent = get_style(story.style).percent
    if story.tables:
        return [table_chart(t, chart_id=_element_id(t.seat), percent=percent) for t in story.tables]
    charts = []
    for f in story.facts:
        if f.get("kind") == "council":
            chart = council_chart(f, chart_id=_element_id(story.slug))
            if chart is not None:
                charts.append(chart)
    return charts


def combined(story: Story) -> Chart | None:
    """All of a story's charts as one (an area's seats stacked), for the ``svg`` format."""
    charts = story_charts(story)
    if not charts:
        return None
    if len(charts) == 1:
        return charts[0]
    title = "Votes for each candidate: " + "; ".join(c.panels[0].heading.removesuffix(": votes") for c in charts)
    return Chart(id=_element_id(story.slug), title=title, panels=tuple(p for c in charts for p in c.panels))
