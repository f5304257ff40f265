"""The editors' choices database, and the pipeline and CLI honouring it."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.choices import Choice, ChoiceStore
from newsgen.cli.story import command as story_command
from newsgen.errors import ChoicesError, NewsgenError
from newsgen.pipeline import Dataset, story_key

SOUTHEND_WEST = "Southend West and Leigh"


def test_created_on_first_use_in_wal_mode(tmp_path: Path) -> None:
    db = tmp_path / "choices.sqlite3"
    assert not db.exists()
    assert ChoiceStore(db).get("E14001502") is None
    assert db.exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"choices", "choice_log"} <= tables


def test_save_get_replace_reset(tmp_path: Path) -> None:
    store = ChoiceStore(tmp_path / "c.db")
    saved = store.save(
        Choice("E1", lead="gain", dropped=("turnout_change", "turnout_change"), style="bbc", note="n", editor="Sam")
    )
    got = store.get("E1")
    assert got == saved
    assert got is not None and got.dropped == ("turnout_change",) and got.approved_at
    store.save(Choice("E1", lead=None, style="", editor="Jo"))
    got = store.get("E1")
    assert got is not None and (got.lead, got.dropped, got.style, got.editor) == (None, (), None, "Jo")
    assert set(store.all()) == {"E1"}
    assert store.reset("E1") is True
    assert store.get("E1") is None
    assert store.reset("E1") is False
    assert [e["action"] for e in store.log("E1")] == ["approve", "approve", "reset", "reset"]
    assert store.log("E1")[0]["dropped"] == ["turnout_change"]


def test_a_second_store_on_the_same_file_sees_the_choice(tmp_path: Path) -> None:
    ChoiceStore(tmp_path / "c.db").save(Choice("E2", lead="hold"))
    got = ChoiceStore(tmp_path / "c.db").get("E2")
    assert got is not None and got.lead == "hold"


def test_concurrent_writers_do_not_lose_choices(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ChoiceStore(db).all()
    errors: list[BaseException] = []

    def work(n: int) -> None:
        store = ChoiceStore(db)  # one per "tab"
        try:
            for i in range(25):
                store.save(Choice(f"S{n}-{i}", lead="gain", editor=f"tab {n}"))
                store.save(Choice("shared", lead="gain", editor=f"tab {n}"))
                store.get("shared")
        except BaseException as exc:  # collected and checked below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(ChoiceStore(db).all()) == 6 * 25 + 1
    assert len(ChoiceStore(db).log("shared")) == 6 * 25


def test_missing_folder_and_foreign_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(NewsgenError, match="does not exist"):
        ChoiceStore(tmp_path / "nope" / "c.db").get("E1")
    junk = tmp_path / "junk.db"
    junk.write_text("this is not a database\n" * 100)
    with pytest.raises(NewsgenError, match="not a newsgen choices database"):
        ChoiceStore(junk).get("E1")


def test_choice_needs_a_story_id() -> None:
    with pytest.raises(NewsgenError):
        Choice("")


def test_pipeline_honours_saved_choice(southend_dataset: Dataset, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    engine = southend_dataset.story([SOUTHEND_WEST])
    assert engine.lead == "historic_first"
    sid = story_key(engine.seat_ids)
    ChoiceStore(db).save(Choice(sid, lead="third_place_battle", dropped=("gain",), style="bbc", editor="Sam"))
    chosen = southend_dataset.story([SOUTHEND_WEST], choices_db=db)
    assert chosen.lead == "third_place_battle"
    assert chosen.style == "bbc"
    assert "gain" not in [a["id"] for a in chosen.angles]
    assert chosen.paragraphs[0] != engine.paragraphs[0]
    # an explicit lead still wins over the saved one
    assert southend_dataset.story([SOUTHEND_WEST], lead="turnout_change", choices_db=db).lead == "turnout_change"
    ChoiceStore(db).reset(sid)
    assert southend_dataset.story([SOUTHEND_WEST], choices_db=db) == engine


def test_saved_choice_that_no_longer_applies_is_reported(southend_dataset: Dataset, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    sid = story_key(southend_dataset.story([SOUTHEND_WEST]).seat_ids)
    ChoiceStore(db).save(Choice(sid, lead="landslide"))
    with pytest.raises(ChoicesError, match="did not fire"):
        southend_dataset.story([SOUTHEND_WEST], choices_db=db)


def test_newsgen_story_cli_uses_the_database(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ChoiceStore(db).check()  # as `newsgen serve --db` leaves it: story --db refuses a missing file
    runner = CliRunner()
    before = runner.invoke(story_command, [SOUTHEND_WEST, "--db", str(db)])
    assert before.exit_code == 0, before.output
    assert "came third" not in before.output.split("\n\n")[2]
    ChoiceStore(db).save(Choice("E14001502", lead="third_place_battle", style="bbc"))
    after = runner.invoke(story_command, [SOUTHEND_WEST, "--db", str(db)])
    assert after.exit_code == 0, after.output
    lede = after.output.split("\n\n")[2]
    assert lede.startswith("Peter Little of Reform UK came third in Southend West and Leigh")
    assert "62.71%" in after.output  # bbc style
