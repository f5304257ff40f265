"""Continuity from the data: who was the MP before, who came back, who kept what.

Each case is a real 2024 seat whose published reports say so; the facts come from the
bundled 2010-2019 files followed by MNIS member id.
"""

from __future__ import annotations

import re

import pytest

from newsgen.pipeline import Dataset

_KEPT = re.compile(r"\b(re-elected|kept|keeps|retained|retains|held on to|holds)\b")


def _lead(dataset: Dataset, seat: str) -> str:
    _, ranked, _, _ = dataset.angles([seat])
    return ranked[0].id


def _opening(dataset: Dataset, seat: str) -> str:
    story = dataset.story([seat], provenance=False)
    return "\n".join([story.headline, story.paragraphs[0]])


# -- by-election winners defend; they are not challengers -------------------------------------
@pytest.mark.parametrize(
    ("seat", "mp", "beaten"),
    [
        ("Tamworth", "Sarah Edwards", "Eddie Hughes"),  # won the 2023 by-election; Hughes sat for Walsall North
        ("Chesham and Amersham", "Sarah Green", None),  # won the 2021 by-election from the Conservatives
    ],
)
def test_a_by_election_winner_defends_the_seat(dataset: Dataset, seat: str, mp: str, beaten: str | None) -> None:
    facts = dataset.facts(seat)
    assert facts.winner.name == mp and facts.result == "gain"  # a gain only against the notional 2019 result
    assert facts.defended
    assert _lead(dataset, seat) == "defended_seat"
    _, ranked, _, _ = dataset.angles([seat])
    assert "overturned_majority" not in {a.id for a in ranked}  # the lead was overturned at the by-election
    opening = _opening(dataset, seat)
    assert "by-election" in opening
    assert "beats sitting MP" not in opening and "overturn" not in opening
    if beaten:
        assert "Walsall North" in opening  # the defeated MP sat for another seat


# -- former MPs who win back the seat they lost ----------------------------------------------
@pytest.mark.parametrize(
    ("seat", "mp", "lost"),
    [
        ("Redcar", "Anna Turley", 2019),
        ("Scunthorpe", "Nicholas Dakin", 2019),
        ("St Ives", "Andrew George", 2015),
        ("Wells and Mendip Hills", "Tessa Munt", 2015),  # she lost Wells, its predecessor
    ],
)
def test_a_former_mp_wins_back_the_seat_they_lost(dataset: Dataset, seat: str, mp: str, lost: int) -> None:
    w = dataset.facts(seat).winner
    assert (w.name, w.lost_here, w.sitting_mp) == (mp, lost, False)
    assert _lead(dataset, seat) == "regained_seat"
    opening = _opening(dataset, seat)
    assert str(lost) in opening
    assert "first" not in opening and not _KEPT.search(opening)


def test_a_winner_who_never_sat_here_has_nothing_to_win_back(dataset: Dataset) -> None:
    for seat in ("North Durham", "Southend West and Leigh", "Tamworth"):
        assert not dataset.facts(seat).winner.regained, seat


# -- open seats name the MP who did not stand again -------------------------------------------
def test_an_open_seat_names_its_last_mp(dataset: Dataset) -> None:
    facts = dataset.facts("North Durham")
    assert facts.departing_mp == "Kevan Jones" and facts.departing_mp_party is not None
    assert facts.departing_mp_party.code == "Lab"
    story = dataset.story(["North Durham"], provenance=False)
    assert "Kevan Jones, who won North Durham for Labour in 2019, did not stand again." in story.text


def test_a_seat_whose_mp_came_from_a_by_election_is_not_open(dataset: Dataset) -> None:
    # Sir David Amess won Southend West in 2019; Anna Firth won the 2022 by-election and stood again
    facts = dataset.facts("Southend West and Leigh")
    assert facts.departing_mp is None
    assert "did not stand again" not in dataset.story(["Southend West and Leigh"], provenance=False).text


def test_no_open_seat_names_someone_who_stood(dataset: Dataset) -> None:
    standing = {c.name for name in dataset.seat_names for c in dataset.facts(name).candidates}
    departing = {dataset.facts(name).departing_mp for name in dataset.seat_names} - {None}
    assert len(departing) > 50  # 2024 had well over a hundred retirements
    assert not departing & standing


# -- nobody new keeps, retains or is re-elected ------------------------------------------------
def test_no_new_mp_is_said_to_keep_the_seat(dataset: Dataset) -> None:
    wrong = []
    for name in dataset.seat_names:
        f = dataset.facts(name)
        if f.sat_here(f.winner):
            continue
        story = dataset.story([name], provenance=False)
        w = f.winner
        refs = (w.name, f"{w.title} {w.family_name}" if w.title else w.family_name)
        for sentence in re.split(r"(?<=[.!?])\s+|\n", "\n".join([story.headline, *story.paragraphs[:2]])):
            if "re-elected" in sentence or any(
                re.search(rf"{re.escape(r)},?\s+{_KEPT.pattern}", sentence) for r in refs
            ):
                wrong.append((name, sentence))
    assert not wrong, wrong[:5]


def test_no_sitting_mp_is_called_a_new_mp(dataset: Dataset) -> None:
    # Michael Shanks won Rutherglen and Hamilton West at the 2023 by-election, then Rutherglen
    wrong = []
    for name in dataset.seat_names:
        f = dataset.facts(name)
        if f.winner.sitting_mp and "new MP" in dataset.story([name], provenance=False).text:
            wrong.append(name)
    assert not wrong, wrong


def test_a_by_election_gain_the_notional_result_hides_is_said(dataset: Dataset) -> None:
    # Labour took Mid Bedfordshire at the October 2023 by-election; the Conservatives won it back
    facts = dataset.facts("Mid Bedfordshire")
    assert (facts.result, facts.byelection_gain_year) == ("hold", 2023)
    assert facts.byelection_gain_party is not None and facts.byelection_gain_party.code == "Lab"
    text = dataset.story(["Mid Bedfordshire"], provenance=False).text
    assert "Labour had won Mid Bedfordshire at a by-election in 2023." in text


def test_in_2015_open_seats_and_by_election_winners_are_told_apart() -> None:
    # Southampton, Itchen 2015: John Denham won it in 2010 and did not stand again
    from newsgen import resources

    ds = Dataset(resources.bundled(resources.GE_FILES[2015]))
    assert ds.facts("Southampton, Itchen").departing_mp == "John Denham"
    # Rochester and Strood: Mark Reckless won the 2014 by-election for UKIP and stood again (and
    # lost); the 2010 winner, the same Mark Reckless as a Conservative, is not an open seat's MP
    facts = ds.facts("Rochester and Strood")
    assert facts.departing_mp is None and facts.byelection_gain_year == 2014


def test_the_readme_before_and_after_is_what_tamworth_prints_now(dataset: Dataset) -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    story = dataset.story(["Tamworth"], provenance=False)
    assert f"# {story.headline}" in readme
    for paragraph in (story.paragraphs[0], story.paragraphs[2]):
        assert paragraph in " ".join(readme.split()), paragraph


@pytest.mark.parametrize(
    ("seat", "mp", "then", "now"),
    [
        ("Ashfield", "Lee Anderson", "the Conservatives", "Reform UK"),  # joined Reform UK in March 2024
        ("Bury South", "Christian Wakeford", "the Conservatives", "Labour"),  # crossed the floor in 2022
    ],
)
def test_an_mp_who_changed_party_holds_the_seat_under_the_new_one(
    dataset: Dataset, seat: str, mp: str, then: str, now: str
) -> None:
    w = dataset.facts(seat).winner
    assert w.name == mp and w.changed_label
    assert _lead(dataset, seat) == "defended_seat"  # not the party's "first seat", not a plain gain
    opening = _opening(dataset, seat)
    assert f"elected for {then} in 2019" in opening or f"won it for {then} in 2019" in opening
    assert now in opening


def test_earlier_elections_know_defences_and_returns_too() -> None:
    from newsgen import resources

    # 2015: Douglas Carswell won Clacton for UKIP at the 2014 by-election and held it
    ds = Dataset(resources.bundled(resources.GE_FILES[2015]))
    assert _lead(ds, "Clacton") == "defended_seat"
    assert "by-election in 2014" in _opening(ds, "Clacton")
    # 2017: Vince Cable, Ed Davey and Jo Swinson won back the seats they lost in 2015
    ds = Dataset(resources.bundled(resources.GE_FILES[2017]))
    for seat in ("Twickenham", "Kingston and Surbiton", "East Dunbartonshire"):
        assert ds.facts(seat).winner.lost_here == 2015, seat
        assert _lead(ds, seat) == "regained_seat", seat


def test_one_story_loaded_alone_knows_who_stands_elsewhere() -> None:
    # `newsgen story "Mid Bedfordshire"` loads that seat only; Alistair Strathern, who won its
    # 2023 by-election, stood in Hitchin, so the seat is not open and he is not "not standing"
    alone = Dataset(only=["Mid Bedfordshire"])
    assert alone.facts("Mid Bedfordshire").departing_mp is None
    assert "did not stand again" not in alone.story(["Mid Bedfordshire"], provenance=False).text
    # ... while a seat whose MP stood nowhere is still open when loaded alone
    assert Dataset(only=["North Durham"]).facts("North Durham").departing_mp == "Kevan Jones"
