"""The reference story: both Southend seats, as ../shared/seed/southend-report.txt reported them.

Every fact of the human report must be in the generated area story, from the data
(with the data's 8,273 for Reform, not the report's misprint 8,271).
"""

from __future__ import annotations

import re

import pytest

from newsgen.pipeline import Dataset
from newsgen.story import Story

SEATS = ["Southend West and Leigh", "Southend East and Rochford"]


@pytest.fixture(scope="module")
def story(southend_dataset: Dataset) -> Story:
    return southend_dataset.story(SEATS)


def test_leads_on_both_seats_labour_for_the_first_time(story: Story) -> None:
    assert story.lead == "area_sweep"
    lede = story.paragraphs[0]
    assert "Labour" in lede and "both" in lede and "first time in history" in lede
    sweep = story.angles[0]
    assert sweep["evidence"]["all_historic_first"] is True
    # "in history": no seat named for Southend elected Labour at any election in the history
    # file, 1918-2019 (Southend On Sea until 1945, then Southend East and West, Rochford &
    # Southend East from 1997: all Conservative)
    assert sweep["evidence"]["first_in_history"] is True
    firsts = {a["seats"][0]: a for a in story.angles if a["id"] == "historic_first"}
    assert set(firsts) == set(SEATS)
    # Southend West (from 1950) was formed from Southend On Sea (1918-1945): back to 1918
    assert firsts["Southend West and Leigh"]["reason"] == (
        "Labour has never won this seat or Southend West, Conservative at every election since 1950"
    )
    assert firsts["Southend West and Leigh"]["evidence"]["from_start"] is True
    # Rochford (1983-1992) was formed from seats the history file does not name for it: the
    # seat's own claim stays bounded to the elections it can see
    east = firsts["Southend East and Rochford"]
    assert east["evidence"]["history_from"] == 1997 and east["evidence"]["from_start"] is False
    # Rochford & Southend East was first fought in 1997, but Southend East ended in 1992: the
    # names cannot say whether it was created then, so the record is bounded by its years
    assert "in 7 general elections since 1997" in east["reason"]


def test_top_two_and_the_ousted_mp_with_the_amess_note(story: Story) -> None:
    text = story.text
    assert "David Burton-Sampson taking 16,739 votes against Ms Firth's 14,790" in text
    assert "Anna Firth, who took over the seat following the murder of Sir David Amess, was ousted" in text


def test_east_and_rochford_majority_rounded_then_exact(story: Story) -> None:
    text = story.text
    assert re.search(r"Bayo Alaba .*more than 4,000 votes ahead of Conservative Gavin Haran", text)
    assert "a majority of 4,027" in text


def test_turnout_against_the_predecessor_seat(story: Story) -> None:
    # one paragraph for the area: each seat against its own predecessor
    [turnout] = [p for p in story.paragraphs if p.startswith("Turnout")]
    assert turnout == (
        "Turnout was 62.71 per cent in Southend West and Leigh (down from 67.78 per cent in the former "
        "Southend West constituency in 2019) and 56.68 per cent in Southend East and Rochford (down from "
        "61.25 per cent in the former Rochford and Southend East constituency in 2019)."
    )


def test_third_place_battle_uses_the_data_not_the_misprint(story: Story) -> None:
    text = story.text
    assert "8,273" in text and "8,271" not in text
    third = next(p for p in story.paragraphs if "Peter Little" in p)
    assert "Reform UK" in third and "3,262" in third and "3,174" in third
    assert third.index("3,262") < third.index("3,174")  # the Greens ahead of the Lib Dems


def test_both_quotes_verbatim_and_attributed(story: Story, southend_dataset: Dataset) -> None:
    context = southend_dataset.context
    mp_quote = context.seat("Southend West and Leigh").quotes[0]
    leader_quote = context.areas["Southend"].quotes[0]
    assert f"Mr Burton-Sampson said: “{mp_quote.text}”" in story.text
    assert f"Daniel Cowan, leader of the Labour Group, said: “{leader_quote.text}”" in story.text
    assert "at the Southend Leisure and Tennis Centre" in story.text


def test_no_quote_paragraph_without_quotes(dataset: Dataset) -> None:
    story = dataset.story(SEATS)
    assert "said:" not in story.text
    assert "Amess" not in story.text  # only the context file knows that


def test_results_tables_carry_every_candidate(story: Story) -> None:
    west = story.tables[0]
    assert west.seat == "Southend West and Leigh"
    assert [r.votes for r in west.rows[:5]] == [16739, 14790, 8273, 3262, 3174]
    assert sum(r.votes for r in west.rows) == 46968
    assert west.turnout == 62.71


def test_golden_markdown(story: Story, update_golden: bool) -> None:
    from newsgen.outputs import render
    from tests.golden import check_golden

    check_golden("southend-area.md", render(story, "md"), update_golden)


def test_an_area_story_says_third_place_once(story: Story) -> None:
    # Peter Little (Southend West and Leigh) and Leslie Lilley (Southend East and Rochford), both
    # Reform UK, in one paragraph rather than one paragraph a seat
    [third] = [p for p in story.paragraphs if "Peter Little" in p or "Leslie Lilley" in p]
    assert "8,273" in third and "7,214" in third
