"""Every one of the 650 seats renders a clean story."""

from __future__ import annotations

import re

import pytest

from newsgen.outputs import render
from newsgen.pipeline import Dataset
from newsgen.records.loader import load_results
from newsgen.resources import DEFAULT_RESULTS, bundled

SEATS = [c.name for c in load_results(bundled(DEFAULT_RESULTS)).election.contests]
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(\d)")
BAD_WORD = re.compile(r"\b(?:None|nan|NaN|inf)\b")
QUOTE = re.compile(r"“[^”]*”")


def test_there_are_650_seats() -> None:
    assert len(SEATS) == 650


@pytest.mark.parametrize("seat", SEATS)
def test_story_renders_cleanly(dataset: Dataset, seat: str) -> None:
    story = dataset.story([seat])
    text = render(story, "md")
    assert not BAD_WORD.search(text), f"None/nan in {seat}: {BAD_WORD.search(text)}"
    for bad in ("{{", "}}", "{%"):
        assert bad not in text, f"{bad!r} in {seat}"
    assert "  " not in story.text and " ," not in story.text and " ." not in story.text
    prose = QUOTE.sub("", "\n".join([story.headline, story.standfirst, *story.paragraphs]))
    assert not SENTENCE_START.search(prose), f"a sentence opens with figures in {seat}"
    facts = story.facts[0]
    winner = facts["candidates"][0]
    assert winner["name"] in story.text
    assert f"{winner['votes']:,}" in story.text or winner["votes"] < 10
    assert len(story.paragraphs) >= 3


def test_every_angle_that_fires_can_lead(dataset: Dataset) -> None:
    """What an editor may pick in the preview always renders and passes the verifier."""
    for seat in SEATS:
        for angle in {a["id"] for a in dataset.story([seat]).angles}:
            story = dataset.story([seat], lead=angle)
            assert story.lead == angle
