"""Inputs that cannot crash or mislead: the editors' choices database (``--db``).

A missing, damaged, foreign, old or newer file, a row that cannot be read and a file that
cannot be written each give a message naming the file (and row) and what to do, with no
traceback; nothing is written to a file that failed to open. Issue 11.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgen.choices import SCHEMA_VERSION, Choice, ChoiceStore
from newsgen.errors import ChoicesDbError
from newsgen.pipeline import Dataset
from tests.cli_helpers import refused, run

with warnings.catch_warnings():  # Starlette nudges TestClient users towards httpx2
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SW = "E14001502"  # Southend West and Leigh
SEAT = "Southend West and Leigh"
ORIGIN = {"origin": "http://testserver"}


def snapshot(db: Path) -> dict[str, bytes]:
    """The database file and any SQLite files beside it, byte for byte."""
    return {p.name: p.read_bytes() for p in sorted(db.parent.iterdir()) if p.name.startswith(db.name)}


@pytest.fixture()
def approved(tmp_path: Path) -> Path:
    """A database in which an editor approved Southend West and Leigh leading on third place."""
    db = tmp_path / "choices.sqlite3"
    ChoiceStore(db).save(Choice(SW, lead="third_place_battle", style="bbc", editor="Sam"))
    return db


def _sql(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _old_schema(path: Path) -> Path:
    """A choices table from before the style, note and editor columns, never versioned."""
    _sql(
        path,
        "CREATE TABLE choices (story_id TEXT PRIMARY KEY, lead TEXT, dropped TEXT, approved_at TEXT)",
        f"INSERT INTO choices VALUES ('{SW}', 'third_place_battle', '[]', '2024-07-05')",
    )
    return path


def _newer(path: Path) -> Path:
    _sql(path, "CREATE TABLE choices (story_id TEXT PRIMARY KEY)", f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return path


def _foreign(path: Path) -> Path:
    _sql(path, "CREATE TABLE people (name TEXT)")
    return path


def _random(path: Path) -> Path:
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(16384)))  # fixed "random" bytes
    return path


def _damaged(path: Path) -> Path:
    """A real choices database with its pages overwritten: the header still says SQLite."""
    ChoiceStore(path).save(Choice(SW, lead="gain"))
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)
    path.write_bytes(bytes(data))
    return path


BROKEN = {
    "random bytes": (_random, "is not a newsgen choices database, or it is damaged (file is not a database)"),
    "damaged pages": (_damaged, "is not a newsgen choices database, or it is damaged"),
    "old schema": (_old_schema, "has an older or altered choices schema (version 0, newsgen reads version 1"),
    "newer schema": (_newer, f"was written by a newer newsgen (choices schema version {SCHEMA_VERSION + 1}"),
    "another program's": (_foreign, "is not a newsgen choices database: it holds people but no choices table"),
}


# -- 3. a missing database is not created empty -----------------------------------------------------


def test_story_with_a_missing_db_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "newsgen-choices.sqlite3"
    refused(run("story", SEAT, "--db", str(db)), f"{db}: choices database not found", "newsgen serve --db")
    assert list(tmp_path.iterdir()) == []


def test_batch_with_a_missing_db_writes_no_story_and_creates_nothing(tmp_path: Path) -> None:
    # each story read its saved choice through a store that created the file: the batch then
    # published the engine's choices with exit 0, and the editors' database was a new empty one
    db = tmp_path / "newsgen-choices.sqlite3"
    out = tmp_path / "out"
    result = run("batch", "--out", str(out), "--only", SEAT, "--db", str(db), "-j", "1", "-q")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith(f"Error: {db}: choices database not found")  # once, before any story
    assert "FAILED" not in result.output
    assert not db.exists() and not (out / "southend-west-and-leigh.md").exists()


def test_check_paths_refuses_a_missing_db_before_anything_is_loaded(tmp_path: Path) -> None:
    from newsgen.cli.common import check_paths

    with pytest.raises(ChoicesDbError, match="choices database not found"):
        check_paths(db=str(tmp_path / "missing.sqlite3"))
    assert list(tmp_path.iterdir()) == []


def test_serve_with_a_missing_db_warns_that_it_is_new(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    db = tmp_path / "election-night.sqlite3"
    result = run("serve", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert f"Warning: {db} does not exist: starting a new, empty choices database" in result.stderr
    assert db.exists()
    again = run("serve", "--db", str(db))
    assert again.exit_code == 0 and "does not exist" not in again.stderr


def test_serve_keeps_what_it_loaded_out_of_the_collector_while_it_serves(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gc

    import uvicorn

    seen: list[int] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.append(gc.get_freeze_count()))
    assert gc.get_freeze_count() == 0
    result = run("serve", "--db", str(tmp_path / "night.sqlite3"))
    assert result.exit_code == 0, result.output
    assert seen and seen[0] > 0  # frozen while serving
    assert gc.get_freeze_count() == 0  # and thawed when the server stops


def test_serve_refuses_a_bad_context_before_announcing_a_new_db(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    from tests.conftest import FIXTURES

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: pytest.fail("served a misspelt context"))
    context = tmp_path / "newsroom.yaml"
    text = (FIXTURES / "southend-context.yaml").read_text(encoding="utf-8")
    context.write_text(text.replace(f"  {SEAT}:\n    venue", "  Southend Wst and Leigh:\n    venue"), encoding="utf-8")
    db = tmp_path / "election-night.sqlite3"
    result = run("serve", "--db", str(db), "--context", str(context))
    refused(result, "key seats.Southend Wst and Leigh: no seat called", f"(did you mean '{SEAT}'?)")
    assert "does not exist" not in result.stderr and not db.exists()
    refused(run("serve", "--db", str(tmp_path / "no-folder" / "c.sqlite3")), "folder", "does not exist")


# -- 4. files that are not (or no longer) ours ------------------------------------------------------


@pytest.mark.parametrize("kind", list(BROKEN))
def test_story_refuses_a_broken_db_and_leaves_it_alone(tmp_path: Path, kind: str) -> None:
    make, message = BROKEN[kind]
    db = make(tmp_path / "choices.sqlite3")
    before = snapshot(db)
    refused(run("story", SEAT, "--db", str(db)), str(db), message, "How to fix", "newsgen has not changed it")
    assert snapshot(db) == before


@pytest.mark.parametrize("kind", list(BROKEN))
def test_serve_refuses_a_broken_db_before_writing_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: pytest.fail("served a broken database"))
    make, message = BROKEN[kind]
    db = make(tmp_path / "choices.sqlite3")
    before = snapshot(db)
    refused(run("serve", "--db", str(db)), str(db), message)
    assert snapshot(db) == before


def test_an_old_database_is_not_stamped_as_new(tmp_path: Path) -> None:
    db = _old_schema(tmp_path / "old.sqlite3")
    store = ChoiceStore(db)
    with pytest.raises(ChoicesDbError, match="older or altered"):
        store.save(Choice(SW, lead="gain"))
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("SELECT lead FROM choices").fetchall() == [("third_place_battle",)]
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == {"choices"}
    conn.close()


def test_an_empty_file_is_set_up(tmp_path: Path) -> None:
    db = tmp_path / "touched.sqlite3"
    db.touch()
    assert ChoiceStore(db).save(Choice(SW, lead="gain")).lead == "gain"
    assert ChoiceStore(db, create=False).get(SW) == Choice(
        SW, lead="gain", approved_at=ChoiceStore(db).get(SW).approved_at
    )


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("dropped", "'[gain'", "column dropped is '[gain', not a JSON list of angle ids"),
        ("dropped", "'\"gain\"'", "column dropped is '\"gain\"', not a JSON list"),
        ("lead", "X'6761696e'", "column lead is b'gain', not text or NULL"),  # a blob: SQLite keeps its type
        ("approved_at", "X'00'", "column approved_at is b'\\x00', not text"),
    ],
)
def test_a_row_that_cannot_be_read_is_named(approved: Path, column: str, value: str, expected: str) -> None:
    _sql(approved, f"UPDATE choices SET {column} = {value} WHERE story_id = '{SW}'")
    refused(
        run("story", SEAT, "--db", str(approved)),
        f"{approved}, table choices, row with story_id '{SW}': {expected}",
        f"DELETE FROM choices WHERE story_id = '{SW}'",
    )


def test_a_bad_row_fails_only_its_own_story_in_a_batch(approved: Path, tmp_path: Path) -> None:
    _sql(approved, f"UPDATE choices SET dropped = '[gain' WHERE story_id = '{SW}'")
    out = tmp_path / "out"
    result = run("batch", "--out", str(out), "--only", SEAT, "--only", "Chorley", "--db", str(approved), "-j", "1")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"FAILED {SEAT}: {approved}, table choices, row with story_id '{SW}'" in result.output
    assert (out / "chorley.md").exists() and not (out / "southend-west-and-leigh.md").exists()


def test_a_bad_audit_log_row_is_named(approved: Path) -> None:
    _sql(approved, "UPDATE choice_log SET dropped = 'gain' WHERE id = 1")
    with pytest.raises(ChoicesDbError, match=r"table choice_log, row id 1: column dropped is 'gain'") as err:
        ChoiceStore(approved).log()
    assert "UPDATE choice_log SET dropped = '[]' WHERE id = 1" in str(err.value)


# -- 4. a database this user cannot write ------------------------------------------------------------


@pytest.fixture()
def read_only(approved: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The approved database, read-only to newsgen: by its permissions where the tests do
    not run as root (which may write anything), else by opening it as SQLite's read-only."""
    if os.geteuid() != 0:
        approved.chmod(0o444)
        approved.parent.chmod(0o555)
        try:
            yield approved
        finally:
            approved.parent.chmod(0o755)
            approved.chmod(0o644)
        return
    real = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        kwargs.pop("uri", None)
        return real(Path(str(database)).absolute().as_uri() + "?mode=ro", *args, uri=True, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("newsgen.choices.sqlite3.connect", connect)
    yield approved


def test_story_reads_a_read_only_db(read_only: Path) -> None:
    result = run("story", SEAT, "--db", str(read_only))
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n\n")[2].startswith("Peter Little of Reform UK came third")  # the saved lead


def test_approving_into_a_read_only_db_tells_the_editor(
    read_only: Path, southend_dataset: Dataset, caplog: pytest.LogCaptureFixture
) -> None:
    from newsgen.serve import create_app

    before = read_only.read_bytes()
    app = create_app(southend_dataset, read_only, allowed_hosts=["testserver"])
    with TestClient(app) as client, caplog.at_level(logging.ERROR, logger="newsgen.serve"):
        page = client.post(
            f"/story/{SW}/approve",
            data={"lead": "turnout_change", "editor": "Sam"},
            headers=ORIGIN,
            follow_redirects=False,
        )
        assert page.status_code == 503
        assert "Not approved: cannot save to the choices database" in page.text
        assert "the file is read-only" in page.text and "How to fix" in page.text
        assert (
            'value="turnout_change" id="lead-turnout_change" aria-label="lead on turnout_change" checked' in page.text
        )
        reset = client.post(f"/story/{SW}/reset", data={"editor": "Sam"}, headers=ORIGIN, follow_redirects=False)
        assert reset.status_code == 503 and "Not reset: cannot save to the choices database" in reset.text
        assert client.get(f"/story/{SW}").status_code == 200  # reading still works
    logged = [r.getMessage() for r in caplog.records if r.name == "newsgen.serve"]
    assert any(m.startswith(f"Not approved {SW}: cannot save") for m in logged)
    assert any(m.startswith(f"Not reset {SW}: cannot save") for m in logged)
    assert read_only.read_bytes() == before
    assert ChoiceStore(read_only).get(SW).lead == "third_place_battle"  # type: ignore[union-attr]
