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


def test_a_file_with_declaration_times_replays_as_valid_messages_in_time(tmp_path: Path) -> None:
    """2019's file gives each declaration's time as "2019-12-13 02:30:00 UTC": once copied as
    it stood into declarationTime, which PA's schema (xs:dateTime) refuses, so every one of the
    650 files was broken; and --speed slept not at all, the times being unreadable."""
    from newsgen.live.replay import replay

    election = Dataset("ge2019").election
    slept: list[float] = []
    written = replay(election, tmp_path, speed=60, sleep=slept.append)
    assert len(written) == 650
    first = read_message(written[0])
    assert first.root == "FirstPastThePostResult"
    assert first.tree.getroot().get("declarationTime") == "2019-12-12T23:27:00+00:00"  # the first declared
    for path in written:
        read_message(path)  # each valid against PA's schema
    # the night ran from 23:27 to the last declaration: played 60 times faster
    assert slept and sum(slept) == pytest.approx(
        (max(_when(c.declared_at) for c in election.contests) - _when("2019-12-12 23:27:00 UTC")) / 60
    )


def _when(text: str | None) -> float:
    import datetime as dt

    assert text
    return dt.datetime.fromisoformat(text.replace(" UTC", "+00:00")).timestamp()
