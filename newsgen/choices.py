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

A file that is not one of ours is refused, never changed: a damaged file, another
program's database, one with an older or altered schema, or a newer schema version.
Only a missing file (with ``create=True``, the default) or an empty one is set up.
Every problem is a :class:`~newsgen.errors.ChoicesDbError` naming the file (and, for a
row that cannot be read, the row) and what to do: a read-only or locked file on saving,
an unreadable row on reading. Reading needs no write access.
"""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from newsgen.errors import ChoicesDbError, NewsgenError

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


#: each table's columns, as the schema above creates them
_TABLES = {
    "choices": ("story_id", "lead", "dropped", "style", "note", "editor", "approved_at"),
    "choice_log": ("id", "story_id", "action", "lead", "dropped", "style", "note", "editor", "at"),
}
_KEEP = "newsgen has not changed it"


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
    """The SQLite file of editors' choices, created on first use (unless ``create=False``)."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, timeout: float = 10.0, create: bool = True) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.create = create
        self._ready = False
        self._immutable = False  # read as it stands: see _cannot_write_here

    def check(self) -> None:
        """Open the database now and check it is ours (setting up a new one): raises
        ChoicesDbError saying what is wrong, before anything is read or written."""
        if not self._ready:
            self._create()

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
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            else:
                yield conn
        except sqlite3.Error as exc:
            raise self._problem(exc, write=write) from None
        finally:
            conn.close()

    def _open(self) -> sqlite3.Connection:
        """A connection in autocommit mode that waits up to ``timeout`` for a writer's lock."""
        try:
            if self._immutable:
                conn = sqlite3.connect(
                    self.path.absolute().as_uri() + "?immutable=1", timeout=self.timeout, isolation_level=None, uri=True
                )
            else:
                conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise ChoicesDbError(
                f"cannot open the choices database {self.path}: {exc}",
                hint="check that the user running newsgen may read the file and write to its folder "
                "(SQLite keeps FILE-wal and FILE-shm beside it), or give another --db path",
            ) from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        except sqlite3.Error as exc:
            conn.close()
            raise self._problem(exc, write=False) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _cannot_write_here(self, exc: sqlite3.Error) -> bool:
        """Did a read fail only because this user may write neither the file nor its folder?

        SQLite reads a WAL database through a FILE-shm beside it, which it then cannot
        create. With no FILE-wal holding changes, no writer is at work (the last connection to
        close folds the WAL back into the file and deletes it): the file holds every committed
        choice and can be read as it stands (SQLite's ``immutable``). A FILE-wal left by a
        writer that stopped mid-way may hold the latest approvals, so it is not skipped."""
        if self._immutable or not isinstance(exc, sqlite3.OperationalError):
            return False
        if "readonly" not in str(exc) and "unable to open" not in str(exc):
            return False
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return False
        return not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK)

    def _problem(self, exc: sqlite3.Error, *, write: bool) -> ChoicesDbError:
        """What went wrong with the file, and what to do, from SQLite's error."""
        text = str(exc)
        if ("readonly" in text or "read-only" in text) and (write or self._immutable):
            return ChoicesDbError(
                f"cannot save to the choices database {self.path}: the file is read-only ({text}); nothing was saved",
                hint="make the file and its folder writable by the user running newsgen, "
                "or start `newsgen serve` with another --db file",
            )
        if "locked" in text or "busy" in text:
            return ChoicesDbError(
                f"the choices database {self.path} is busy: another program held its lock for "
                f"more than {self.timeout:g} seconds ({text})" + ("; nothing was saved" if write else ""),
                hint="try again in a moment; if it keeps happening, close the other program using the file",
            )
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            return self._damaged(exc)
        action = "save to" if write else "read"
        return ChoicesDbError(
            f"cannot {action} the choices database {self.path} ({text})",
            hint="check that the user running newsgen may read the file and write to its folder "
            "(SQLite keeps FILE-wal and FILE-shm beside it), and that the disk has space",
        )

    def _damaged(self, exc: sqlite3.Error) -> ChoicesDbError:
        return ChoicesDbError(
            f"{self.path} is not a newsgen choices database, or it is damaged ({exc}); {_KEEP}",
            hint="if `newsgen serve` wrote it, restore it from a backup (`sqlite3 FILE 'PRAGMA integrity_check'` "
            "shows the damage); otherwise give another --db path",
        )

    def _create(self) -> None:
        """Check the file is a newsgen choices database; set up a new (missing or empty) one.

        Nothing is written to a file that already holds anything: a damaged file, another
        program's tables, an older or altered schema or a newer version are refused as found."""
        if not self.path.exists():
            if not self.create:
                raise ChoicesDbError(
                    f"{self.path}: choices database not found",
                    hint="give the file `newsgen serve --db` saved the editors' approvals in "
                    f"(by default {DEFAULT_DB}, in the folder it was started from), or leave out --db",
                )
            if not self.path.parent.exists():
                raise ChoicesDbError(
                    f"cannot create the choices database {self.path}: folder {self.path.parent} does not exist",
                    hint="create the folder or give another --db path",
                )
        if self.path.is_dir():
            raise ChoicesDbError(f"{self.path} is a folder, not a choices database", hint="give the database file")
        conn = self._open()
        try:
            try:
                version, found, columns = self._inspect(conn)
            except sqlite3.DatabaseError as exc:
                if not self._cannot_write_here(exc):
                    raise self._problem(exc, write=False) from None
                conn.close()
                self._immutable = True
                conn = self._open()
                try:
                    version, found, columns = self._inspect(conn)
                except sqlite3.DatabaseError as again:
                    raise self._problem(again, write=False) from None
            if version == 0 and not found:  # a new or empty file: set it up (once)
                self._set_up(conn)
            elif version > SCHEMA_VERSION:
                raise ChoicesDbError(
                    f"{self.path} was written by a newer newsgen (choices schema version {version}; "
                    f"this one reads version {SCHEMA_VERSION}); {_KEEP}",
                    hint="upgrade newsgen (pip install -U newsgen), or give another --db path",
                )
            else:
                self._check_schema(version, found, columns)
        finally:
            conn.close()
        self._ready = True

    @staticmethod
    def _inspect(conn: sqlite3.Connection) -> tuple[int, list[str], dict[str, list[str]]]:
        """The schema version, every table and index, and the columns of our tables."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        found = [r[0] for r in conn.execute("SELECT name FROM sqlite_master ORDER BY name")]
        columns = {
            table: [r[1] for r in conn.execute(f"PRAGMA table_info({table})")] for table in _TABLES if table in found
        }
        return version, found, columns

    def _check_schema(self, version: int, found: list[str], columns: dict[str, list[str]]) -> None:
        missing = {t: [c for c in want if c not in columns.get(t, ())] for t, want in _TABLES.items()}
        missing = {t: cols for t, cols in missing.items() if cols}
        if version == SCHEMA_VERSION and not missing:
            return
        hint = (
            "start `newsgen serve --db` with a new file and approve the stories again "
            "(this file keeps its rows: `sqlite3 FILE .dump` shows them), or give another --db path"
        )
        if "choices" not in found:
            listed = ", ".join(found[:8]) + (", ..." if len(found) > 8 else "")
            raise ChoicesDbError(
                f"{self.path} is not a newsgen choices database: it holds {listed} but no choices table; {_KEEP}",
                hint="give the file `newsgen serve --db` wrote, or a new file name",
            )
        what = "; ".join(f"table {t} lacks {', '.join(cols)}" for t, cols in missing.items())
        raise ChoicesDbError(
            f"{self.path} has an older or altered choices schema (version {version}, newsgen reads "
            f"version {SCHEMA_VERSION}" + (f"; {what}" if what else "") + f"); {_KEEP}",
            hint=hint,
        )

    def _set_up(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                if conn.execute("PRAGMA user_version").fetchone()[0] == 0:  # not set up meanwhile by another
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._problem(exc, write=True) from None

    # -- reading ---------------------------------------------------------------------
    def _row(self, row: tuple[object, ...]) -> Choice:
        story_id, lead, dropped, style, note, editor, at = row
        match = "story_id IS NULL" if story_id is None else f"story_id = {_sql_text(str(story_id))}"
        where = _Where(
            f"{self.path}, table choices, row with story_id {story_id!r}",
            f"delete the row and approve the story again in `newsgen serve`: sqlite3 {shlex.quote(str(self.path))} "
            f'"DELETE FROM choices WHERE {match}"',
        )
        if not isinstance(story_id, str) or not story_id:
            raise where.bad("story_id", story_id, "a story id (GSS codes joined by '+')")
        return Choice(
            story_id,
            where.text("lead", lead, nullable=True),
            where.ids(dropped),
            where.text("style", style, nullable=True),
            where.text("note", note) or "",
            where.text("editor", editor) or "",
            where.text("approved_at", at) or "",
        )

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
        sql = "SELECT id, story_id, action, lead, dropped, style, note, editor, at FROM choice_log"
        args: tuple[str, ...] = ()
        if story_id is not None:
            sql += " WHERE story_id = ?"
            args = (story_id,)
        with self._connect() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        keys = ("story_id", "action", "lead", "dropped", "style", "note", "editor", "at")
        return [dict(zip(keys, r[1:], strict=True)) | {"dropped": list(self._log_where(r[0]).ids(r[4]))} for r in rows]

    def _log_where(self, row_id: object) -> _Where:
        return _Where(
            f"{self.path}, table choice_log, row id {row_id}",
            f"correct the row: sqlite3 {shlex.quote(str(self.path))} "
            f"\"UPDATE choice_log SET dropped = '[]' WHERE id = {row_id}\"",
        )

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


@dataclass(frozen=True, slots=True)
class _Where:
    """A row of the database being read, and how to mend it: each column checked as it is read."""

    place: str
    fix: str

    def bad(self, column: str, value: object, wanted: str) -> ChoicesDbError:
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        return ChoicesDbError(f"{self.place}: column {column} is {shown}, not {wanted}", hint=self.fix)

    def text(self, column: str, value: object, *, nullable: bool = False) -> str | None:
        if isinstance(value, str) or (nullable and value is None):
            return value
        raise self.bad(column, value, "text" + (" or NULL" if nullable else ""))

    def ids(self, value: object) -> tuple[str, ...]:
        try:
            ids = json.loads(value) if isinstance(value, str | bytes) else None
        except ValueError:
            ids = None
        if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
            return tuple(ids)
        raise self.bad("dropped", value, 'a JSON list of angle ids, such as ["gain"]')


def _sql_text(value: str) -> str:
    """``value`` as an SQL string literal, for a command the user may copy."""
    return "'" + value.replace("'", "''") + "'"
