"""What an editor's read of drafts beside published reports of the same seats asked for.

Each test names the seat and the fault a reviewer found in it (issue 12).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.pipeline import Dataset

EARLIER = Path(__file__).resolve().parents[1] / "fixtures" / "ge-earlier"


@pytest.fixture(scope="module")
def ge2019() -> Dataset:
    return Dataset(EARLIER / "candidate-level-results-general-election-12-12-2019.csv")


def test_a_strong_independent_fourth_is_named(dataset: Dataset) -> None:
    # South West Norfolk: James Bagge, independent, 6,282 votes (14%), was left out
    text = dataset.story(["South West Norfolk"]).text
    assert "independent James Bagge fourth on 6,282" in text


def test_a_third_place_bigger_than_a_close_majority_is_said(dataset: Dataset) -> None:
    # Reform UK's 9,958 against Terry Jermy's majority of 630 over Liz Truss
    text = dataset.story(["South West Norfolk"]).text
    assert "Reform UK's vote was bigger than the winning majority." in text
    # and not in a comfortable seat (Bootle: Labour's majority over half the vote)
    assert "bigger than the winning majority" not in dataset.story(["Bootle"]).text


def test_a_narrow_gain_says_it_is_a_gain(dataset: Dataset) -> None:
    lede = dataset.story(["Hendon"]).paragraphs[0]
    assert "15 votes" in lede
    assert "from the Conservatives" in lede


def test_headlines_begin_with_a_capital(ge2019: Dataset, dataset: Dataset) -> None:
    # Maidenhead 2019 began "former Prime Minister Theresa May holds Maidenhead"
    assert ge2019.story(["Maidenhead"]).headline.startswith("Former Prime Minister Theresa May")
    for name in dataset.seat_names:
        assert dataset.story([name], provenance=False).headline[:1].isupper(), name


def test_the_totals_give_the_winner_first(dataset: Dataset) -> None:
    # "was second with 12,180 votes, to Mr Kohler's 24,790" put the loser first
    for name in dataset.seat_names:
        text = dataset.story([name], provenance=False).text
        assert ", to Mr " not in text and ", to Ms " not in text, name


def test_no_tenure_the_files_cannot_bound_in_the_totals(ge2019: Dataset) -> None:
    # Dennis Skinner (MP since 1970) and Theresa May (1997) were "an MP since before 2010"
    for seat in ("Maidenhead", "Hackney North and Stoke Newington"):
        assert "an MP since before" not in ge2019.story([seat]).text
    assert "Halfon, an MP since 2010, polled" in ge2019.story(["Harlow"]).text


def test_a_standfirst_without_the_majority_is_a_sentence(dataset: Dataset) -> None:
    # Clacton's lede gives the majority, so the standfirst does not; it read like a feed line,
    # "Nigel Farage (Reform UK) beat Giles Watling (Conservative)."
    story = dataset.story(["Clacton"])
    assert story.standfirst == "Nigel Farage won Clacton for Reform UK, beating the Conservatives' Giles Watling."


def test_reform_uk_third_last_time_says_as_the_brexit_party(dataset: Dataset) -> None:
    # the 2019 baseline for Reform UK is the Brexit Party's vote (Richard Tice, third in Hartlepool)
    text = dataset.story(["Hartlepool"]).text
    assert "Reform UK, third last time as the Brexit Party, came second." in text


def test_a_hold_by_the_seats_own_mp_gives_the_majority_then(ge2019: Dataset) -> None:
    # Bath 2019: "where the Liberal Democrats' majority grew" gave no figure; 5,694 in 2017
    assert "The Liberal Democrats had a majority of 5,694 in 2017." in ge2019.story(["Bath"]).text


def test_an_open_seats_last_mp_has_their_run_where_the_files_show_its_start(dataset: Dataset) -> None:
    # Sajid Javid, first elected in 2010 (not a sitting MP in the 2010 file)
    assert dataset.facts("Bromsgrove").departing_mp_since == 2010
    assert "Sajid Javid, who had won Bromsgrove for the Conservatives at every general election since 2010" in (
        dataset.story(["Bromsgrove"]).text
    )
    # Stephen Hammond, MP since 2005: the files begin in 2010, so no run is claimed
    facts = dataset.facts("Wimbledon")
    assert facts.departing_mp == "Stephen Hammond" and facts.departing_mp_since is None
    assert "Stephen Hammond, who won Wimbledon for the Conservatives in 2019" in dataset.story(["Wimbledon"]).text


def test_an_area_story_gives_each_majority_once(southend_dataset: Dataset) -> None:
    # the standfirst gives both seats' majorities; the second seat's paragraph repeated its own
    story = southend_dataset.story(["Southend West and Leigh", "Southend East and Rochford"])
    prose = " ".join([story.standfirst, *story.paragraphs])
    assert prose.count("4,027") == 1 and prose.count("1,949") == 1
