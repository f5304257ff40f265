"""Change as news: shares in points, the swing, the majority then, last time's winner falling.

Figures are the published ones: share changes from the Commons Library file, the notional
majority the issue quotes for Clacton, swings worked out by hand from those changes.
"""

from __future__ import annotations

import pytest

from newsgen.pipeline import Dataset
from newsgen.verify import check_text


def _ids(dataset: Dataset, seat: str) -> list[str]:
    return [a.id for a in dataset.angles([seat])[1]]


def test_the_notional_majority_then_is_a_fact(dataset: Dataset) -> None:
    # "overturning a notional Conservative majority of 25,717" (Clacton, issue 12)
    facts = dataset.facts("Clacton")
    assert facts.previous_majority == 25_717
    assert "would have won the seat in 2019 with a majority of 25,717" in dataset.story(["Clacton"]).text


@pytest.mark.parametrize(
    ("seat", "swing", "frm", "to"),
    [
        # Labour +6.6, Conservative -27.6: (6.6 + 27.6) / 2 = 17.1
        ("Southend West and Leigh", "17.1", "Con", "Lab"),
        # Labour +10.4, Conservative -37.9: (10.4 + 37.9) / 2 = 24.15
        ("Telford", "24.2", "Con", "Lab"),
    ],
)
def test_the_swing_is_butler_swing_between_winner_and_loser(
    dataset: Dataset, seat: str, swing: str, frm: str, to: str
) -> None:
    facts = dataset.facts(seat)
    assert facts.swing is not None and f"{facts.swing:.1f}" == swing
    assert facts.swing_from is not None and facts.swing_to is not None
    assert (facts.swing_from.code, facts.swing_to.code) == (frm, to)
    text = dataset.story([seat]).text
    assert f"swing of {swing} points from the Conservatives to Labour" in text


def test_share_changes_are_in_the_prose(dataset: Dataset) -> None:
    text = dataset.story(["Telford"]).text
    assert "fell 37.9 percentage points to 21.4 per cent" in text and "rose 10.4 points to 44.7 per cent" in text


def test_the_notional_explanation_is_given_once(dataset: Dataset) -> None:
    for seat in ("Telford", "Southend West and Leigh", "Clacton"):
        text = dataset.story([seat]).text
        assert text.count("notional") == 1, (seat, text)


# -- last time's winner falling to third: a collapse, not a battle for third ---------------------
def test_telford_is_a_collapse_not_a_third_place_battle(dataset: Dataset) -> None:
    facts = dataset.facts("Telford")
    con = next(c for c in facts.candidates if c.party.code == "Con")
    assert con.position == 3 and facts.previous_party is not None and facts.previous_party.code == "Con"
    ids = _ids(dataset, "Telford")
    assert "collapse" in ids and "third_place_battle" not in ids
    assert "The Conservatives, who won the seat in 2019, were third" in dataset.story(["Telford"]).text


def test_a_collapse_can_lead(dataset: Dataset) -> None:
    # Hazel Grove: the Conservatives (notional winners) third behind the Lib Dems and Labour
    assert _ids(dataset, "Hazel Grove")[0] == "collapse"
    story = dataset.story(["Hazel Grove"])
    assert "third" in story.headline
    assert "won the seat in 2019, were third" not in story.text  # the lede has said it


def test_a_hold_or_second_place_is_no_collapse(dataset: Dataset) -> None:
    assert "collapse" not in _ids(dataset, "Southend West and Leigh")  # Con second
    assert "collapse" not in _ids(dataset, "North Durham")  # Labour held it


# -- the verifier knows which majority is which ----------------------------------------------
def test_the_verifier_tells_the_majority_then_from_now(dataset: Dataset) -> None:
    facts = [dataset.facts("Southend West and Leigh").to_dict()]
    assert check_text("The Conservatives had a notional majority of 15,454 in 2019.", facts).ok
    assert check_text("Labour won with a majority of 1,949.", facts).ok
    assert [p.text for p in check_text("Labour won with a majority of 15,454.", facts).problems] == ["15,454"]
    wrong = check_text("The Conservatives had a notional majority of 1,949 in 2019.", facts)
    assert [p.text for p in wrong.problems] == ["1,949"]
    assert [p.text for p in check_text("It was a swing of 12.3 points.", facts).problems] == ["12.3"]


# -- more of what happened: the seat's record, rejected ballots, lost deposits ------------------
def test_a_run_that_ended_and_a_run_kept_are_said(dataset: Dataset) -> None:
    # Amber Valley: Labour 1997-2005, Conservative 2010-2019 (history file), Labour in 2024
    assert "The Conservatives had won it at every general election since 2010." in dataset.story(["Amber Valley"]).text
    # Alyn and Deeside: Labour at every election since the seat's first, 1983
    text = dataset.story(["Alyn and Deeside"]).text
    assert "Alyn and Deeside has elected a Labour MP at every general election since 1983." in text
    # a first in the lede is not repeated as a run ended
    assert "had won it at every general election" not in dataset.story(["Aldershot"]).text


def test_rejected_ballots_and_lost_deposits(dataset: Dataset) -> None:
    facts = dataset.facts("Southend West and Leigh")
    text = dataset.story(["Southend West and Leigh"]).text
    assert f"There were {facts.invalid_votes} rejected ballot papers." in text
    lost = [c for c in facts.candidates if c.votes * 20 < facts.valid_votes]  # under 5% of the valid vote
    assert len(lost) == 5 and "Five candidates lost their deposits." in text


def test_a_party_up_from_third_to_second_is_said(dataset: Dataset) -> None:
    # Barking: Reform UK (the Brexit Party's notional 2019 vote) third last time, second now
    facts = dataset.facts("Barking")
    assert facts.previous_third == "RUK" and facts.runner_up is not None and facts.runner_up.party.code == "RUK"
    assert "Reform UK, third last time as the Brexit Party, came second." in dataset.story(["Barking"]).text
    # and not where the runner-up was not third last time
    southend = dataset.facts("Southend West and Leigh")
    assert southend.runner_up is not None and southend.runner_up.party.code != southend.previous_third
    assert "came second." not in dataset.story(["Southend West and Leigh"]).text
