"""The command line: help on every command, the reporter's commands, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.resources import DEFAULT_RESULTS, bundled
from tests.conftest import FIXTURES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_every_command_has_help(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name, command in main.commands.items():
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0, name
        assert command.help and len(command.help) > 20, f"{name} needs a useful help text"


def test_story_for_one_seat(runner: CliRunner) -> None:
    result = runner.invoke(main, ["story", "North Herefordshire"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# ")
    assert "21,736" in result.output and "Ellie Chowns" in result.output


def test_area_story_with_context(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        [
            "story",
            "Southend West and Leigh",
            "Southend East and Rochford",
            "--context",
            str(FIXTURES / "southend-context.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "16,739" in result.output and "Daniel Cowan" in result.output


@pytest.mark.parametrize(("fmt", "marker"), [("html", "<article"), ("txt", "FULL RESULT"), ("json", '"headline"')])
def test_story_formats(runner: CliRunner, fmt: str, marker: str) -> None:
    result = runner.invoke(main, ["story", "Chorley", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert marker in result.output


def test_bbc_style_uses_percent_sign(runner: CliRunner) -> None:
    result = runner.invoke(main, ["story", "Chorley", "--style", "bbc"])
    assert "47.01%" in result.output and "per cent" not in result.output


def test_unknown_seat_suggests_nearest(runner: CliRunner) -> None:
    result = runner.invoke(main, ["story", "Southend West"])
    assert result.exit_code == 2  # asked for what does not exist (newsgen.errors.EXIT_CODES)
    assert "no seat called 'Southend West'" in result.output
    assert "Southend West and Leigh" in result.output
    assert "Traceback" not in result.output


def test_missing_results_file_is_a_clear_error(runner: CliRunner, tmp_path) -> None:
    result = runner.invoke(main, ["story", "Chorley", "--results", str(tmp_path / "nope.csv")])
    assert result.exit_code == 1
    assert "nope.csv: file not found" in result.output


def test_angles_json_shape(runner: CliRunner) -> None:
    result = runner.invoke(main, ["angles", "Chorley", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["seats"] == ["Chorley"]
    assert payload["angles"][0]["id"] == "speaker_seat"
    assert {"id", "score", "reason", "evidence"} <= set(payload["angles"][0])


def test_angles_table_marks_the_lead(runner: CliRunner) -> None:
    result = runner.invoke(main, ["angles", "North Herefordshire"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1].split()[:3] == ["lead", "95", "historic_first"]


def test_seats_lists_650(runner: CliRunner) -> None:
    result = runner.invoke(main, ["seats"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 650


def test_earlier_results_file_uses_the_previous_election(runner: CliRunner) -> None:
    path = FIXTURES / "ge-earlier" / "candidate-level-results-general-election-12-12-2019.csv"
    result = runner.invoke(main, ["angles", "Southend West", "--results", str(path), "--json"])
    assert result.exit_code == 0, result.output
    hold = next(a for a in json.loads(result.output)["angles"] if a["id"] == "hold")
    assert hold["evidence"]["winner_party"] == "Con"
    story = runner.invoke(main, ["story", "Southend West", "--results", str(path)])
    assert "2017" in story.output and "David Amess" in story.output


@pytest.mark.parametrize("command", [["story", "Chorley"], ["angles", "Chorley"], ["batch", "--only", "Chorley"]])
def test_a_context_file_mistake_is_reported_by_every_command(runner: CliRunner, tmp_path, command) -> None:
    bad = tmp_path / "newsroom.yaml"
    bad.write_text("seats:\n  Chorley:\n    quotes:\n      - {speaker: Lindsay Hoyle}\n", encoding="utf-8")
    extra = ["--out", str(tmp_path / "out")] if command[0] == "batch" else []
    result = runner.invoke(main, [*command, *extra, "--context", str(bad)])
    assert result.exit_code == 1, result.output
    assert "newsroom.yaml" in result.output and "line 4" in result.output
    assert "seats.Chorley.quotes.0.text" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_story_writes_several_formats_into_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "stories"
    result = CliRunner().invoke(main, ["story", "Chorley", "--format", "md,html,ninjs", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["chorley.html", "chorley.md", "chorley.ninjs.json"]
    assert "Lindsay Hoyle" in (out / "chorley.md").read_text(encoding="utf-8")
    several = CliRunner().invoke(main, ["story", "Chorley", "--format", "md,html"])
    assert several.exit_code == 2 and "add --output DIR" in several.output
    unknown = CliRunner().invoke(main, ["story", "Chorley", "--format", "md,pdf"])
    assert unknown.exit_code == 2 and "there is no format 'pdf'" in unknown.output


def test_a_council_story_takes_a_council_angle_as_its_lead() -> None:
    args = ["story", "--results", "trafford", "--election", "2024-05-02", "trafford", "--lead", "control_kept"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "kept control of Trafford Council" in result.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_behind_a_redirect_is_one_line() -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "newsgen", "story", "Chorley"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: cannot write the output (No space left on device): free some space, or write elsewhere"
    ]


def test_warnings_about_the_bundled_data_are_shown_once_and_listed_on_request(tmp_path: Path) -> None:
    first = CliRunner().invoke(main, ["batch", "--out", str(tmp_path / "a"), "--only", "Chorley"])
    assert first.exit_code == 0, first.output
    shown = [line for line in first.stderr.splitlines() if line.startswith("Warning: ")]
    assert any("'Belfast South and Mid Down'" in line and "double-encoded" in line for line in shown)
    assert any("two candidates are called Greg Smith" in line for line in shown)
    assert "`newsgen seats --warnings` lists them again" in first.stderr
    again = CliRunner().invoke(main, ["batch", "--out", str(tmp_path / "b"), "--only", "Chorley"])
    assert again.exit_code == 0 and again.stderr == ""
    story = CliRunner().invoke(main, ["story", "Belfast South and Mid Down"])  # fuller text, same warning
    assert story.exit_code == 0 and "Warning" not in story.stderr
    listed = CliRunner().invoke(main, ["seats", "--warnings"])
    assert sum(line.startswith("Warning: ") for line in listed.stderr.splitlines()) == len(shown)
    own = tmp_path / "own.csv"  # the same rows in a file of your own: warned every time
    own.write_bytes(bundled(DEFAULT_RESULTS).read_bytes())
    for _ in range(2):
        mine = CliRunner().invoke(
            main, ["batch", "--out", str(tmp_path / "c"), "--only", "Chorley", "--results", str(own)]
        )
        assert sum(line.startswith("Warning: own.csv") for line in mine.stderr.splitlines()) == len(shown)


def test_check_reads_the_json_of_wards_of_several_seats(tmp_path: Path) -> None:
    """Trafford 2023 was all-out: three seats a ward, so no shares in the tables (None)."""
    out = tmp_path / "out"
    made = CliRunner().invoke(
        main,
        ["batch", "--results", "trafford", "--election", "2023-05-04", "--out", str(out), "--format", "json", "-q"],
    )
    assert made.exit_code == 0, made.output
    assert json.loads((out / "urmston.json").read_text(encoding="utf-8"))["tables"][0]["rows"][0]["share"] is None
    result = CliRunner().invoke(main, ["check", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "0 with unsupported figures or names" in result.output
