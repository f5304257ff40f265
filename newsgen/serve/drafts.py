"""A seat page's working parts: the editor's draft choices, the two stories, what changed.

The *published* story is what ``newsgen story --db`` writes now (saved choices, or
the engine's); the *draft* is the same story with the controls' choices. The diff
between them is word by word, so an editor sees exactly what a change does.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsgen.angles import ANGLE_IDS
from newsgen.choices import Choice
from newsgen.errors import NewsgenError, RequestError
from newsgen.options import StoryOptions
from newsgen.outputs import get_formatter
from newsgen.pipeline import Dataset
from newsgen.render.style import DEFAULT_STYLE, STYLES
from newsgen.story import Story

EXPORT_FORMATS = ("md", "html", "ninjs", "svg")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "ninjs": "application/json",
    "json": "application/json",
    "svg": "image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class Draft:
    """Choices as the controls hold them. ``None``/``()`` is the engine's choice."""

    lead: str | None = None
    dropped: tuple[str, ...] = ()
    style: str | None = None

    @classmethod
    def from_choice(cls, choice: Choice | None) -> Draft:
        if choice is None:
            return cls()
        return cls(choice.lead, tuple(choice.dropped), choice.style)

    @classmethod
    def from_params(cls, lead: str | None, dropped: Sequence[str], style: str | None) -> Draft:
        """From a form or query string; unknown ids and styles are refused with a hint."""
        lead = (lead or "").strip() or None
        drops = tuple(dict.fromkeys(d.strip() for d in dropped if d and d.strip()))
        style = (style or "").strip().lower() or None
        for angle_id in (lead, *drops):
            if angle_id is not None and angle_id not in ANGLE_IDS:
                raise RequestError(f"unknown angle {angle_id!r}", hint="choose one of: " + ", ".join(ANGLE_IDS))
        if style is not None and style not in STYLES:
            raise RequestError(f"unknown style {style!r}", hint="choose one of: " + ", ".join(STYLES))
        return cls(lead, drops, style)

    @property
    def style_name(self) -> str:
        return self.style or DEFAULT_STYLE

    def describe(self) -> str:
        parts = [f"lead {self.lead}" if self.lead else "the engine's lead"]
        if self.dropped:
            parts.append("dropping " + ", ".join(self.dropped))
        parts.append(f"{self.style_name} style")
        return ", ".join(parts)


def render_draft(dataset: Dataset, seats: Sequence[str], draft: Draft, defaults: StoryOptions | None = None) -> Story:
    """The story with exactly these choices (never the database's), over the newsroom's defaults."""
    return dataset.story(list(seats), style=draft.style, lead=draft.lead, dropped=draft.dropped, defaults=defaults)


# -- what changed ----------------------------------------------------------------------
_TOKEN = re.compile(r"\S+\s*|\s+")
#: below this word-level similarity a paragraph is shown as rewritten, not patched
REWRITE_BELOW = 0.5


@dataclass(frozen=True, slots=True)
class Block:
    """One headline/standfirst/paragraph of the diff: pieces of (op, text)."""

    part: str  # "headline", "standfirst", "paragraph"
    status: str  # "same", "changed", "added", "removed"
    pieces: tuple[tuple[str, str], ...]


def _words(before: str, after: str) -> tuple[tuple[str, str], ...]:
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < REWRITE_BELOW:
        return (("del", before), ("ins", after))
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(b[j1:j2])))
    return tuple(out)


def _block(part: str, before: str | None, after: str | None) -> Block:
    if before is None:
        return Block(part, "added", (("ins", after or ""),))
    if after is None:
        return Block(part, "removed", (("del", before),))
    if before == after:
        return Block(part, "same", (("same", after),))
    return Block(part, "changed", _words(before, after))


def diff_stories(before: Story, after: Story) -> list[Block]:
    """Headline, standfirst and paragraphs of ``after`` against ``before``."""
    blocks = [
        _block("headline", before.headline, after.headline),
        _block("standfirst", before.standfirst, after.standfirst),
    ]
    a, b = list(before.paragraphs), list(after.paragraphs)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            blocks.extend(_block("paragraph", p, p) for p in b[j1:j2])
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            blocks.append(_block("paragraph", olds[k] if k < len(olds) else None, news[k] if k < len(news) else None))
    return blocks


@dataclass(frozen=True, slots=True)
class Changes:
    """The draft against the published story, for the "what changed" panel."""

    choices: tuple[tuple[str, str, str], ...]  # (what, from, to)
    blocks: tuple[Block, ...]
    templates: tuple[tuple[str, str], ...] = field(default=())  # (op, template name)

    @property
    def any(self) -> bool:
        return bool(self.choices) or any(b.status != "same" for b in self.blocks)


def compare(published: Story, draft: Story) -> Changes:
    choices = []
    if published.lead != draft.lead:
        choices.append(("Lead", published.lead, draft.lead))
    if published.style != draft.style:
        choices.append(("Style", published.style, draft.style))
    before_ids = list(dict.fromkeys(a["id"] for a in published.angles))
    after_ids = list(dict.fromkeys(a["id"] for a in draft.angles))
    dropped = [i for i in before_ids if i not in after_ids]
    restored = [i for i in after_ids if i not in before_ids]
    if dropped:
        choices.append(("Dropped", ", ".join(dropped), ""))
    if restored:
        choices.append(("Restored", "", ", ".join(restored)))
    templates = [("del", t) for t in published.templates if t not in draft.templates]
    templates += [("ins", t) for t in draft.templates if t not in published.templates]
    return Changes(tuple(choices), tuple(diff_stories(published, draft)), tuple(templates))


# -- exports and the facts table ----------------------------------------------------------
def export_formats() -> list[tuple[str, str]]:
    """(format, file extension) for the exports this install can write; ninjs once it lands."""
    found = []
    for name in EXPORT_FORMATS:
        try:
            _, ext = get_formatter(name)
        except NewsgenError:
            continue
        found.append((name, ext))
    return found


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value) or "—"
    if isinstance(value, dict):
        if "name" in value and "code" in value:  # a party
            return f"{value['name']} ({value['code']})"
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items()) or "—"
    return str(value)


def fact_rows(facts: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A seat's facts (``SeatFacts.to_dict()``) as (name, value) rows, candidates apart."""
    rows: list[tuple[str, str]] = []
    for key, value in facts.items():
        if key in ("candidates", "extras") and not (key == "extras" and value):
            continue
        if isinstance(value, dict) and key == "history":
            rows.extend((f"history.{k}", _plain(v)) for k, v in value.items())
        else:
            rows.append((key, _plain(value)))
    return rows


CANDIDATE_COLUMNS = (
    "position",
    "name",
    "party",
    "votes",
    "share",
    "share_change",
    "sitting_mp",
    "former_mp",
    "lost_deposit",
)


def candidate_rows(facts: Mapping[str, Any]) -> list[list[str]]:
    return [[_plain(c.get(col)) for col in CANDIDATE_COLUMNS] for c in facts.get("candidates", ())]


def evidence_rows(evidence: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(k, _plain(v)) for k, v in evidence.items()]
