"""Table tests for the ward and council angle rules: each rule fires on the facts that
support it and on no others. (The real Trafford and South Yorkshire stories are in
test_local_stories.py.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from newsgen.angles.local import COUNCIL_RULES, WARD_RULES
from newsgen.angles.thresholds import DEFAULT
from newsgen.facts.council import CouncilFacts, PartySeats, SeatResult
from newsgen.facts.parties import party_name
from newsgen.facts.ward import WardCandidate, WardFacts


def cand(name: str, code: str, votes: int, elected: bool, sitting: bool = False) -> WardCandidate:
    given, family = name.split()
    return WardCandidate(name, given, family, party_name(code, None), votes, None, 0, elected, sitting)


def ward(*candidates: WardCandidate, **over: Any) -> WardFacts:
    ranked = [replace(c, position=i) for i, c in enumerate(sorted(candidates, key=lambda c: -c.votes), 1)]
    elected = [c for c in ranked if c.elected]
    losers = [c for c in ranked if not c.elected]
    base: dict[str, Any] = {
        "seat_id": "E05000001",
        "seat_name": "Central",
        "council": "Testshire Council",
        "council_id": "testshire",
        "year": 2026,
        "date": dt.date(2026, 5, 7),
        "source_file": "table",
        "seats": len(elected),
        "by_election": False,
        "candidates": tuple(ranked),
        "valid_votes": sum(c.votes for c in ranked),
        "invalid_votes": 0,
        "electorate": None,
        "ballots": None,
        "turnout": None,
        "turnout_published": False,
        "majority": elected[-1].votes - losers[0].votes if losers else None,
        "seat_results": tuple(SeatResult(c.party.code, None) for c in elected),
        "results_since": None,
    }
    base.update(over)
    return WardFacts(**base)


A = cand("Ann Able", "Lab", 1200, True)
B = cand("Bob Best", "Con", 1100, False)
C = cand("Cat Cole", "Green", 300, False)
HOLD = (SeatResult("Lab", "Lab", 2022),)
GAIN = (SeatResult("Lab", "Con", 2022),)

WARDS = [
    # (rule, facts, fires)
    ("ward_gain", ward(A, B, C, seat_results=GAIN), True),
    ("ward_gain", ward(A, B, C, seat_results=HOLD), False),
    ("ward_gain", ward(A, B, C), False),  # the defender is not known: neither gain nor hold
    ("ward_gain", ward(A, B, C, seat_results=GAIN, by_election=True), False),  # a by-election's own rule
    ("by_election_gain", ward(A, B, C, seat_results=GAIN, by_election=True), True),
    ("by_election_gain", ward(A, B, C, seat_results=HOLD, by_election=True), False),
    ("ward_hold", ward(A, B, C, seat_results=HOLD), True),
    ("ward_hold", ward(A, B, C), False),
    ("ward_narrow_majority", ward(A, cand("Bob Best", "Con", 1190, False), C), True),  # 10 votes
    ("ward_narrow_majority", ward(A, B, C), False),  # 100 votes
    ("ward_narrow_majority", ward(A, cand("Bob Best", "Con", 1200, False), C), False),  # a tie: its own rule
    ("ward_tie", ward(A, cand("Bob Best", "Con", 1200, False), C), True),
    ("ward_tie", ward(A, B, C), False),
    (
        "defending_councillor_defeated",
        ward(A, cand("Bob Best", "Con", 1100, False, sitting=True), C),
        True,
    ),
    ("defending_councillor_defeated", ward(cand("Ann Able", "Lab", 1200, True, sitting=True), B, C), False),
    ("council_first_seat", ward(A, B, C, council_firsts=("Lab",), results_since=2016), True),
    ("council_first_seat", ward(A, B, C, council_firsts=("Lab",), results_since=None), False),  # no history
    ("council_first_seat", ward(A, B, C), False),
    ("clean_sweep", ward(A, cand("Al Ash", "Lab", 1150, True), cand("Amy Ark", "Lab", 1120, True), B), True),
    ("clean_sweep", ward(A, cand("Al Ash", "Lab", 1150, True), cand("Bo Bax", "Con", 1120, True), B), False),
    ("split_ward", ward(A, cand("Al Ash", "Lab", 1150, True), cand("Bo Bax", "Con", 1120, True), B), True),
    ("split_ward", ward(A, B, C), False),  # one seat cannot split
    ("ward_elected", ward(A, B, C), True),  # always: who was elected
]


@pytest.mark.parametrize(("rule", "facts", "fires"), WARDS, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(WARDS)])
def test_ward_rule(rule: str, facts: WardFacts, fires: bool) -> None:
    assert (WARD_RULES[rule](facts, DEFAULT) is not None) is fires


def council(**over: Any) -> CouncilFacts:
    parties = over.pop(
        "parties",
        (
            PartySeats("Lab", won=15, gained=2, lost=0, before=41, after=43, votes=0),
            PartySeats("Con", won=2, gained=0, lost=2, before=10, after=8, votes=0),
        ),
    )
    base: dict[str, Any] = {
        "seat_id": "testshire",
        "seat_name": "Testshire Council",
        "year": 2026,
        "date": dt.date(2026, 5, 7),
        "source_file": "table",
        "all_out": False,
        "wards": 21,
        "seats_up": 21,
        "total_seats": 63,
        "parties": parties,
        "state_source": "file",
        "state_since": 2023,
        "uncertain_wards": (),
        "control_before": "Lab",
        "control_after": "Lab",
        "turnout": None,
        "results_since": 2016,
    }
    base.update(over)
    return CouncilFacts(**base)


NOC_AFTER = (
    PartySeats("Lab", won=5, gained=0, lost=6, before=33, after=27, votes=0),
    PartySeats("Con", won=12, gained=6, lost=0, before=20, after=26, votes=0),
)
COUNCILS = [
    ("control_kept", council(), True),
    ("control_kept", council(control_before=None), False),  # the file shows no council before
    ("control_change", council(control_before="Con", control_after="Lab"), True),
    ("control_change", council(control_before="NOC", control_after="Lab"), True),
    ("control_change", council(), False),
    ("control_change", council(control_before=None, control_after="Lab"), False),
    ("lost_to_noc", council(control_after="NOC", parties=NOC_AFTER), True),
    ("lost_to_noc", council(control_before="NOC", control_after="NOC", parties=NOC_AFTER), False),
    ("largest_party", council(control_after="NOC", parties=NOC_AFTER), True),
    ("largest_party", council(), False),  # a party has a majority
    ("council_gains", council(), True),  # two gains
    (
        "council_gains",
        council(parties=(PartySeats("Lab", won=15, gained=1, lost=0, before=42, after=43, votes=0),)),
        False,
    ),
    ("majority_won", council(all_out=True, control_before=None), True),
    ("majority_won", council(all_out=True), False),  # control before known: kept, not won
    ("majority_won", council(control_before=None), False),  # not an all-out election
    ("council_seats_won", council(), True),
    ("council_losses", council(parties=NOC_AFTER), True),  # Labour lost six
    ("council_losses", council(), False),  # two lost: not the lead
]


@pytest.mark.parametrize(("rule", "facts", "fires"), COUNCILS, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(COUNCILS)])
def test_council_rule(rule: str, facts: CouncilFacts, fires: bool) -> None:
    assert (COUNCIL_RULES[rule](facts, DEFAULT) is not None) is fires


def test_every_local_rule_has_a_table() -> None:
    assert {r for r, _, _ in WARDS} == set(WARD_RULES)
    assert {r for r, _, _ in COUNCILS} == set(COUNCIL_RULES)
