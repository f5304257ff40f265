"""fixtures/byelections/uk-parliament-2010-2024.csv checked against the bundled results files.

No network: every check reads files under fixtures/. The spot facts at the bottom were taken
from the page named in each row's `source` column, not from memory.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BYELECTIONS = FIXTURES / "byelections" / "uk-parliament-2010-2024.csv"

COLUMNS = [
    "date",
    "seat",
    "previous_general_election",
    "winner_given_name",
    "winner_family_name",
    "winner_party",
    "winner_member_id",
    "previous_mp",
    "previous_party",
    "gain",
    "reason",
    "source",
    "note",
]

# polling day of each general election, and the file of its candidate-level results
GENERAL_ELECTIONS = {
    "2010": (date(2010, 5, 6), FIXTURES / "ge-earlier" / "candidate-level-results-general-election-06-05-2010.csv"),
    "2015": (date(2015, 5, 7), FIXTURES / "ge-earlier" / "candidate-level-results-general-election-07-05-2015.csv"),
    "2017": (date(2017, 6, 8), FIXTURES / "ge-earlier" / "candidate-level-results-general-election-08-06-2017.csv"),
    "2019": (date(2019, 12, 12), FIXTURES / "ge-earlier" / "candidate-level-results-general-election-12-12-2019.csv"),
    "2024": (date(2024, 7, 4), FIXTURES / "ge2024" / "candidate-level-results-general-election-04-07-2024.csv"),
}
NEXT = {"2010": "2015", "2015": "2017", "2017": "2019", "2019": "2024"}

# what a by-election was caused by: the first words of `reason`
REASONS = ("death", "resignation", "recall petition", "election declared void", "elevation to the Lords")


@cache
def results(year: str) -> tuple[dict[str, str], ...]:
    path = GENERAL_ELECTIONS[year][1]
    with path.open(encoding="utf-8-sig", newline="") as f:
        return tuple(csv.DictReader(f))


@cache
def party_codes() -> frozenset[str]:
    """Every party abbreviation the Commons Library results files use.

    The candidate-level files leave independents and the Speaker blank; the 2024
    by-candidate file spells them 'Ind' and 'Spk', so those are taken from it.
    """
    codes = {row["Main party abbreviation"] for year in GENERAL_ELECTIONS for row in results(year)}
    with (FIXTURES / "ge2024" / "HoC-GE2024-results-by-candidate.csv").open(encoding="utf-8-sig", newline="") as f:
        codes |= {row["Party abbreviation"] for row in csv.DictReader(f)}
    codes.discard("")
    return frozenset(codes)


def load() -> list[dict[str, str]]:
    with BYELECTIONS.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


ROWS = load()


def row_id(row: dict[str, str]) -> str:
    return f"{row['date']} {row['seat']}"


def by_seat(seat: str, when: str) -> dict[str, str]:
    matches = [row for row in ROWS if row["seat"] == seat and row["date"] == when]
    assert len(matches) == 1, (seat, when)
    return matches[0]


def winner_of(year: str, seat: str) -> dict[str, str]:
    (winner,) = [
        row for row in results(year) if row["Constituency name"] == seat and row["Candidate result position"] == "1"
    ]
    return winner


def test_one_row_per_by_election():
    keys = Counter((row["date"], row["seat"]) for row in ROWS)
    assert [key for key, n in keys.items() if n > 1] == []
    assert sorted(ROWS, key=lambda row: (row["date"], row["seat"])) == ROWS, "keep the rows in date order"


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_date_is_inside_the_parliament(row):
    held = date.fromisoformat(row["date"])
    previous = row["previous_general_election"]
    assert GENERAL_ELECTIONS[previous][0] < held < GENERAL_ELECTIONS[NEXT[previous]][0]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_seat_is_spelt_as_in_the_previous_general_election(row):
    seats = {r["Constituency name"] for r in results(row["previous_general_election"])}
    assert row["seat"] in seats


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_previous_mp_won_the_seat_at_the_previous_general_election(row):
    # No seat had two by-elections in one parliament in 2010-24, so the MP whose
    # departure caused each one is the general-election winner; previous_party is
    # the party they were elected for (some later sat as independents: see `note`).
    winner = winner_of(row["previous_general_election"], row["seat"])
    in_file = f"{winner['Candidate given name']} {winner['Candidate family name']}"
    # spelt as the source spells it ('Denis MacShane', not the file's 'Macshane'); a
    # different name ('Louise Mensch', elected as Louise Bagshawe) is explained in `note`
    assert row["previous_mp"].casefold() == in_file.casefold() or in_file in row["note"]
    assert row["previous_party"] == winner["Main party abbreviation"]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_winner_member_id_is_in_the_next_general_election(row):
    if not row["winner_member_id"]:
        assert row["note"], "a row without a member id says why in `note`"
        return
    following = NEXT[row["previous_general_election"]]
    candidates = [r for r in results(following) if r["Candidate MNIS ID"] == row["winner_member_id"]]
    assert candidates, f"MNIS id {row['winner_member_id']} is not in the {following} results"
    for candidate in candidates:
        assert candidate["Candidate given name"] == row["winner_given_name"]
        assert candidate["Candidate family name"] == row["winner_family_name"]
    # they won the by-election, so they stood at the next general election as a sitting MP
    # (exactly one row: the 2015 file also gives 4268 to another Steve Reed, see that row's note)
    assert [c["Candidate is sitting MP"] for c in candidates].count("true") == 1


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_party_codes_are_the_results_files_own(row):
    assert row["winner_party"] in party_codes()
    assert row["previous_party"] in party_codes()


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_gain_means_the_party_changed(row):
    assert row["gain"] in ("true", "false")
    assert (row["gain"] == "true") == (row["winner_party"] != row["previous_party"])


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_reason_and_source(row):
    assert row["reason"].startswith(REASONS), row["reason"]
    assert row["source"].startswith("https://"), row["source"]


def test_member_ids_are_not_shared():
    ids = Counter(row["winner_member_id"] for row in ROWS if row["winner_member_id"])
    # George Galloway won twice (Bradford West 2012, Rochdale 2024); nobody else did
    assert {member for member, n in ids.items() if n > 1} <= {"609"}


# How many by-elections each parliament had, as the sources count them:
# 2019-24 and 2017-19, Commons Library '2024 general election: by-elections in the last parliament' (23 and 5);
# 2015-17, Wikipedia '2017 Stoke-on-Trent Central by-election' ('the last of ten by-elections');
# 2010-15, parliament.uk by-elections topic page ('Rochester and Strood ... the 21st since the 2010 General Election').
COMPLETE = {"2019": 23, "2017": 5, "2015": 10, "2010": 21}


@pytest.mark.parametrize(("previous", "count"), COMPLETE.items())
def test_every_by_election_of_the_parliament(previous, count):
    assert sum(row["previous_general_election"] == previous for row in ROWS) == count


# Spot facts, each checked against the page in the row's `source`.


def test_tamworth_2023():
    row = by_seat("Tamworth", "2023-10-19")
    assert (row["winner_given_name"], row["winner_family_name"], row["winner_party"]) == ("Sarah", "Edwards", "Lab")
    assert (row["previous_party"], row["gain"]) == ("Con", "true")


def test_chesham_and_amersham_2021():
    row = by_seat("Chesham and Amersham", "2021-06-17")
    assert (row["winner_given_name"], row["winner_family_name"], row["winner_party"]) == ("Sarah", "Green", "LD")
    assert (row["previous_mp"], row["previous_party"], row["gain"]) == ("Cheryl Gillan", "Con", "true")
    assert row["reason"] == "death"


def test_southend_west_2022():
    row = by_seat("Southend West", "2022-02-03")
    assert (row["winner_given_name"], row["winner_family_name"], row["winner_party"]) == ("Anna", "Firth", "Con")
    assert (row["previous_mp"], row["gain"]) == ("David Amess", "false")
    assert row["reason"].startswith("death")


def test_rochdale_2024():
    row = by_seat("Rochdale", "2024-02-29")
    assert (row["winner_given_name"], row["winner_family_name"], row["winner_party"]) == ("George", "Galloway", "WPB")
    assert (row["previous_mp"], row["previous_party"], row["gain"]) == ("Tony Lloyd", "Lab", "true")
    assert row["winner_member_id"] == "609"


def test_airdrie_and_shotts_winner_is_named_as_in_the_2024_file():
    # she won in 2021 as Anum Qaisar-Javed and stood in 2024 as Anum Qaisar
    row = by_seat("Airdrie and Shotts", "2021-05-13")
    assert (row["winner_family_name"], row["winner_member_id"]) == ("Qaisar", "4917")
    assert "Qaisar-Javed" in row["note"]


def test_bradford_west_2012():
    row = by_seat("Bradford West", "2012-03-29")
    assert (row["winner_given_name"], row["winner_family_name"], row["winner_party"]) == ("George", "Galloway", "Res")
    assert (row["previous_mp"], row["previous_party"], row["gain"]) == ("Marsha Singh", "Lab", "true")


def test_clacton_2014_the_mp_won_again_for_another_party():
    row = by_seat("Clacton", "2014-10-09")
    assert row["previous_mp"] == "Douglas Carswell"
    assert (row["winner_family_name"], row["winner_party"], row["previous_party"], row["gain"]) == (
        "Carswell",
        "UKIP",
        "Con",
        "true",
    )
    assert row["reason"].startswith("resignation")


def test_oldham_east_2011_was_caused_by_an_election_court():
    row = by_seat("Oldham East and Saddleworth", "2011-01-13")
    assert row["reason"].startswith("election declared void")
    assert (row["winner_given_name"], row["winner_family_name"], row["gain"]) == ("Debbie", "Abrahams", "false")


# Commons Library, same page: 2019-24 'nine seats were held ... in 14 of them a different party won';
# 2017-19 'four holds and one gain'.
@pytest.mark.parametrize(("previous", "gains", "holds"), [("2019", 14, 9), ("2017", 1, 4)])
def test_gains_and_holds_match_the_commons_library(previous, gains, holds):
    parliament = [row for row in ROWS if row["previous_general_election"] == previous]
    assert sum(row["gain"] == "true" for row in parliament) == gains
    assert sum(row["gain"] == "false" for row in parliament) == holds
