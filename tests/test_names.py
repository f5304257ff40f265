"""Seats by any name, and bundled results by name (issue 15's first small things)."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from newsgen.cli import main
from newsgen.pipeline import Dataset
from newsgen.resources import TRAFFORD, bundled


def test_a_seat_by_name_slug_or_gss_code(dataset: Dataset) -> None:
    by_name = dataset.story(["Southend West and Leigh"])
    assert dataset.story(["E14001502"]).text == by_name.text  # the code every output carries
    assert dataset.story(["southend-west-and-leigh"]).text == by_name.text  # its file's name


def test_a_ward_by_gss_code_and_a_council_by_id() -> None:
    d = Dataset(bundled(TRAFFORD), election="2024-05-02")
    assert d.story(["E05015242"]).seats == ("Broadheath",)
    assert d.story(["trafford"]).seats == ("Trafford Council",)


def test_bundled_results_by_name_from_any_folder(tmp_path: Path) -> None:
    here = os.getcwd()
    os.chdir(tmp_path)  # outside the checkout: the examples still work
    try:
        result = CliRunner().invoke(main, ["story", "--results", "ge2019", "Southend West"])
        council = CliRunner().invoke(main, ["story", "--results", "trafford", "--election", "2024-05-02", "trafford"])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    assert "David Amess" in result.output
    assert council.exit_code == 0 and "Trafford Council" in council.output


def test_a_seat_by_gss_code_from_the_command_line() -> None:
    """The command line loads only the seats it names: by code as well as by name."""
    by_code = CliRunner().invoke(main, ["story", "E14001502"])
    assert by_code.exit_code == 0, by_code.output
    assert by_code.output == CliRunner().invoke(main, ["story", "Southend West and Leigh"]).output
