"""Shell completion, as bash and zsh ask for it: seat slugs, angle ids, bundled results."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from newsgen import resources
from newsgen.baselines.names import slug
from newsgen.cli import main


def complete(words: str, shell: str = "bash") -> list[str]:
    """What the shell would offer for the last word of ``words`` (a trailing space: a new word)."""
    parts = words.split(" ")
    env = {"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1), "_NEWSGEN_COMPLETE": f"{shell}_complete"}
    result = CliRunner().invoke(main, [], env=env, prog_name="newsgen")
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if line]


def test_a_seat_completes_to_the_slugs_of_the_2024_file() -> None:
    assert complete("newsgen story southend") == ["plain,southend-east-and-rochford", "plain,southend-west-and-leigh"]


def test_every_2024_seat_can_be_completed(monkeypatch: pytest.MonkeyPatch) -> None:
    with resources.bundled(resources.DEFAULT_RESULTS).open(encoding="utf-8-sig", newline="") as fh:
        names = {row["Constituency name"] for row in csv.DictReader(fh)}
    offered = {line.split(",", 1)[1] for line in complete("newsgen story ")}
    assert len(names) == 650
    assert offered == {slug(n) for n in names}


def test_the_slug_a_completion_gives_is_a_seat_story_accepts() -> None:
    (choice,) = complete("newsgen story north-here")
    result = CliRunner().invoke(main, ["story", choice.split(",", 1)[1]])
    assert result.exit_code == 0 and "North Herefordshire" in result.output


def test_seats_come_from_the_results_named_earlier_on_the_line() -> None:
    # a 2019 seat by its code (Aldershot was E14000530 until the 2024 boundaries)
    assert complete("newsgen angles --results ge2019 E14000530") == ["plain,aldershot"]
    assert complete("newsgen angles E14000530") == []
    wards = complete("newsgen story --results trafford alt", shell="zsh")
    assert wards[:3] == ["plain", "altrincham", "Altrincham"]  # zsh: type, value, the name as its description


def test_angle_ids_and_bundled_results_complete() -> None:
    assert complete("newsgen batch --out x --lead third") == ["plain,third_place_battle"]
    assert "plain,ge2019" in complete("newsgen story --results ge")
    assert complete("newsgen story --results ge")[-1] == "file,ge"  # files too


def test_the_bash_script_is_printed_for_the_rc_file() -> None:
    result = CliRunner().invoke(main, [], env={"_NEWSGEN_COMPLETE": "bash_source"}, prog_name="newsgen")
    assert "_newsgen_completion()" in result.output and "complete -o nosort -F _newsgen_completion newsgen" in (
        result.output
    )
