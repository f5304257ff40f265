"""Lede variety across the 650 stories of 2024, and the skeleton masking it rests on."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.pipeline import Dataset
from newsgen.story import Story
from newsgen.variety import MAX_SHARE, MIN_STORIES, MIN_WORDINGS, lede, measure, skeleton, wordings


@pytest.fixture(scope="module")
def stories(dataset: Dataset) -> list[Story]:
    return [dataset.story([name]) for name in dataset.seat_names]


def test_skeleton_masks_names_seats_parties_and_numbers(dataset: Dataset) -> None:
    story = dataset.story(["North Herefordshire"])
    first = lede(story)
    assert "Chowns" in first and "North Herefordshire" in first and first.endswith(".")
    assert first == story.paragraphs[0].split(". ")[0].rstrip(".") + "."
    sk = skeleton(story)
    assert "Chowns" not in sk and "Herefordshire" not in sk and "Green" not in sk
    assert "<NAME>" in sk and "<SEAT>" in sk and "<PARTY>" in sk
    text = "Ms Chowns beat the Conservatives' Bill Wiggin by 5,894 votes in North Herefordshire."
    assert skeleton(story, text) == "<NAME> beat <PARTY>' <NAME> by <N> votes in <SEAT>."


def test_no_story_specific_text_survives_in_any_skeleton(stories: list[Story]) -> None:
    for story in stories:
        sk = skeleton(story)
        assert not re.search(r"\d", sk), sk
        table = story.tables[0]
        for row in table.rows[:2]:
            assert row.name not in sk, (story.seats, sk)
        assert story.seats[0] not in sk, sk


def test_skeletons_are_stable_per_seat(dataset: Dataset, stories: list[Story]) -> None:
    again = [dataset.story([name]) for name in dataset.seat_names[:50]]
    assert [skeleton(s) for s in again] == [skeleton(s) for s in stories[:50]]


def test_the_most_common_skeleton_is_at_most_five_per_cent(stories: list[Story]) -> None:
    report = measure(stories)
    counts = Counter(skeleton(s) for s in stories)
    assert report.stories == 650
    assert report.top[0][1] == max(counts.values())
    assert report.top_share <= MAX_SHARE, report.top[:3]
    assert sum(a.stories for a in report.angles) == 650


def test_near_identical_skeletons_are_one_wording() -> None:
    same = ["<PARTY> held <SEAT>, with <NAME> re-elected.", "<PARTY> held <SEAT>, with <NAME> elected."]
    other = "Voters in <SEAT> elected <NAME>, ahead of <NAME>."
    assert len(wordings(same)) == 1
    assert len(wordings([*same, other])) == 2


def test_the_biggest_angles_have_several_wordings(stories: list[Story]) -> None:
    # docs/batch.md, "Variety": an angle leading 10+ stories needs at least 3 wordings
    assert (MIN_STORIES, MIN_WORDINGS) == (10, 3)
    leading = Counter(s.lead for s in stories)
    big = sorted(angle for angle, n in leading.items() if n >= 10)
    # 2024: hold, ousted_incumbent, historic_first, gain, long_tenure_ended, overturned_majority,
    # landslide and narrow_majority lead 22 to 298 stories each, with 4 to 16 wordings
    assert {"hold", "ousted_incumbent", "historic_first", "gain", "landslide", "narrow_majority"} <= set(big)
    report = measure(stories)
    by_angle = {a.angle: a for a in report.angles}
    assert {a: by_angle[a].stories for a in leading} == dict(leading)  # the report counts every lead
    for angle in big:
        own = wordings(skeleton(s) for s in stories if s.lead == angle)
        assert by_angle[angle].wordings == len(own)  # what `newsgen variety` prints
        assert len(own) >= 3, (angle, leading[angle], own)
        assert by_angle[angle].held
    assert by_angle["hold"].wordings >= 5  # the biggest angle by far: 298 stories, 15 wordings


@pytest.fixture(scope="module")
def cli_report() -> dict[str, Any]:
    """`newsgen variety --json --top 3` on the 2024 file, run once for the tests that read it."""
    result = CliRunner().invoke(main, ["variety", "--json", "--top", "3"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_cli_prints_the_figure(stories: list[Story], cli_report: dict[str, Any]) -> None:
    assert cli_report["stories"] == 650
    assert cli_report["top_share"] == round(measure(stories).top_share, 2)
    assert len(cli_report["top"]) == 3


def test_cli_prints_the_figures_as_text() -> None:
    # the text layout, on a small file (a council night: 21 wards and the council) to keep the run short
    result = CliRunner().invoke(main, ["variety", "--results", "trafford", "--election", "2024-05-02"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert re.match(r"Most common lede skeleton: \d+ of 22 stories \(\d+\.\d%; limit 5%\): (OK|TOO HIGH)\n", text), text
    assert "\nMost common paragraph order: " in text and "Lede wordings by lead angle" in text


# -- paragraph order: chosen by what happened, not one shape for every seat -----------------------
def test_no_paragraph_order_is_shared_by_more_than_a_quarter_of_stories(dataset: Dataset) -> None:
    orders = [dataset.plan(dataset.angles([name])).sections for name in dataset.seat_names]
    share = 100.0 * Counter(orders).most_common(1)[0][1] / len(orders)
    assert share <= 25.0, Counter(orders).most_common(3)
    assert len(set(orders)) >= 5


@pytest.mark.parametrize(
    ("seat", "second"),
    [
        ("Aldershot", "change"),  # a first Labour MP since 1918: the swing is the news
        ("North West Cambridgeshire", "totals"),  # won by 39 votes: the totals are the news
        ("Redcar", "totals"),  # a former MP back: her votes against the man who beat her
        ("Telford", "change"),  # an overturned majority
    ],
)
def test_the_second_paragraph_follows_the_lead(dataset: Dataset, seat: str, second: str) -> None:
    sections = dataset.plan(dataset.angles([seat])).sections
    assert sections[0] == "lede" and sections[1] == second, sections


def test_the_cli_prints_the_paragraph_order_share(cli_report: dict[str, Any]) -> None:
    data = cli_report
    assert data["order_share"] <= data["max_order_share"] == 25.0
    assert data["orders"][0]["sections"][0] == "lede"


@pytest.mark.parametrize(
    "polled",
    [
        # 2019 in every run; the three older files (about 8 s each) under -m slow
        pytest.param("06-05-2010", marks=pytest.mark.slow),
        pytest.param("07-05-2015", marks=pytest.mark.slow),
        pytest.param("08-06-2017", marks=pytest.mark.slow),
        "12-12-2019",
    ],
)
def test_the_earlier_files_are_varied_too(polled: str) -> None:
    """Issue 12: the drafts must vary on the 2010-2019 files as on 2024 (lede skeleton at most 5%,
    paragraph order at most 25%): holds there outnumber 2024's, and swings are smaller."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "fixtures" / "ge-earlier"
    path = path / f"candidate-level-results-general-election-{polled}.csv"
    result = CliRunner().invoke(main, ["variety", "--results", str(path), "--check", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["top_share"] <= MAX_SHARE and report["order_share"] <= 25.0, report
