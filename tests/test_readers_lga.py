"""The LGA-standard reader on Trafford Council's own file (2016-2026)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.errors import UnknownElection
from newsgen.readers import detect, load_results
from newsgen.readers.lga import name_case
from newsgen.resources import TRAFFORD, bundled

FILE = bundled(TRAFFORD)


def test_recognised_by_its_header() -> None:
    assert detect(FILE.read_text(encoding="utf-8-sig")[:4000]) == "lga"


def test_default_is_the_latest_council_election() -> None:
    election = load_results(FILE).election
    assert election.polling_date.isoformat() == "2026-05-07"
    assert election.kind == "local"
    assert election.body == "Trafford Council"
    assert [c.id for c in election.councils] == ["trafford"]
    assert len(election.contests) == 21


def test_all_out_2023_fills_three_seats_in_each_of_21_wards() -> None:
    loaded = load_results(FILE, election="2023-05-04")
    contests = loaded.election.contests
    assert not loaded.rejected
    assert len(contests) == 21
    assert {c.seats for c in contests} == {3}
    assert sum(1 for c in contests for x in c.candidates if x.elected) == 63
    for c in contests:  # the three elected are the three with most votes
        assert [x.elected for x in c.candidates[:3]] == [True, True, True]
        assert not any(x.elected for x in c.candidates[3:])


def test_a_ward_as_the_council_published_it() -> None:
    ward = next(c for c in load_results(FILE).election.contests if c.name == "Altrincham")
    winner = ward.candidates[0]
    # row 903 of the file: JERROME, Daniel Adam, commonly used forename Dan, Green Party PP63
    assert (winner.name, winner.votes, winner.party.code, winner.party.ec_id) == ("Dan Jerrome", 1744, "Green", "PP63")
    assert winner.elected and ward.seats == 1
    assert ward.seat_id == "E05015239"
    assert (ward.electorate, ward.ballots, ward.published_turnout) == (8131, 3955, 48.6)
    assert ward.valid_votes == sum(c.votes for c in ward.candidates)


def test_party_names_from_the_register_are_one_party() -> None:
    codes = {
        x.party.name: x.party.code
        for e in ("2016-05-05", "2023-05-04", "2026-05-07")
        for c in load_results(FILE, election=e).election.contests
        for x in c.candidates
        if x.party
    }
    assert codes["Conservative"] == "Con"  # "Conservative and Unionist Party" and "Conservative Party"
    assert codes["Labour"] == "Lab"
    assert codes["Liberal Democrat"] == "LD"


def test_by_elections_and_westminster_rows_are_elections_of_their_own() -> None:
    by = load_results(FILE, election="2025-10-16").election
    assert by.kind == "local by-election"
    assert [c.name for c in by.contests] == ["Broadheath"]
    assert by.contests[0].by_election
    parl = load_results(FILE, election="parl.2024-07-04").election
    assert parl.kind == "general" and parl.body == "House of Commons"
    assert {c.name for c in parl.contests} == {"Altrincham and Sale West", "Stretford and Urmston"}
    assert not parl.councils


def test_an_election_the_file_does_not_hold_names_those_it_does() -> None:
    with pytest.raises(UnknownElection) as err:
        load_results(FILE, election="2020-05-07")
    assert "2020-05-07" in str(err.value)
    assert "local.trafford.2023-05-04" in (err.value.hint or "")


def test_capitals_become_names() -> None:
    assert name_case("TOLHURST-CLEAVER") == "Tolhurst-Cleaver"
    assert name_case("O'BRIEN") == "O'Brien"
    assert name_case("MCDONALD") == "McDonald"
    assert name_case("de la Mare") == "de la Mare"


def test_a_bad_count_names_the_file_row_ward_and_column(tmp_path: Path) -> None:
    lines = FILE.read_text(encoding="utf-8-sig").splitlines()
    header, rows = lines[0], lines[1:]
    i = next(k for k, r in enumerate(rows) if "2026-05-07" in r and ",Altrincham," in r)
    cells = rows[i].split(",")
    cells[header.split(",").index("VotesWon")] = "12x"
    rows[i] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    loaded = load_results(bad)
    assert "Altrincham" in loaded.rejected
    message = str(loaded.rejected["Altrincham"][0])
    assert "bad.csv" in message and f"row {i + 2}" in message and "VotesWon" in message
    assert len(loaded.election.contests) == 20  # the other wards still load
