"""History that cannot mislead: a seat's creation year, majority records, a party's run.

The history file (Commons Library, 1918-2019) gives votes by party group only, so a past
majority is known within bounds; records are claimed only where the bounds decide them.
Seats and years below were checked by hand against the file's rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.baselines.models import HistoryEntry
from newsgen.baselines.sources import majority_bounds
from newsgen.facts.seat import _majority_record
from newsgen.pipeline import Dataset
from newsgen.verify import check_text

EARLIER = Path(__file__).resolve().parents[1] / "fixtures" / "ge-earlier"


@pytest.fixture(scope="module")
def ge2019() -> Dataset:
    return Dataset(EARLIER / "candidate-level-results-general-election-12-12-2019.csv")


# -- bounds on a past majority from votes by party group -----------------------------------
@pytest.mark.parametrize(
    ("votes", "winner", "bounds"),
    [
        # only named groups: exact
        ({"con": 20000, "lab": 15000, "lib": 3000, "natSW": 0, "oth": 0}, "con", (5000, 5000)),
        # "oth" smaller than the runner-up: still exact
        ({"con": 20000, "lab": 15000, "lib": 0, "natSW": 0, "oth": 4000}, "con", (5000, 5000)),
        # "oth" bigger than any named rival: the runner-up may be one of them
        ({"con": 20000, "lab": 3000, "lib": 0, "natSW": 0, "oth": 9000}, "con", (11000, 17000)),
        # an "other" won: at most its group's total, and another "other" may have been second
        ({"con": 5000, "lab": 3000, "lib": 0, "natSW": 0, "oth": 20000}, "oth", (0, 15000)),
    ],
)
def test_majority_bounds(votes: dict[str, int], winner: str, bounds: tuple[int, int]) -> None:
    assert majority_bounds(votes, winner) == bounds


def _entries(*rows: tuple[int, int | None, int | None]) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            year=y, election=str(y), seat_name="Somewhere", winner_group="lab", majority_low=lo, majority_high=hi
        )
        for y, lo, hi in rows
    ]


@pytest.mark.parametrize(
    ("rows", "majority", "expected"),
    [
        # bigger in 1997, smaller every time since: the largest since 1997
        ([(1992, 1000, 1000), (1997, 9000, 9000), (2001, 4000, 4000), (2019, 3000, 3000)], 8000, ("largest", 1997)),
        # a bigger one only two elections ago: not news
        ([(1992, 1000, 1000), (2010, 9000, 9000), (2015, 4000, 4000)], 8000, None),
        # every earlier majority smaller: the largest on record (since the first entry)
        ([(1983, 1000, 1000), (1987, 2000, 2000), (2019, 3000, 3000)], 8000, ("largest", None)),
        # smaller than all since 1970, which was narrower still
        ([(1970, 50, 50), (1974, 900, 900), (1979, 2000, 2000), (2019, 700, 700)], 100, ("smallest", 1970)),
        # a past majority known only between 5,000 and 12,000 straddles 8,000: no claim
        ([(1992, 1000, 1000), (1997, 5000, 12000), (2019, 100, 100)], 8000, None),
        # unopposed in between: no majority to compare with, so the search stops unclaimed
        ([(1983, 1000, 1000), (1987, None, None), (2019, 2000, 2000)], 8000, None),
        # the larger one was before 1945, when a group's votes may be two candidates': no claim
        ([(1935, 9000, 9000), (1945, 100, 100), (1950, 200, 200), (2019, 300, 300)], 8000, None),
    ],
)
def test_majority_record_table(
    rows: list[tuple[int, int | None, int | None]], majority: int, expected: tuple[str, int | None] | None
) -> None:
    assert _majority_record(_entries(*rows), majority, 2024) == expected


# -- real seats ------------------------------------------------------------------------------
def test_alyn_and_deeside_largest_majority_since_2001(dataset: Dataset) -> None:
    # Mark Tami: 8,794 in 2024; Labour's majority was 9,222 in 2001 and smaller at every election since
    facts = dataset.facts("Alyn and Deeside")
    assert facts.majority == 8_794
    assert (facts.history.record, facts.history.record_since) == ("largest", 2001)
    assert "majority is the largest in Alyn and Deeside since 2001." in dataset.story(["Alyn and Deeside"]).text


def test_beverley_and_holderness_narrowest_on_record(dataset: Dataset) -> None:
    # first fought in 1997, but Beverley ended in 1992: not said to be created then
    facts = dataset.facts("Beverley and Holderness")
    assert facts.majority == 124 and facts.history.created is None
    text = dataset.story(["Beverley and Holderness"]).text
    assert "is the narrowest in Beverley and Holderness at any general election since 1997." in text


def test_a_new_seat_name_is_created(dataset: Dataset) -> None:
    # Beaconsfield was first fought in February 1974; no seat ending in 1970 shared its name
    facts = dataset.facts("Beaconsfield")
    assert facts.history.created == 1974
    assert "since the seat was created in 1974" in dataset.story(["Beaconsfield"]).text


def test_esher_and_walton_first_lib_dem_mp_on_record(dataset: Dataset) -> None:
    story = dataset.story(["Esher and Walton"])
    assert story.lead == "historic_first"
    # Esher ended in 1992: whether Esher and Walton was created in 1997 or Esher renamed, the
    # names cannot say, so the claim is bounded by the record
    assert dataset.facts("Esher and Walton").history.created is None
    assert "for the first time on record" in story.paragraphs[0] and "1997" in story.paragraphs[0]


@pytest.mark.parametrize(
    "seat",
    [
        "Banbury",  # "Oxfordshire Banbury" until 1951: the same seat, named county first
        "Blackburn",  # Blackburn East and West in 1950-51, two-member before: not created in 1955
        "Bolsover",  # "Derbyshire Bolsolver" in the file's 1950 and 1951 rows
        "Esher and Walton",  # Esher until 1992
    ],
)
def test_a_seat_whose_name_changed_in_the_file_is_not_said_to_be_created(dataset: Dataset, seat: str) -> None:
    facts = dataset.facts(seat)
    assert facts.history is not None and facts.history.created is None
    assert "was created in" not in dataset.story([seat]).text


@pytest.mark.parametrize(
    "seat",
    [
        "Brecon and Radnorshire",  # "Brecon & Radnor" from 1955 to 1992, "Breconshire And Radnorshire" before
        "Blyth Valley",  # Blyth until 1979, renamed in 1983
    ],
)
def test_renamed_seats_2019_are_not_created(ge2019: Dataset, seat: str) -> None:
    assert ge2019.facts(seat).history.created is None


def test_harlow_2019_record_and_tenure(ge2019: Dataset) -> None:
    facts = ge2019.facts("Harlow")
    assert facts.history.created == 1974 and facts.history.record == "largest"
    text = ge2019.story(["Harlow"]).text
    assert "Halfon, an MP since 2010, polled 27,510 votes" in text
    assert "majority is the largest in Harlow since the seat was created in 1974." in text


def test_a_partys_run_is_said_for_a_hold(dataset: Dataset) -> None:
    facts = dataset.facts("Bootle")
    assert facts.history.winner_run_since == 1945
    text = dataset.story(["Bootle"]).text
    assert "Bootle has been Labour since 1945." in text or "won Bootle at every general election since 1945" in text


# -- the verifier holds each of them to its own fact -----------------------------------------
@pytest.mark.parametrize(
    ("seat", "right", "wrong"),
    [
        ("Alyn and Deeside", "since 2001", "since 1992"),
        # 1983 is a year of the seat's history (its first), but not the one the record runs from
        ("Alyn and Deeside", "since 2001", "since 1983"),
        ("Beverley and Holderness", "since 1997", "since 2010"),
        ("Beaconsfield", "created in 1974", "created in 1983"),
    ],
)
def test_a_wrong_record_or_creation_year_is_refused(dataset: Dataset, seat: str, right: str, wrong: str) -> None:
    facts = [dataset.facts(seat).to_dict()]
    paragraph = next(p for p in dataset.story([seat]).paragraphs if right in p)
    assert check_text(paragraph, facts).ok
    assert not check_text(paragraph.replace(right, wrong), facts).ok


# -- each figure once ------------------------------------------------------------------------
def test_the_majority_and_totals_are_stated_once(dataset: Dataset) -> None:
    """Standfirst and body together give the majority and the top two totals once each (the
    headline may repeat one, as headlines do)."""
    repeated = []
    for seat in dataset.seat_names:
        facts = dataset.facts(seat)
        if facts.runner_up is None:
            continue
        story = dataset.story([seat], provenance=False)
        prose = " ".join([story.standfirst, *story.paragraphs])
        for n in {facts.majority, facts.winner.votes, facts.runner_up.votes}:
            if n >= 10 and prose.count(f"{n:,}") > 1 and sum(c.votes == n for c in facts.candidates) == 1:
                repeated.append((seat, n))
    assert repeated == []


def test_turnout_as_a_points_change(dataset: Dataset) -> None:
    text = dataset.story(["Aberdeen South"]).text
    assert "Turnout was 60.16 per cent, down 9.5 percentage points on the 2019 figure for the old boundaries." in text


def test_the_other_main_parties_changes_are_given(dataset: Dataset) -> None:
    text = dataset.story(["Slough"]).text
    assert "Reform UK's share rose 4.9 points to 7.7 per cent." in text
    assert "The Conservatives' share fell 12.3 points to 17.2 per cent, and the Liberal Democrats' 2.0 points" in text


def test_the_history_paragraph_is_planned_from_the_facts(dataset: Dataset) -> None:
    """The plan says what the history paragraph holds, so a section is listed only when it has
    something to say (the paragraph-order measure counts listed sections)."""
    from newsgen.plan import history_points

    # Labour at every election since the seat was created in 1983, and the largest majority since 2001
    assert history_points(dataset.facts("Alyn and Deeside"), "hold") == ("record", "always")
    assert history_points(dataset.facts("Bootle"), "hold")[-1:] in (("run_kept",), ("always",))
    assert history_points(dataset.facts("Chorley"), "speaker_seat") == ()  # the Speaker: no party run
    for name in dataset.seat_names:
        plan = dataset.plan(dataset.angles([name]))
        assert ("history" in plan.sections) == bool(plan.history_points), name
