"""A result corrected after publication: compare two revisions, regenerate, diff the story.

Returning officers correct results (a transposed digit, a recount); the Commons Library
revised its 2024 file in 2025 (31 seats changed: mostly electorates, two tie orders). PA's
feed sends the correction as a new revision of the same result. ``revise`` reads both
versions, lists what changed in each seat's data, regenerates the story from each, and
shows what changed in the story, word by word::

    >>> for r in revise("results-v1.csv", "results-v2.csv"):
    ...     print(r.report())

A changed electorate alone is a soft change (a warning: turnout moves, the result does not);
any change to votes, candidates or the result summary is a correction.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen.errors import NewsgenError
from newsgen.records.models import Contest

if TYPE_CHECKING:
    from newsgen.context import Context
    from newsgen.pipeline import Dataset

_WORD = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class SeatRevision:
    """One seat whose data changed between two revisions, and what that did to its story."""

    seat: str
    seat_id: str
    changes: tuple[str, ...]  # data changes, e.g. "Peter Little's votes: 8,271 -> 8,273"
    warnings: tuple[str, ...] = ()  # soft changes, e.g. a revised electorate
    old_story: str | None = None  # the story text from each revision (None when refused)
    new_story: str | None = None
    problems: tuple[str, ...] = field(default=())  # a revision whose story could not be written

    @property
    def story_changed(self) -> bool:
        return self.old_story != self.new_story

    @property
    def diff(self) -> str:
        """A unified diff of the story, with changed words marked ``[-old-]{+new+}``."""
        return story_diff(self.old_story or "", self.new_story or "", self.seat)

    def report(self) -> str:
        lines = [f"{self.seat} ({self.seat_id}):"]
        lines += [f"  changed: {c}" for c in self.changes]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [f"  problem: {p}" for p in self.problems]
        if self.story_changed:
            lines.append(self.diff.rstrip("\n"))
        else:
            lines.append("  the story is unchanged")
        return "\n".join(lines)


def _word_diff(old: str, new: str) -> str:
    a, b = _WORD.findall(old), _WORD.findall(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + "".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)


def story_diff(old: str, new: str, name: str = "story") -> str:
    """Unified diff of two story texts by paragraph; each changed pair also as a word diff."""
    a, b = old.split("\n\n"), new.split("\n\n")
    out = [f"--- {name} (previous revision)", f"+++ {name} (this revision)"]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            before = olds[k] if k < len(olds) else None
            after = news[k] if k < len(news) else None
            if before is not None:
                out.append(f"- {before}")
            if after is not None:
                out.append(f"+ {after}")
            if before is not None and after is not None:
                out.append(f"~ {_word_diff(before, after)}")
    return "\n".join(out) + "\n"


def contest_changes(old: Contest, new: Contest) -> tuple[list[str], list[str]]:
    """(corrections, soft changes) between two revisions of one seat's result."""
    changes: list[str] = []
    soft: list[str] = []
    if old.electorate != new.electorate:
        soft.append(f"revised electorate: {old.electorate:,} -> {new.electorate:,} (turnout changes)")
    for label, a, b in (
        ("valid votes", old.valid_votes, new.valid_votes),
        ("invalid votes", old.invalid_votes, new.invalid_votes),
    ):
        if a != b:
            changes.append(f"{label}: {a:,} -> {b:,}")
    if old.result_summary != new.result_summary:
        changes.append(f"result: {old.result_summary!r} -> {new.result_summary!r}")
    before = {(c.name, c.party_code): c for c in old.candidates}
    after = {(c.name, c.party_code): c for c in new.candidates}
    for key, c in after.items():
        was = before.get(key)
        if was is None:
            changes.append(f"new candidate: {c.name} ({c.party_code}) {c.votes:,}")
            continue
        if was.votes != c.votes:
            changes.append(f"{c.name}'s votes: {was.votes:,} -> {c.votes:,}")
        if was.position != c.position:
            changes.append(f"{c.name}'s position: {was.position} -> {c.position}")
    for key, c in before.items():
        if key not in after:
            changes.append(f"candidate removed: {c.name} ({c.party_code})")
    return changes, soft


def revise(
    old: str | Path,
    new: str | Path,
    *,
    seats: Sequence[str] | None = None,
    context: Context | None = None,
    style: str | None = None,
) -> list[SeatRevision]:
    """Every seat whose result differs between two revisions of a results file.

    Each seat's story is regenerated from both revisions (and verified) so the newsroom
    sees exactly what a correction changes in print.
    """
    from newsgen.pipeline import Dataset

    before, after = Dataset(old, context=context), Dataset(new, context=context)
    old_by_id = {c.seat_id: c for c in before.election.contests}
    wanted = {s.casefold() for s in seats} if seats else None
    out: list[SeatRevision] = []
    for contest in after.election.contests:
        if wanted is not None and contest.name.casefold() not in wanted:
            continue
        previous = old_by_id.get(contest.seat_id)
        if previous is None:
            changes, soft = ["seat not in the previous revision"], []
        else:
            changes, soft = contest_changes(previous, contest)
        if not changes and not soft:
            continue
        old_text, new_text, problems = None, None, []
        if previous is not None:
            old_text, problem = _story(before, contest.name, style)
            problems += [f"previous revision: {problem}"] if problem else []
        new_text, problem = _story(after, contest.name, style)
        problems += [f"this revision: {problem}"] if problem else []
        out.append(
            SeatRevision(
                seat=contest.name,
                seat_id=contest.seat_id,
                changes=tuple(changes),
                warnings=tuple(soft),
                old_story=old_text,
                new_story=new_text,
                problems=tuple(problems),
            )
        )
    for name, errors in after.loaded.rejected.items():
        if wanted is None or name.casefold() in wanted:
            out.append(SeatRevision(seat=name, seat_id="", changes=(), problems=tuple(str(e) for e in errors)))
    return out


def _story(dataset: Dataset, seat: str, style: str | None) -> tuple[str | None, str | None]:
    try:
        story = dataset.story([seat], style=style)
    except NewsgenError as exc:
        return None, str(exc).splitlines()[0]
    return story.text, None


def summarise(revisions: Iterable[SeatRevision]) -> str:
    """All the seats' reports, one after another."""
    return "\n\n".join(r.report() for r in revisions)
