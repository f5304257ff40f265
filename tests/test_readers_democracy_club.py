"""The Democracy Club reader on the South Yorkshire 2021 result sets (JSON as served, and CSV)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgen.errors import UnknownElection
from newsgen.readers import detect, load_results
from newsgen.readers.democracy_club import split_name
from newsgen.resources import DEMOCRACY_CLUB_2021, DEMOCRACY_CLUB_2021_CSV, bundled

JSON_FILE = bundled(DEMOCRACY_CLUB_2021)
CSV_FILE = bundled(DEMOCRACY_CLUB_2021_CSV)


def _summary(path: Path) -> dict[str, list[tuple[str, int, str | None, bool]]]:
    election = load_results(path).election
    return {
        c.seat_id: [(x.name, x.votes, x.party.code if x.party else None, x.elected) for x in c.candidates]
        for c in election.contests
    }


def test_both_formats_are_recognised() -> None:
    assert detect(JSON_FILE.read_text(encoding="utf-8")[:4000]) == "democracy_club"
    assert detect(CSV_FILE.read_text(encoding="utf-8")[:4000]) == "democracy_club"


def test_95_ballots_in_four_councils_and_the_formats_agree() -> None:
    loaded = load_results(JSON_FILE)
    election = loaded.election
    assert not loaded.rejected
    assert len(election.contests) == 95
    assert [c.id for c in election.councils] == ["barnsley", "doncaster", "rotherham", "sheffield"]
    seats = sorted(c.seats for c in election.contests)
    assert (seats.count(1), seats.count(2), seats.count(3)) == (48, 25, 22)  # as SOURCES.md counts them
    assert _summary(JSON_FILE) == _summary(CSV_FILE)


def test_ecclesall_as_published() -> None:
    ward = next(c for c in load_results(JSON_FILE).election.contests if c.name == "Ecclesall")
    winner = ward.candidates[0]
    assert (winner.name, winner.votes, winner.party.code, winner.person_id) == ("Roger Davison", 2904, "LD", "12318")
    assert ward.council_id == "sheffield" and ward.seat_id == "E05010867"
    # the result set gives the turnout alone: no electorate or ballots to vouch for
    assert ward.counts_unknown and ward.published_turnout == 54.0


def test_one_council_by_its_election_id() -> None:
    election = load_results(JSON_FILE, election="local.sheffield.2021-05-06").election
    assert [c.name for c in election.councils] == ["Sheffield Council"]
    assert election.id == "local.sheffield.2021-05-06"
    assert {c.council_id for c in election.contests} == {"sheffield"}
    with pytest.raises(UnknownElection) as err:
        load_results(JSON_FILE, election="local.leeds.2021-05-06")
    assert "local.sheffield.2021-05-06" in (err.value.hint or "")


def test_names_split_into_given_and_family() -> None:
    assert split_name("Roger Noel Davison") == ("Roger", "Davison")
    assert split_name("Sue de la Mare") == ("Sue", "de la Mare")


def test_a_broken_count_sets_aside_that_ward_alone(tmp_path: Path) -> None:
    data = json.loads(JSON_FILE.read_text(encoding="utf-8"))
    data[0]["candidate_results"][1]["num_ballots"] = "lots"
    bad = tmp_path / "dc.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_results(bad)
    assert list(loaded.rejected) == ["Ecclesall"]
    message = str(loaded.rejected["Ecclesall"][0])
    assert "dc.json" in message and "row 1" in message and "num_ballots" in message and "'lots'" in message
    assert len(loaded.election.contests) == 94  # every other ward still loads


def test_a_broken_csv_row_sets_aside_its_ward_alone(tmp_path: Path) -> None:
    lines = CSV_FILE.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2904,", ",29O4,")  # a letter O typed for a zero: Ecclesall's winner
    bad = tmp_path / "dc.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_results(bad)
    assert list(loaded.rejected) == ["Ecclesall"]
    assert "row 2" in str(loaded.rejected["Ecclesall"][0])
    assert len(loaded.election.contests) == 94
