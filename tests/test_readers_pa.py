"""PA's election feed: every sample validates against PA's XSDs and becomes stories or notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsgen.errors import DataError
from newsgen.pipeline import Dataset
from newsgen.readers import detect, load_results
from newsgen.readers.pa import read_message
from newsgen.resources import fixtures_dir

SAMPLES = fixtures_dir() / "pa-feed" / "samples"
STRATHKELVIN = SAMPLES / "Scottish_Parliament_Test_result_Strathkelvin___Bearsden_1.reconstructed.xml"


def test_every_sample_is_valid_against_its_schema() -> None:
    roots = {read_message(p).root for p in SAMPLES.glob("*.xml")}
    assert roots == {
        "FirstPastThePostResult",
        "FirstPastThePostRush",
        "FirstPastThePostStateOfParties",
        "LocalElectionResult",
    }
    assert detect(STRATHKELVIN.read_text(encoding="utf-8")[:2000]) == "pa"


def test_a_folder_of_messages_reads_the_latest_day_unless_told() -> None:
    council_day = load_results(SAMPLES)
    assert council_day.election.polling_date.isoformat() == "2026-05-07"
    assert [c.name for c in council_day.election.councils] == ["Adur Council"]
    holyrood = load_results(SAMPLES, election="2026-05-06")
    assert holyrood.election.body == "Scottish Parliament" and holyrood.election.member == "MSP"
    names = [c.name for c in holyrood.election.contests]
    assert names == ["Ettrick, Roxburgh & Berwickshire", "Strathkelvin & Bearsden"]
    notes = " ".join(holyrood.warnings)
    assert "rush (revision 1): Scottish National Party win Glasgow Anniesland" in notes
    assert "state of the parties after 7 of 73 results" in notes


def test_scottish_parliament_results_are_written_for_msps() -> None:
    d = Dataset(SAMPLES, election="2026-05-06")
    story = d.story(["Strathkelvin & Bearsden"])
    assert story.lead == "ward_hold"  # PA: gainOrHold="hold", sittingParty="SNP"
    # the SNP was less than ten points ahead: the runner-up is named
    assert story.standfirst == (
        "The SNP's Derek Taylor Test was re-elected in Strathkelvin & Bearsden, ahead of Labour's Becca Patel Test."
    )
    assert "a majority of 1,392" in story.text
    # against PA's PreviousElection in the same message (2021): shares, majority, turnout
    assert "Since 2021, the SNP's share fell 13.4 percentage points to 32.2 per cent" in story.text
    assert "The previous majority was 11,484, in 2021." in story.text
    assert "Turnout was 70.97 per cent, down from 71.81 per cent in 2021." in story.text
    assert " MP " not in story.text and "councillor" not in story.text


def test_a_council_result_from_pa_s_totals() -> None:
    """Adur: Labour won seven of 14 seats up, net +2, and has 19 of 29 (17 before)."""
    story = Dataset(SAMPLES, election="2026-05-07").story(["Adur Council"])
    assert story.lead == "council_gains" and "control_kept" in [a["id"] for a in story.angles]
    text = story.text
    assert "winning seven of the 14 seats up" in text
    assert "Labour now holds 19 of the 29 seats on the council, having gone into the election with 17 seats" in text
    assert "Independents have six seats, down from eight." in text
    assert "The seat figures are PA's." in text


def test_a_later_revision_replaces_an_earlier_one(tmp_path: Path) -> None:
    first = tmp_path / "result_Strathkelvin_1.xml"
    shutil.copy(STRATHKELVIN, first)
    corrected = STRATHKELVIN.read_text(encoding="utf-8").replace('revision="1"', 'revision="2"')
    corrected = corrected.replace('votes="14698"', 'votes="14710"').replace('majority="1392"', 'majority="1404"')
    corrected = corrected.replace('turnout="45701"', 'turnout="45713"')
    (tmp_path / "result_Strathkelvin_2.xml").write_text(corrected, encoding="utf-8")
    contest = load_results(tmp_path).election.contests[0]
    assert contest.candidates[0].votes == 14710 and contest.published_majority == 1404


def test_a_half_copied_file_names_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "result_Strathkelvin_1.xml"
    broken.write_text(STRATHKELVIN.read_text(encoding="utf-8")[:900], encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_results(broken)
    message = str(err.value)
    assert "result_Strathkelvin_1.xml" in message and "not well-formed XML" in message and "row " in message


def test_a_file_against_the_schema_says_where_and_why(tmp_path: Path) -> None:
    bad = tmp_path / "result_Strathkelvin_1.xml"
    bad.write_text(STRATHKELVIN.read_text(encoding="utf-8").replace('votes="14698"', 'votes="lots"'), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_results(bad)
    message = str(err.value)
    assert "FirstPastThePostResult.xsd" in message and "votes" in message and "row 6" in message


def _pa_result(dataset: Dataset, seat: str, number: int) -> str:
    """A PA general-election result message for one 2024 seat, written from the bundled
    Commons Library figures (PA's abbreviations: C for the Conservatives, Reform for Reform UK)."""
    from xml.sax.saxutils import quoteattr as q

    c = dataset.contest(seat)
    rows = []
    for x in c.candidates:
        abbreviation = {"Con": "C", "RUK": "Reform"}.get(x.party_code, x.party_code)
        elected = 'elected="*" ' if x.position == 1 else ""
        rows.append(
            f"<Candidate {elected}paId={q(str(x.row))} firstName={q(x.given_name)} surname={q(x.family_name)}>"
            f"<Party paId='1' name={q(x.party.name if x.party else 'Independent')} abbreviation={q(abbreviation)} "
            f"votes='{x.votes}'/></Candidate>"
        )
    ballots = c.valid_votes + c.invalid_votes
    majority = c.candidates[0].votes - c.candidates[1].votes
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<FirstPastThePostResult revision='1' declarationTime='2024-07-05T03:10:00+01:00'>"
        "<Election name='General Election' date='2024-07-04' type='G'>"
        f"<Constituency number='{number}' name={q(c.name)} electorate='{c.electorate}' turnout='{ballots}' "
        f"percentageTurnout='{100 * ballots / c.electorate:.2f}' winningParty='Lab' majority='{majority}' "
        f"percentageMajority='4.15'>{''.join(rows)}</Constituency></Election></FirstPastThePostResult>"
    )


def test_a_general_election_result_from_pa_joins_the_general_election_pipeline(
    dataset: Dataset, tmp_path: Path
) -> None:
    """Southend West and Leigh 2024 as a PA message: the same result, the same history angle
    (baselines found by the seat's name, as PA gives no GSS code), every figure verified."""
    (tmp_path / "result_Southend_West_and_Leigh_1.xml").write_text(
        _pa_result(dataset, "Southend West and Leigh", 512), encoding="utf-8"
    )
    pa = Dataset(tmp_path)
    assert pa.election.kind == "general" and pa.election.body == "House of Commons"
    story = pa.story(["Southend West and Leigh"])
    assert story.lead == "historic_first"
    # the seat's GSS code and the people's records come from the bundled 2024 file (a message
    # with all PA's fields gives the very same story: tests/test_replay.py)
    assert story.seat_ids == ("E14001502",)
    assert story.headline == dataset.story(["Southend West and Leigh"]).headline
    assert "1,949" in story.text and "16,739" in story.text


def test_a_council_under_no_overall_control(tmp_path: Path) -> None:
    """PA's council message for a council no party runs (test input made from the Adur sample:
    no winning party, 'no change', the Conservatives largest): the house style's wording."""
    text = (SAMPLES / "Local_Test_result_Adur_1.xml").read_text(encoding="utf-8")
    text = text.replace("winningParty='Lab' gainOrHold='no change' sittingParty='Lab'", "gainOrHold='no change'")
    text = text.replace("<Party name='Lab' paId='662' seats='19'/>", "<Party name='Lab' paId='662' seats='12'/>")
    text = text.replace(
        "<Party name='C' paId='659' seats='1'/>\n      </NewCouncil>",
        "<Party name='C' paId='659' seats='13'/>\n      </NewCouncil>",
    )
    (tmp_path / "Local_result_Adur_1.xml").write_text(text, encoding="utf-8")
    story = Dataset(tmp_path).story(["Adur Council"])
    assert story.lead == "largest_party"
    assert story.standfirst.startswith("Adur Council remains under no overall control, with the Conservatives")


def test_a_result_set_against_a_notional_previous_election(tmp_path: Path) -> None:
    """After boundary changes PA sends the previous result worked out on the new boundaries
    (PreviousNotionalElection: parties' votes, no candidates). Test input: the Strathkelvin
    sample with its 2021 result given as a notional one. The story says notional."""
    text = STRATHKELVIN.read_text(encoding="utf-8")
    start, end = text.index("<PreviousElection"), text.index("</PreviousElection>") + len("</PreviousElection>")
    notional = (
        '<PreviousNotionalElection name="Scottish Parliament" date="2021-05-06" type="S">'
        '<Constituency number="70" name="Strathkelvin &amp; Bearsden" turnout="45000" '
        'percentageTurnout="71.81" winningParty="SNP" majority="11484" percentageMajority="25.52">'
        '<Party paId="1" name="Scottish National Party" abbreviation="SNP" votes="20000"/>'
        '<Party paId="2" name="Conservative" abbreviation="C" votes="8516"/>'
        "</Constituency></PreviousNotionalElection>"
    )
    (tmp_path / "result_Strathkelvin_1.xml").write_text(text[:start] + notional + text[end:], encoding="utf-8")
    story = Dataset(tmp_path).story(["Strathkelvin & Bearsden"])
    assert "On these boundaries, in 2021 the notional majority was 11,484." in story.text
    assert "down from an estimated 71.81 per cent in 2021 on these boundaries" in story.text
