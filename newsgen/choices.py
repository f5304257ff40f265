"""Editors' choices: which angle a story leads on, what it drops, its house style.

The preview server (``newsgen serve``) writes them; ``newsgen story`` and
``newsgen batch`` read them when given the same database (``--db FILE``)::

    store = ChoiceStore("newsgen-choices.sqlite3")
    store.save(Choice(story_id="E14001502", lead="third_place_battle", editor="Sam"))
    store.get("E14001502").lead  # 'third_place_battle'
    store.reset("E14001502")     # back to the engine's choice

The database is SQLite, created on first use, in WAL mode so that several browser
tabs (and a batch run) can read while one writes. Every operation opens its own
short-lived connection and transaction, so a store is safe to share between threads.
Each save and reset is also appended to ``choice_log``, an audit trail.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from newsgen.errors import NewsgenError

DEFAULT_DB = "newsgen-choices.sqlite3"
SCHEMA_VERSION = 1

_COLUMNS = "story_id, lead, dropped, style, note, editor, approved_at"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS choices (
    story_id    TEXT PRIMARY KEY,
    lead        TEXT,
    dropped     TEXT NOT NULL DEFAULT '[]',
    style       TEXT,
    note        TEXT NOT NULL DEFAULT '',
    editor      TEXT NOT NULL DEFAULT '',
    approved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS choice_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    lead        TEXT,
    dropped     TEXT NOT NULL DEFAULT '[]',
    style       TEXT,
    note        TEXT NOT NULL DEFAULT '',
    editor      TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Choice:
    """One story's approved choices. ``None`` and ``()`` mean "the engine's choice"."""

    story_id: str
    lead: str | None = None
    dropped: tuple[str, ...] = ()
    style: str | None = None
    note: str = ""
    editor: str = ""
    approved_at: str = field(default_factory=_now)

    def __post_init__(self) -> None:
        if not self.story_id:
            raise NewsgenError("a choice needs a story id")
        object.__setattr__(self, "lead", self.lead or None)
        object.__setattr__(self, "style", self.style or None)
        object.__setattr__(self, "dropped", tuple(dict.fromkeys(d for d in self.dropped if d)))


class ChoiceStore:
    """The SQLite file of editors' choices, created on first use."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._ready = False

    # -- connection ----------------------------------------------------------------
    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self._create()
        conn = self._open()
        try:
            if write:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            else:
                yield conn
        finally:
            conn.close()

    def _open(self) -> sqlite3.Connection:
        """A connection in autocommit mode that waits up to ``timeout`` for a writer's lock."""
        try:
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise NewsgenError(f"cannot open the choices database {self.path}: {exc}") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _create(self) -> None:
        if not self.path.parent.exists():
            raise NewsgenError(
                f"cannot create the choices database {self.path}: folder {self.path.parent} does not exist",
                hint="create the folder or give another --db path",
            )
        conn = self._open()
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:  # new file: set it up (once)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise NewsgenError(
                f"{self.path} is not a newsgen choices database ({exc})", hint="give another --db path"
            ) from None
        finally:
            conn.close()
        self._ready = True

    # -- reading ---------------------------------------------------------------------
    @staticmethod
    def _row(row: tuple[str, str | None, str, str | None, str, str, str]) -> Choice:
        story_id, lead, dropped, style, note, editor, at = row
        return Choice(story_id, lead, tuple(json.loads(dropped)), style, note, editor, at)

    def get(self, story_id: str) -> Choice | None:
        """The saved choice for a story (``newsgen.pipeline.story_key``), or None."""
        with self._connect() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM choices WHERE story_id = ?",
                (story_id,),
            ).fetchone()
        return self._row(row) if row else None

    def all(self) -> dict[str, Choice]:
        """Every saved choice, by story id."""
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM choices").fetchall()
        return {r[0]: self._row(r) for r in rows}

    def log(self, story_id: str | None = None) -> list[dict[str, object]]:
        """The audit trail, oldest first (for one story, or all)."""
        sql = "SELECT story_id, action, lead, dropped, style, note, editor, at FROM choice_log"
        args: tuple[str, ...] = ()
        if story_id is not None:
            sql += " WHERE story_id = ?"
            args = (story_id,)
        with self._connect() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        keys = ("story_id", "action", "lead", "dropped", "style", "note", "editor", "at")
        return [dict(zip(keys, r, strict=True)) | {"dropped": json.loads(r[3])} for r in rows]

    # -- writing ---------------------------------------------------------------------
    def save(self, choice: Choice) -> Choice:
        """Insert or replace a story's choice (one short transaction)."""
        dropped = json.dumps(list(choice.dropped))
        values = (choice.story_id, choice.lead, dropped, choice.style, choice.note, choice.editor, choice.approved_at)
        with self._connect(write=True) as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO choices ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            conn.execute(
                "INSERT INTO choice_log (story_id, action, lead, dropped, style, note, editor, at)"
                " VALUES (?, 'approve', ?, ?, ?, ?, ?, ?)",
                values,
            )
        return choice

    def reset(self, story_id: str, *, editor: str = "") -> bool:
        """Forget a story's choice: it goes back to the engine's. True if there was one."""
        with self._connect(write=True) as conn:
            gone = conn.execute("DELETE FROM choices WHERE story_id = ?", (story_id,)).rowcount
            conn.execute(
                "INSERT INTO choice_log (story_id, action, editor, at) VALUES (?, 'reset', ?, ?)",
                (story_id, editor, _now()),
            )
        return bool(gone)
