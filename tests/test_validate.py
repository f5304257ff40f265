"""Input validation: every bad-input case gives a clear message naming file, row, seat, column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.errors import DataError
from newsgen.pipeline import Dataset
from newsgen.readers.commons_library import load_results
from newsgen.resources import DEFAULT_RESULTS, bundled
from newsgen.validate import validate_file

BAD = Path(__file__).resolve().parent / "fixtures"
SEATS = {"Southend West and Leigh", "Chorley", "North Herefordshire"}


# -- one seat's data is wrong: that seat is set aside, the others load ----------------------
@pytest.mark.parametrize(
    ("fixture", "seat", "row", "column", "words"),
    [
        # the published report's typo: 8,271 for Peter Little, who had 8,273
        ("votes-do-not-sum.csv", "Southend West and Leigh", 13, "Election valid vote count", "add up to 46,966"),
        ("majority-wrong.csv", "Southend West and Leigh", 13, "Majority", "given as 1,994"),
        ("turnout-over-100.csv", "Southend West and Leigh", 13, "Electorate", "turnout would be 104.38%"),
        ("zero-electorate.csv", "Chorley", 2, "Electorate", "electorate is 0"),
        ("negative-votes.csv", "Chorley", 6, "Candidate vote count", "-632 is negative"),
        ("non-numeric-votes.csv", "Chorley", 3, "Candidate vote count", "'4,66e' is not a whole number"),
        ("duplicate-candidate.csv", "Chorley", 6, "Candidate family name", "Graham Moore (ECP) is listed twice"),
        ("positions-out-of-order.csv", "Southend West and Leigh", 21, "Candidate result position", "Lara Hurley"),
        ("summary-wrong-winner.csv", "Southend West and Leigh", 13, "Election result summary", "'Con hold'"),
        ("seat-totals-differ.csv", "Chorley", 5, "Election valid vote count", "'33946' differs"),
    ],
)
def test_bad_seat_is_set_aside_with_a_precise_message(
    fixture: str, seat: str, row: int, column: str, words: str
) -> None:
    loaded = load_results(BAD / fixture)
    assert {c.name for c in loaded.election.contests} == SEATS - {seat}
    [error] = loaded.rejected[seat]
    assert (error.file, error.row, error.seat, error.field) == (fixture, row, seat, column)
    assert words in str(error)
    assert error.hint  # says what to do


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("empty.csv", "is empty"),
        ("header-only.csv", "has a header but no result rows"),
        ("missing-column.csv", "required column(s) missing: 'Candidate vote count'"),
        ("not-utf8.csv", "is not UTF-8 text"),
        ("results.xlsx", "spreadsheet workbook"),
        ("results.json", "it does not look like CSV"),
        ("no-such-file.csv", "file not found"),
    ],
)
def test_whole_file_problems_raise_one_clear_error(fixture: str, words: str) -> None:
    with pytest.raises(DataError) as info:
        load_results(BAD / fixture)
    assert words in str(info.value)
    assert fixture in str(info.value)


def test_not_utf8_names_the_row() -> None:
    with pytest.raises(DataError) as info:
        load_results(BAD / "not-utf8.csv")
    assert info.value.row == 2 and "CSV UTF-8" in str(info.value)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is a folder"):
        load_results(tmp_path)


# -- soft problems: warnings, and the story still runs --------------------------------------
def test_unknown_party_code_is_a_warning_and_the_story_runs() -> None:
    loaded = load_results(BAD / "unknown-party.csv")
    assert not loaded.rejected
    [warning] = loaded.warnings
    assert "'DfC'" in warning and "row 4" in warning and "Chorley" in warning
    story = Dataset(BAD / "unknown-party.csv").story(["Chorley"])
    assert "Democracy for Chorley" in story.text


def test_real_2024_file_is_clean_but_warns_about_two_greg_smiths_and_a_mangled_name() -> None:
    report = validate_file(bundled(DEFAULT_RESULTS))
    assert report.ok and report.seats == 650
    assert len(report.warnings) == 2
    mangled, smiths = report.warnings
    # the official file double-encodes Áine Groogan (Belfast South and Mid Down): repaired, with a warning
    assert "row 263" in mangled and 'read as "Áine"' in mangled and "<U+0081>" in mangled
    assert "Mid Buckinghamshire" in smiths and "Greg Smith (Con and Green)" in smiths


def test_the_mangled_name_is_repaired_in_the_story_table(dataset: Dataset) -> None:
    story = dataset.story(["Belfast South and Mid Down"])
    assert "Áine Groogan" in [row.name for row in story.tables[0].rows]


def test_early_download_with_html_entities_validates() -> None:
    path = bundled("ge2024-early-download/candidate-level-results-general-election-04-07-2024.csv")
    report = validate_file(path)
    assert report.ok and report.seats == 650


# -- the command line: messages without tracebacks; --debug shows them -----------------------
def test_cli_names_the_problem_without_a_traceback() -> None:
    result = CliRunner().invoke(
        main, ["story", "Southend West and Leigh", "--results", str(BAD / "votes-do-not-sum.csv")]
    )
    assert result.exit_code == 1
    assert "row 13, seat 'Southend West and Leigh', column 'Election valid vote count'" in result.output
    assert "How to fix:" in result.output and "Traceback" not in result.output


def test_cli_debug_shows_the_traceback() -> None:
    result = CliRunner().invoke(main, ["--debug", "story", "Chorley", "--results", str(BAD / "results.xlsx")])
    assert result.exit_code == 1
    assert "Traceback" in result.output and "spreadsheet workbook" in result.output


def test_cli_a_good_seat_in_a_file_with_a_bad_one_still_runs() -> None:
    result = CliRunner().invoke(main, ["story", "Chorley", "--results", str(BAD / "votes-do-not-sum.csv")])
    assert result.exit_code == 0, result.output
    assert "Lindsay Hoyle" in result.output


def test_batch_reports_the_bad_seat_and_writes_every_good_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", "--out", str(out), "--results", str(BAD / "majority-wrong.csv"), "--quiet"]
    )
    assert result.exit_code == 1
    assert "Southend West and Leigh" in result.output and "given as 1,994" in result.output
    assert sorted(p.name for p in out.glob("*.md")) == ["chorley.md", "north-herefordshire.md"]


def test_check_command_validates_a_results_file() -> None:
    result = CliRunner().invoke(main, ["check", str(BAD / "duplicate-candidate.csv")])
    assert result.exit_code == 1
    assert "2 seats load, 1 set aside" in result.output
    assert "Graham Moore (ECP) is listed twice" in result.output
    ok = CliRunner().invoke(main, ["check", str(BAD / "unknown-party.csv")])
    assert ok.exit_code == 0 and "warning" in ok.output


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("4.663E+03", "scientific notation"),  # a spreadsheet's display format exported as text
        ("4,66,3", "not a whole number"),  # commas in the wrong places
        ("٤٦٦٣", "not a whole number"),  # Arabic-Indic digits: Python's int() would take them
        ("4663.5", "not a whole number"),
    ],
)
def test_counts_must_be_plain_whole_numbers(cell: str, words: str) -> None:
    from newsgen.readers.commons_library import parse_results

    text = (BAD / "non-numeric-votes.csv").read_text(encoding="utf-8").replace('"4,66e"', f'"{cell}"')
    loaded = parse_results(text, file="edited.csv")
    [error] = loaded.rejected["Chorley"]
    assert words in str(error) and error.field == "Candidate vote count" and error.row == 3


def test_counts_a_spreadsheet_wrote_as_decimals_still_load() -> None:
    from newsgen.readers.commons_library import parse_results

    text = (BAD / "non-numeric-votes.csv").read_text(encoding="utf-8").replace("4,66e", "4663.0")
    assert not parse_results(text, file="edited.csv").rejected
