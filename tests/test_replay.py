"""`newsgen replay`: an election played into a folder as PA's messages, read back as PA's feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.pipeline import Dataset
from newsgen.readers.pa import read_message
from newsgen.resources import DEFAULT_RESULTS, TRAFFORD, bundled


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    result = CliRunner().invoke(main, ["replay", str(bundled(DEFAULT_RESULTS)), "--to", str(folder)])
    assert result.exit_code == 0, result.output
    assert "650 result files written" in result.output
    return folder


def test_every_seat_is_one_valid_pa_message(inbox: Path) -> None:
    files = sorted(inbox.glob("*.xml"))
    assert len(files) == 650
    assert not list(inbox.glob(".replay-*"))  # written whole: no temporary left behind
    assert {read_message(f).root for f in files} == {"FirstPastThePostResult"}
    assert (inbox / "GE2024_result_Southend_West_and_Leigh_1.xml").exists()


def _same_stories(dataset: Dataset, inbox: Path, names: list[str]) -> None:
    replayed = Dataset(inbox)
    for name in names:
        assert replayed.story([name]).text == dataset.story([name]).text, name


def test_the_replayed_feed_writes_the_same_stories(dataset: Dataset, inbox: Path) -> None:
    """Every tenth seat here (all 650 under -m slow): PA's figures, the bundled file's ids."""
    _same_stories(dataset, inbox, dataset.seat_names[::10])


@pytest.mark.slow
def test_the_replayed_feed_writes_the_same_650_stories(dataset: Dataset, inbox: Path) -> None:
    _same_stories(dataset, inbox, dataset.seat_names)


def test_a_council_election_is_not_replayed(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["replay", str(bundled(TRAFFORD)), "--to", str(tmp_path / "in")])
    assert result.exit_code == 1
    assert "council election" in result.output and "Traceback" not in result.output
