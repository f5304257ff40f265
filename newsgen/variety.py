"""How varied a batch reads: lede skeletons across stories.

A story's *lede* is the first sentence of its first paragraph. Its *skeleton* is the lede
with the story's own names, seats, parties and numbers masked (``<NAME>``, ``<SEAT>``,
``<PARTY>``, ``<N>``), so two seats that got the same wording have the same skeleton.
Two skeletons whose words are at least ``SIMILAR`` alike (difflib ratio) count as one
*wording*: swapping "elected" for "re-elected" is not a different sentence.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgen.story import Story

MAX_SHARE = 5.0  # per cent of stories that may share the most common skeleton
MAX_ORDER_SHARE = 25.0  # per cent of stories that may share the most common paragraph order
MIN_WORDINGS = 3  # genuinely different wordings each angle's lede needs
MIN_STORIES = 10  # angles leading fewer stories than this are not held to MIN_WORDINGS
SIMILAR = 0.8

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PARTY_KEYS = ("name", "noun", "adj", "noun_alt", "adj_alt")


def lede(story: Story) -> str:
    first = story.paragraphs[0] if story.paragraphs else ""
    return _SENTENCE_END.split(first, maxsplit=1)[0].strip()


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _walk(v)


def _vocabulary(story: Story) -> list[tuple[str, str]]:
    """(text, mask) for everything in this story that names a person, seat or party."""
    found: dict[str, str] = {}
    for seat in story.seats:
        found[seat] = "<SEAT>"
    if story.kind == "area":
        found[story.slug.replace("-", " ")] = "<SEAT>"
    for d in _walk([story.facts, story.angles]):
        if "given_name" in d and "family_name" in d:
            for key in ("name", "family_name"):
                if d.get(key):
                    found[str(d[key])] = "<NAME>"
        if "code" in d and "noun" in d:
            for key in _PARTY_KEYS:
                text = str(d.get(key) or "")
                if text:
                    found[text] = "<PARTY>"
                    if text.lower().startswith("the "):
                        found[text[4:]] = "<PARTY>"
        for key in ("seat_name", "predecessor", "area", "place"):
            if isinstance(d.get(key), str) and d[key]:
                found[d[key]] = "<SEAT>"
        history = d.get("history_seats") or d.get("seats")
        if isinstance(history, (list, tuple)):
            for s in history:
                if isinstance(s, str) and s:
                    found[s] = "<SEAT>"
    for table in story.tables:
        for row in table.rows:
            found[row.name] = "<NAME>"
            found[row.party] = "<PARTY>"
    return sorted(found.items(), key=lambda kv: -len(kv[0]))


def skeleton(story: Story, text: str | None = None) -> str:
    """The lede (or ``text``) with names, seats, parties and numbers masked."""
    out = lede(story) if text is None else text
    vocab = [(v, m) for v, m in _vocabulary(story) if len(v) >= 2]
    if vocab:
        masks = {v.lower(): m for v, m in vocab}
        pattern = re.compile(
            r"(?<![\w<])(?:" + "|".join(re.escape(v) for v, _ in vocab) + r")(?![\w>])", flags=re.IGNORECASE
        )
        out = pattern.sub(lambda m: masks.get(m.group(0).lower(), "<NAME>"), out)
    out = re.sub(r"\b(Mr|Ms|Mrs|Dr) <NAME>", "<NAME>", out)
    out = _NUMBER.sub("<N>", out)
    return re.sub(r"<(NAME|SEAT|PARTY)>(?:\s+<\1>)+", r"<\1>", out)  # "Jane <NAME>" leftovers


def wordings(skeletons: Iterable[str], similar: float = SIMILAR) -> list[str]:
    """Skeletons merged into genuinely different wordings (greedy, most common first)."""
    reps: list[list[str]] = []
    for sk in (s for s, _ in Counter(skeletons).most_common()):
        words = sk.split()
        if not any(difflib.SequenceMatcher(None, words, r, autojunk=False).ratio() >= similar for r in reps):
            reps.append(words)
    return [" ".join(r) for r in reps]


@dataclass
class AngleVariety:
    angle: str
    stories: int
    skeletons: int
    wordings: int
    top: str
    top_count: int

    @property
    def held(self) -> bool:
        return self.stories < MIN_STORIES or self.wordings >= MIN_WORDINGS


@dataclass
class VarietyReport:
    stories: int
    top: list[tuple[str, int]]  # most common skeletons, with their counts
    angles: list[AngleVariety] = field(default_factory=list)
    #: most common paragraph orders (the story's sections after the lede), with their counts
    orders: list[tuple[tuple[str, ...], int]] = field(default_factory=list)

    @property
    def top_share(self) -> float:
        return 100.0 * self.top[0][1] / self.stories if self.stories and self.top else 0.0

    @property
    def order_share(self) -> float:
        """Per cent of stories whose paragraphs come in the most common order."""
        return 100.0 * self.orders[0][1] / self.stories if self.stories and self.orders else 0.0

    def ok(self, max_share: float = MAX_SHARE, max_order_share: float = MAX_ORDER_SHARE) -> bool:
        return self.top_share <= max_share and self.order_share <= max_order_share and all(a.held for a in self.angles)


def measure(stories: Iterable[Story | tuple[Story, tuple[str, ...]]], top: int = 10) -> VarietyReport:
    """Lede skeletons and, for stories given with their plan's sections, paragraph orders."""
    by_angle: dict[str, list[str]] = defaultdict(list)
    everything: Counter[str] = Counter()
    orders: Counter[tuple[str, ...]] = Counter()
    n = 0
    for item in stories:
        story, sections = item if isinstance(item, tuple) else (item, None)
        if sections is not None:
            orders[tuple(sections)] += 1
        sk = skeleton(story)
        everything[sk] += 1
        by_angle[story.lead].append(sk)
        n += 1
    angles = []
    for angle, sks in sorted(by_angle.items(), key=lambda kv: -len(kv[1])):
        common, count = Counter(sks).most_common(1)[0]
        angles.append(AngleVariety(angle, len(sks), len(set(sks)), len(wordings(sks)), common, count))
    return VarietyReport(n, everything.most_common(top), angles, orders.most_common(top))
