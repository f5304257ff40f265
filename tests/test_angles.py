"""Real seats exercise the angles, each with the fact that justifies it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from newsgen.angles import ANGLE_IDS, Thresholds, apply_choices, seat_angles
from newsgen.context import parse_context
from newsgen.errors import ChoicesError
from newsgen.facts.seat import SeatFacts
from newsgen.pipeline import Dataset


def fired(dataset: Dataset, seat: str) -> dict[str, dict]:
    _, ranked, _, _ = dataset.angles([seat])
    return {a.id: {"score": a.score, "reason": a.reason, **a.evidence} for a in ranked}


def test_every_required_angle_id_is_registered() -> None:
    required = {
        "gain", "hold", "historic_first", "ousted_incumbent", "big_name_defeat", "big_name_survives", "big_name_win",
        "long_tenure_ended", "narrow_majority", "landslide", "overturned_majority", "party_first_seat",
        "independent_win", "third_place_battle", "turnout_change", "speaker_seat", "area_sweep",
        "regained_seat", "defended_seat", "collapse", "safe_seat_falls", "runner_up_surge",
    }  # fmt: skip
    assert required <= set(ANGLE_IDS)


def test_north_herefordshire_greens_first_win(dataset: Dataset) -> None:
    angles = fired(dataset, "North Herefordshire")
    first = angles["historic_first"]
    assert first["winner_party"] == "Green"
    assert first["single_group"] == "con"  # Conservative at every election checked
    assert "Green Party has never won this seat" in first["reason"]
    assert dataset.story(["North Herefordshire"]).lead == "historic_first"


def test_south_basildon_reform_by_98_votes(dataset: Dataset) -> None:
    angles = fired(dataset, "South Basildon and East Thurrock")
    assert angles["narrow_majority"]["majority"] == 98
    assert angles["party_first_seat"]["winner_party"] == "RUK"
    story = dataset.story(["South Basildon and East Thurrock"])
    assert story.lead == "narrow_majority"  # a tiny margin is the story
    assert "98 votes" in story.paragraphs[0]


def test_blackburn_independent_gain(dataset: Dataset) -> None:
    angles = fired(dataset, "Blackburn")
    assert "independent_win" in angles and angles["gain"]["previous_party"] == "Lab"
    assert angles["ousted_incumbent"]["mp"] == "Kate Hollern"


def test_chorley_the_speaker(dataset: Dataset) -> None:
    angles = fired(dataset, "Chorley")
    assert "speaker_seat" in angles and "landslide" not in angles
    assert dataset.story(["Chorley"]).lead == "speaker_seat"


def test_north_west_cambridgeshire_39_votes(dataset: Dataset) -> None:
    angles = fired(dataset, "North West Cambridgeshire")
    assert angles["narrow_majority"]["majority"] == 39
    assert angles["narrow_majority"]["score"] == Thresholds().score_tiny_majority


def test_westmorland_landslide_over_21000(dataset: Dataset) -> None:
    angles = fired(dataset, "Westmorland and Lonsdale")
    assert angles["landslide"]["majority"] == 21472
    story = dataset.story(["Westmorland and Lonsdale"])
    assert "21,472" in story.text


def test_long_tenure_ended_follows_member_ids(dataset: Dataset) -> None:
    # Stephen Metcalfe won South Basildon and East Thurrock in 2010, 2015, 2017 and 2019.
    angles = fired(dataset, "South Basildon and East Thurrock")
    assert angles["long_tenure_ended"]["mp_since"] == 2010
    assert angles["long_tenure_ended"]["mp_since_before"] is False


def test_clacton_is_no_historic_first_because_ukip_won_it(dataset: Dataset) -> None:
    # "Others" won Clacton in 2015 (UKIP): the history file cannot rule out a first for Reform.
    angles = fired(dataset, "Clacton")
    assert "historic_first" not in angles
    assert angles["party_first_seat"]["earlier_elections"] == [2010, 2015, 2017, 2019]


def test_safe_hold_leads_on_the_hold(dataset: Dataset) -> None:
    angles = fired(dataset, "Aberafan Maesteg")
    assert "hold" in angles and "gain" not in angles and "historic_first" not in angles
    assert dataset.story(["Aberafan Maesteg"]).lead == "hold"


def test_big_name_angles_rest_on_the_context() -> None:
    context = parse_context(
        "candidates:\n"
        "  - {name: Bill Wiggin, role: a former whip, notable: true}\n"
        "  - {name: Tim Farron, role: a former Liberal Democrat leader, notable: true}\n"
        "  - {name: Ellie Chowns, role: the Greens' spokesperson, notable: true}\n"
    )
    data = Dataset(context=context)
    assert fired(data, "North Herefordshire")["big_name_defeat"]["candidate"] == "Bill Wiggin"
    assert fired(data, "North Herefordshire")["big_name_win"]["candidate"] == "Ellie Chowns"
    assert fired(data, "Westmorland and Lonsdale")["big_name_survives"]["candidate"] == "Tim Farron"
    assert data.story(["North Herefordshire"]).lead == "big_name_defeat"


def test_no_big_name_without_context(dataset: Dataset) -> None:
    for seat in ("North Herefordshire", "Westmorland and Lonsdale", "Chorley"):
        assert not {"big_name_defeat", "big_name_win", "big_name_survives"} & set(fired(dataset, seat))


def test_area_sweep_needs_every_seat_to_change_hands(southend_dataset: Dataset) -> None:
    _, ranked, area, _ = southend_dataset.angles(["Southend West and Leigh", "Southend East and Rochford"])
    assert area == "Southend" and ranked[0].id == "area_sweep"
    _, mixed, _, _ = southend_dataset.angles(["Southend West and Leigh", "Castle Point"])  # Castle Point: Con hold
    assert "area_sweep" not in {a.id for a in mixed}


def test_thresholds_can_be_overridden(dataset: Dataset) -> None:
    facts = dataset.facts("Southend West and Leigh")  # majority 1,949
    assert "narrow_majority" not in {a.id for a in seat_angles(facts)}
    assert "narrow_majority" in {a.id for a in seat_angles(facts, Thresholds(narrow_majority_votes=2000))}


def test_editor_can_choose_another_lead_but_not_one_that_did_not_fire(dataset: Dataset) -> None:
    facts = dataset.facts("North Herefordshire")
    ranked = seat_angles(facts)
    chosen = apply_choices(ranked, lead="third_place_battle", dropped=["gain"])
    assert chosen[0].id == "third_place_battle" and "gain" not in {a.id for a in chosen}
    with pytest.raises(ChoicesError, match="did not fire"):
        apply_choices(ranked, lead="speaker_seat")
    story = dataset.story(["North Herefordshire"], lead="third_place_battle")
    assert story.lead == "third_place_battle" and "Andrew Dye" in story.paragraphs[0]


# -- "first time in history" only where the history file shows it ---------------------------
# Facts below from the history file (Commons Library 1918-2019), checked by hand: Labour won
# "Buckinghamshire Wycombe" in 1945 and 1950, "Essex Colchester" in 1945, "Staffordshire
# Lichfield" in 1923, 1929 and 1945, "Norfolk Southern" in 1923 and 1945; the seat called
# Shrewsbury was fought until 1979 and then as Shrewsbury & Atcham (Labour 1997 and 2001).
@pytest.mark.parametrize("seat", ["Wycombe", "Colchester", "Lichfield", "South Norfolk", "Shrewsbury"])
def test_no_first_where_the_party_won_under_an_older_name(dataset: Dataset, seat: str) -> None:
    facts = dataset.facts(seat)
    assert facts.winning_party.code == "Lab" and facts.result == "gain"
    assert "historic_first" not in fired(dataset, seat)
    text = dataset.story([seat]).text
    assert "first time" not in text and "first ever" not in text and "made history" not in text


def test_county_first_and_direction_names_are_the_same_seat(dataset: Dataset) -> None:
    wycombe = dataset.facts("Wycombe").history
    assert wycombe is not None and wycombe.from_start and wycombe.complete
    assert "Buckinghamshire Wycombe" in wycombe.seats and wycombe.first_year == 1918
    assert wycombe.winner_group_last_won == 1950
    norfolk = dataset.facts("South Norfolk").history
    assert norfolk is not None and "Norfolk Southern" in norfolk.seats


def test_a_gap_in_the_history_means_no_never_or_always(dataset: Dataset) -> None:
    shrewsbury = dataset.facts("Shrewsbury").history
    assert shrewsbury is not None and shrewsbury.last_year == 1979 and not shrewsbury.complete
    assert shrewsbury.single_group is None and shrewsbury.loser_run_since is None


def test_a_history_that_starts_late_is_bounded_in_the_story(dataset: Dataset) -> None:
    # Woking's history in the file starts in 1950 and reaches no older seat, so the story says
    # how far it looks rather than "ever" (Na h-Eileanan an Iar, once the example here, is now
    # followed back to Western Isles: see test_a_renamed_seat_keeps_its_history_and_no_false_first)
    first = fired(dataset, "Woking")["historic_first"]
    assert first["from_start"] is False and first["history_from"] == 1950
    assert "in 20 general elections since 1950" in first["reason"]
    story = dataset.story(["Woking"])
    assert story.lead == "historic_first"
    top = f"{story.headline} {story.paragraphs[0]}".lower()
    assert "ever" not in re.findall(r"[a-z]+", top)
    for claim in ("in its history", "in history", "makes history"):
        assert claim not in top
    # "on record", and how far the record goes: never "for the first time in 20 elections",
    # which reads as if the Liberal Democrats had won Woking before
    assert "on record" in top and "1950" in story.paragraphs[0]
    assert "first time in 20" not in top


def test_no_story_claims_history_its_data_does_not_reach(dataset: Dataset) -> None:
    checked = 0
    for name in dataset.seat_names:
        _, ranked, _, _ = dataset.angles([name])
        first = next((a for a in ranked if a.id == "historic_first"), None)
        if first is None or first.evidence["from_start"]:
            continue
        checked += 1
        story = dataset.story([name], lead="historic_first")
        top = (story.headline + " " + story.paragraphs[0]).lower()
        assert "ever" not in re.findall(r"[a-z]+", top) and "in history" not in top, name
        assert "its history" not in top and "history of" not in top, name
        # bounded: "on record", or since the seat was created, with the year the seat's results begin
        bounded = ("on record", "every election since", "since it was created in", "since its creation in")
        assert any(phrase in top for phrase in bounded), name
        if first.evidence["created"]:
            assert "on record" not in top, name  # a seat created in 1997 has a whole record
        assert str(first.evidence["history_from"]) in top, name
    assert checked >= 20  # 27 seats on the 2024 data


def test_area_paragraphs_and_first_claims(dataset: Dataset) -> None:
    context = parse_context(
        "areas:\n  East Kent:\n    seats: [Ashford, Folkestone and Hythe]\n"
        "  Surrey West:\n    seats: [Surrey Heath, Esher and Walton]\n"
    )
    area = Dataset(context=context)
    kent = area.story(["Ashford", "Folkestone and Hythe"])
    # Ashford (Kent Ashford from 1918) and Folkestone and Hythe (Hythe from 1918): never Labour
    assert kent.angles[0]["evidence"]["each_first_in_history"] is True
    assert "change hands" not in kent.headline  # Kent Ashford went Liberal in 1929: it had changed hands
    for paragraph in kent.paragraphs:
        assert not re.search(r"[.!?][A-Z]", paragraph), paragraph  # a space after every sentence
    assert "Mr Collins was the sitting MP." in kent.text and "Sitting MP Mr Collins" not in kent.text
    # Surrey Heath and Esher and Walton are traced only from 1997, and Esher and Walton is not
    # named for Surrey: no "in history" or "ever" for the pair
    surrey = area.story(["Surrey Heath", "Esher and Walton"])
    sweep = surrey.angles[0]
    assert sweep["id"] == "area_sweep" and sweep["evidence"]["first_in_history"] is False
    assert "history" not in surrey.text.lower() and "ever elected" not in surrey.text


# -- MPs who left the party they were elected for ---------------------------------------------
# 2019 file (ge-earlier): Claudia Webbe won Leicester East for Labour, Julian Knight Solihull
# and Andrew Bridgen North West Leicestershire for the Conservatives; in 2024 all three stood
# as independents and finished fourth, sixth and sixth.
def test_mps_who_changed_label_are_known(dataset: Dataset) -> None:
    changed = {
        c.name: (c.elected_as, c.party.code)
        for name in dataset.seat_names
        for c in dataset.facts(name).candidates
        if c.changed_label
    }
    assert changed["Claudia Webbe"] == ("Lab", "Ind") and changed["Lee Anderson"] == ("Con", "RUK")
    assert changed["Christian Wakeford"] == ("Con", "Lab") and changed["Jeremy Corbyn"] == ("Lab", "Ind")
    assert len(changed) == 10


@pytest.mark.parametrize(
    ("seat", "lead", "sentence"),
    [
        (
            "Leicester East",
            "gain",
            "Sitting MP Claudia Webbe, elected as a Labour MP in 2019, finished fourth with 5,532 votes.",
        ),
        ("Solihull West and Shirley", "hold", "elected as a Conservative MP in 2019, finished sixth with 594 votes."),
        (
            "North West Leicestershire",
            "overturned_majority",
            "Sitting MP Andrew Bridgen, elected as a Conservative MP in 2019, finished sixth",
        ),
    ],
)
def test_a_far_back_mp_who_left_their_party_does_not_lead(
    dataset: Dataset, seat: str, lead: str, sentence: str
) -> None:
    angles = fired(dataset, seat)
    assert angles["ousted_incumbent"]["score"] < angles[lead]["score"]
    story = dataset.story([seat])
    assert story.lead == lead
    assert sentence in story.text


# -- seats renamed under a name sharing no word with the old one (issue 12) ---------------------
@pytest.mark.parametrize(
    ("seat", "old"),
    [
        ("Na h-Eileanan an Iar", "Western Isles"),  # renamed in 2005; Labour won Western Isles until 2001
        ("North East Somerset and Hanham", "Wansdyke"),  # Labour won Wansdyke 1997-2005
    ],
)
def test_a_renamed_seat_keeps_its_history_and_no_false_first(dataset: Dataset, seat: str, old: str) -> None:
    facts = dataset.facts(seat)
    assert facts.history is not None and old in facts.history.seats
    assert facts.history.winner_group_won  # Labour won it under the old name
    ids = [a.id for a in dataset.angles([seat])[1]]
    assert "historic_first" not in ids
    assert "first time" not in dataset.story([seat]).text


# -- change as news: a safe seat falls, a runner-up surges (issue 12) ---------------------------
# History (Commons Library 1918-2019 file, checked by hand): Norfolk Southern / South Norfolk
# Conservative at every general election from 1950 to 2019 (Labour 1945); Rushcliffe
# Conservative from 1970 (Labour 1966); Bassetlaw Labour from 1935, Wakefield Labour from 1935.
EARLIER = Path(__file__).resolve().parent.parent / "fixtures" / "ge-earlier"


@pytest.fixture(scope="module")
def ge2019() -> Dataset:
    return Dataset(EARLIER / "candidate-level-results-general-election-12-12-2019.csv")


def _winner(f: SeatFacts, **changes: object) -> SeatFacts:
    return replace(f, candidates=(replace(f.winner, **changes), *f.candidates[1:]))  # type: ignore[arg-type]


def _runner_up(f: SeatFacts, **changes: object) -> SeatFacts:
    r = f.candidates[1]
    return replace(f, candidates=(f.winner, replace(r, **changes), *f.candidates[2:]))  # type: ignore[arg-type]


def _history(f: SeatFacts, **changes: object) -> SeatFacts:
    assert f.history is not None
    return replace(f, history=replace(f.history, **changes))  # type: ignore[arg-type]


SAFE_SEAT_CASES: list[tuple[str, Callable[[SeatFacts], SeatFacts], bool]] = [
    ("as published: Conservative since 1950", lambda f: f, True),
    ("a run of exactly 20 years", lambda f: _history(f, loser_run_since=2004), True),
    ("a run of 19 years", lambda f: _history(f, loser_run_since=2005), False),
    ("no unbroken run to the last election", lambda f: _history(f, loser_run_since=None), False),
    ("a gap in the history", lambda f: _history(f, complete=False), False),
    ("a hold", lambda f: replace(f, result="hold"), False),
    ("the winner's party never won it: historic_first tells it", lambda f: _history(f, winner_group_won=False), False),
    ("the winner already sat for the seat (a by-election)", lambda f: _winner(f, sitting_mp=True, sat_for=None), False),
    ("a by-election changed its party since", lambda f: replace(f, byelection_gain_party=f.winning_party), False),
]


@pytest.mark.parametrize(("case", "change", "fires"), SAFE_SEAT_CASES, ids=[c[0] for c in SAFE_SEAT_CASES])
def test_safe_seat_falls_table(
    dataset: Dataset, case: str, change: Callable[[SeatFacts], SeatFacts], fires: bool
) -> None:
    facts = change(dataset.facts("South Norfolk"))
    angle = next((a for a in seat_angles(facts) if a.id == "safe_seat_falls"), None)
    assert (angle is not None) == fires, case
    if angle is not None:
        assert angle.evidence["held_by"] == "Conservative" and angle.evidence["previous_party"] == "Con"
        assert angle.evidence["run_years"] == facts.year - angle.evidence["run_since"]


RUNNER_UP_CASES: list[tuple[str, str, Callable[[SeatFacts], SeatFacts], str | None]] = [
    # Alyn and Deeside: Reform UK second on 22.1%, up 16.1 points, behind Labour and the Conservatives in 2019
    ("a jump to second", "Alyn and Deeside", lambda f: f, "jump"),
    ("up 15.0 points", "Alyn and Deeside", lambda f: _runner_up(f, share_change=15.0), "jump"),
    ("up 14.9 points", "Alyn and Deeside", lambda f: _runner_up(f, share_change=14.9), None),
    ("no published change", "Alyn and Deeside", lambda f: _runner_up(f, share_change=None), None),
    # Bridgwater: a notional Conservative lead of 37.2 points cut by Labour to 3.4
    ("a commanding lead cut to a narrow one", "Bridgwater", lambda f: f, "closed"),
    ("a lead under 20 points last time", "Bridgwater", lambda f: replace(f, previous_majority_share=19.9), None),
    ("a lead of 5 points now", "Bridgwater", lambda f: replace(f, majority_share=5.0), None),
    ("a gain is not a lead cut", "Bridgwater", lambda f: replace(f, result="gain"), None),
    ("the runner-up fell back", "Bridgwater", lambda f: _runner_up(f, share_change=-1.0), None),
    (
        "the seat changed hands at a by-election",
        "Bridgwater",
        lambda f: replace(f, byelection_gain_party=f.winning_party),
        None,
    ),
]


@pytest.mark.parametrize(("case", "seat", "change", "kind"), RUNNER_UP_CASES, ids=[c[0] for c in RUNNER_UP_CASES])
def test_runner_up_surge_table(
    dataset: Dataset, case: str, seat: str, change: Callable[[SeatFacts], SeatFacts], kind: str | None
) -> None:
    facts = change(dataset.facts(seat))
    angle = next((a for a in seat_angles(facts) if a.id == "runner_up_surge"), None)
    assert (angle.evidence["kind"] if angle else None) == kind, case


def test_a_runner_up_surge_is_no_surge_when_second_last_time_too(dataset: Dataset) -> None:
    # Bridgwater's Labour rose, but was second in 2019 too: only the lead it cut can make it news
    facts = replace(dataset.facts("Bridgwater"), previous_majority_share=10.0)
    assert "runner_up_surge" not in {a.id for a in seat_angles(facts)}


@pytest.mark.parametrize(
    ("seat", "lead", "since"),
    [
        ("South Norfolk", "safe_seat_falls", 1950),
        ("Rushcliffe", "safe_seat_falls", 1970),
        ("Wycombe", "long_tenure_ended", 1951),  # Steve Baker, MP since 2010, leads; the run comes later
    ],
)
def test_safe_seat_falls_on_2024_seats(dataset: Dataset, seat: str, lead: str, since: int) -> None:
    angles = fired(dataset, seat)
    assert angles["safe_seat_falls"]["run_since"] == since and "historic_first" not in angles
    story = dataset.story([seat])
    assert story.lead == lead
    body = "\n".join(story.paragraphs)
    # the run is told once: in the lede when it leads, else in the change paragraph
    assert body.count(f"since {since}") == 1, body
    if lead == "safe_seat_falls":
        assert str(since) in story.paragraphs[0] and dataset.facts(seat).winner.name in story.paragraphs[0]
        assert "had won it at every general election since" not in body


@pytest.mark.parametrize("seat", ["Aylesbury", "Chesham and Amersham"])
def test_no_safe_seat_falls_beside_a_first_or_a_defended_seat(dataset: Dataset, seat: str) -> None:
    # Aylesbury: Conservative since 1924 but never Labour, a historic first; Chesham and Amersham:
    # Sarah Green won the 2021 by-election, so the Conservative run ended before 2024
    assert "safe_seat_falls" not in fired(dataset, seat)


@pytest.mark.parametrize(("seat", "since"), [("Bassetlaw", 1935), ("Wakefield", 1935)])
def test_safe_seat_falls_on_2019_seats(ge2019: Dataset, seat: str, since: int) -> None:
    angles = fired(ge2019, seat)
    assert angles["safe_seat_falls"]["run_since"] == since and angles["safe_seat_falls"]["held_by"] == "Labour"
    story = ge2019.story([seat])
    assert story.lead == "safe_seat_falls" and str(since) in story.paragraphs[0]
    assert "\n".join(story.paragraphs).count(str(since)) == 1
    # Bolsover (Labour since 1950, never Conservative) is a historic first instead
    assert "safe_seat_falls" not in fired(ge2019, "Bolsover") and "historic_first" in fired(ge2019, "Bolsover")


@pytest.mark.parametrize(
    ("data", "seat", "kind", "party"),
    [
        ("2024", "Alyn and Deeside", "jump", "RUK"),
        ("2024", "Bridgwater", "closed", "Lab"),
        ("2019", "South West Surrey", "jump", "LD"),
        ("2019", "Kingston upon Hull East", "closed", "Con"),
    ],
)
def test_runner_up_surge_on_real_seats(
    dataset: Dataset, ge2019: Dataset, data: str, seat: str, kind: str, party: str
) -> None:
    ds = dataset if data == "2024" else ge2019
    surge = fired(ds, seat)["runner_up_surge"]
    assert surge["kind"] == kind and surge["runner_up_party"] == party
    assert surge["score"] < fired(ds, seat)["hold"]["score"]  # not the lead unless an editor picks it
    story = ds.story([seat], lead="runner_up_surge")
    facts = ds.facts(seat)
    lede = story.paragraphs[0]
    assert story.lead == "runner_up_surge" and facts.winner.name in lede and facts.candidates[1].name in lede
    assert "third last time, came second" not in story.text  # the lede has told the rise


def test_the_2024_runner_up_surges_are_mostly_reform_and_green(dataset: Dataset) -> None:
    parties = [
        a.evidence["runner_up_party"]
        for name in dataset.seat_names
        for a in dataset.angles([name])[1]
        if a.id == "runner_up_surge" and a.evidence["kind"] == "jump"
    ]
    assert len(parties) == 46 and parties.count("RUK") == 29 and parties.count("Green") == 11
