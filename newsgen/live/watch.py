"""Election night: watch a folder for PA's files and write each result's story as it lands.

:class:`Watcher` keeps the night's state: the latest revision of every result, the files
already read, the broken ones. :meth:`Watcher.scan` reads every new or changed file in the
inbox (in name order, so a result and its corrections are read in the order PA numbered
them); :meth:`Watcher.run` does that whenever the folder changes, with watchfiles (the
platform's file events, or polling where it has none) until told to stop.

For each file:

* a result (``FirstPastThePostResult``, ``LocalElectionResult``) later than the one held
  becomes its story, verified like any other, written atomically in each format; the log
  says what a revision changed ("revision 2: Derek Taylor's votes: 14,698 -> 14,710");
* an older revision arriving late changes nothing, and is logged;
* a rush message writes a holding line (PA's own text; no figures, no story) until the
  result comes;
* a declaration typed at the count (``.yaml``, see ``newsgen declaration new``) is a result
  like PA's, each change of the file its next revision; with ``status: recount`` it writes a
  holding line ("A recount is under way in Hale") and no story until the figures come;
* a file that cannot be read (half-copied, not PA's, against PA's schema) is reported with
  its line and retried when it changes; the watcher never stops for bad input, and never
  writes a story the verifier refuses.

``index.json`` in the output folder lists every story, holding line and failure, rewritten
atomically after each file. A restart reads the inbox again and rewrites nothing unchanged.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import os
import signal
import stat
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgen.batch.files import write_atomic, write_if_changed
from newsgen.context import EMPTY, Context
from newsgen.errors import DataError, NewsgenError
from newsgen.options import NONE as NO_OPTIONS
from newsgen.options import StoryOptions
from newsgen.outputs import get_formatter, render
from newsgen.readers import pa
from newsgen.readers.common import LoadedResults, read_text, refuse_unless_file
from newsgen.records.models import Contest
from newsgen.revisions import contest_changes

__all__ = ["Event", "Watcher"]

#: typed declarations (newsgen.readers.declaration) in the inbox
DECLARATION_SUFFIXES = frozenset({".yaml", ".yml"})
#: what the watcher reads: PA's XML messages and typed declarations
INBOX_SUFFIXES = frozenset({".xml"}) | DECLARATION_SUFFIXES
#: the longest an --on-story command may run for one story
HOOK_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Event:
    """What reading one file did: ``story`` (written or unchanged), ``revised``, ``stale``
    (an older revision arriving late), ``superseded`` (a later revision came in the same
    read), ``holding``, ``noted`` (state of the parties), ``broken``, ``refused``,
    ``unwritten`` (the output folder refused a write: the file is read again until it takes)."""

    kind: str
    file: str
    seat: str = ""
    message: str = ""
    written: bool = False

    def line(self) -> str:
        where = f" {self.seat}" if self.seat else ""
        return f"{self.kind}{where} ({self.file}){': ' + self.message if self.message else ''}"


@dataclass
class _Held:
    revision: int
    contest: Contest | None  # None for a council's totals
    file: str


@dataclass
class Watcher:
    """The night's state over one inbox and one output folder."""

    inbox: Path
    out: Path
    formats: tuple[str, ...] = ("md",)
    context: Context = EMPTY
    templates: str | None = None
    #: style, lead and dropped angles for every story, under an editor's saved choice in ``choices_db``
    options: StoryOptions = NO_OPTIONS
    choices_db: str | None = None
    #: a shell command run for each story written (NEWSGEN_STORY_PATH, NEWSGEN_SEAT in its environment)
    on_story: str | None = None
    log: Callable[[Event], None] = lambda event: None
    results: dict[str, _Held] = field(default_factory=dict)
    holding: dict[str, str] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)
    _seen: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: files whose stories the output folder would not take (full, read-only, gone), with why:
    #: read again at every scan, and each second while :meth:`run` waits, until they are written
    _unwritten: dict[str, str] = field(default_factory=dict)
    _provider: Any = None
    #: the latest revision of each result among the files of the scan under way
    _latest: dict[str, int] = field(default_factory=dict)
    _stories: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: each seat's file name (without the extension), and those taken: see :meth:`_file_slug`
    _slugs: dict[str, str] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)
    #: seats won so far by each party, among ``results`` (kept as results come in: counting
    #: them afresh for each of 650 files was most of a full-speed replay's own work)
    _winners: Counter[str] = field(default_factory=Counter)
    #: set by :meth:`run` for the night: the next story written freezes what was loaded
    _freeze_pending: bool = False
    _frozen: bool = False  # the freeze is ours to undo when run() ends
    #: while :meth:`run` runs, the event that ends it (a running --on-story is stopped with it)
    _stop: threading.Event | None = None

    def __post_init__(self) -> None:
        self.inbox, self.out = Path(self.inbox), Path(self.out)
        for name in self.formats:
            get_formatter(name)  # an unknown format stops the watcher before the night starts
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise NewsgenError(f"cannot make the folder {self.out} ({exc.strerror})") from None

    # -- reading the inbox ------------------------------------------------------------
    def _changed(self, path: Path) -> bool:
        try:
            st = path.stat()
        except OSError:
            return False
        key = (st.st_mtime_ns, st.st_size)
        if self._seen.get(path.name) == key:
            return False
        self._seen[path.name] = key
        return True

    def scan(self, paths: Iterable[Path] | None = None) -> list[Event]:
        """Read every new or changed PA file or typed declaration (``paths``: just these), in name order."""
        try:
            listed = list(paths if paths is not None else self.inbox.iterdir())
        except OSError:  # the inbox is gone: run() waits for it
            listed = []
        for name in [n for n in self._unwritten if not (self.inbox / n).exists()]:
            del self._unwritten[name]  # gone from the inbox: nothing to try again
        named = {p.name: p for p in (*(self.inbox / n for n in self._unwritten), *listed)}
        candidates = sorted(named.values(), key=lambda p: p.name)
        fresh = [
            p
            for p in candidates
            if p.suffix.lower() in INBOX_SUFFIXES and not p.name.startswith(".") and self._changed(p)
        ]
        # a restart: go straight to each result's last revision
        self._latest = _latest_revisions([p for p in fresh if p.suffix.lower() == ".xml"])
        events: list[Event] = []
        for path in fresh:
            try:
                handled = self.handle(path)
            except OSError as exc:  # the output folder's fault, not the file's: try it again
                handled = self._unwritable(path, exc)
            else:
                self._unwritten.pop(path.name, None)
            for event in handled:
                events.append(event)
                self.log(event)
        if events:
            self._write_index()
            self._journal(events)
        return events

    def _unwritable(self, path: Path, exc: OSError) -> list[Event]:
        """A write into the output folder failed: forget the file was read, so the next scan
        reads it again; say so once for each new reason."""
        self._seen.pop(path.name, None)
        where = exc.filename or self.out
        why = f"cannot write {where} ({exc.strerror or exc}): read again until it can be written"
        if self._unwritten.get(path.name) == why:
            return []
        self._unwritten[path.name] = why
        return [Event("unwritten", path.name, message=why)]

    def _journal(self, events: list[Event]) -> None:
        """Append what changed to ``watch.log`` in the output folder: a record for the desk of
        every story written or rewritten (and why), every late file and every broken one,
        whatever the terminal showed. Unchanged rereads (a restart) are not repeated there."""
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        lines = [
            f"{stamp} {e.line()}\n"
            for e in events
            if e.written or e.kind in ("stale", "broken", "refused", "unwritten", "inbox", "hook")
        ]
        if not lines:
            return
        try:
            with (self.out / "watch.log").open("a", encoding="utf-8") as fh:
                fh.writelines(lines)
        except OSError as exc:
            self.log(Event("log", "watch.log", message=f"cannot write the log ({exc.strerror})"))

    def handle(self, path: Path) -> list[Event]:
        """Read one file and write what it changes."""
        if path.suffix.lower() in DECLARATION_SUFFIXES:
            return self._declaration(path)
        try:
            message = pa.read_message(path)
            loaded = pa.results_from_messages([message], path)
            for errors in loaded.rejected.values():  # a result the reader refused: this file's only one
                raise errors[0]
        except DataError as exc:
            self.broken[path.name] = str(exc).splitlines()[0]
            return [Event("broken", path.name, message=self.broken[path.name] + " (read again when it changes)")]
        self.broken.pop(path.name, None)
        if message.root == "FirstPastThePostRush":
            return self._rush(message, path)
        if message.root == "FirstPastThePostStateOfParties":
            return [Event("noted", path.name, message="state of the parties: no story is written from it")]
        events = []
        for contest in loaded.election.contests:
            events.append(self._result(contest, message.revision, path, loaded))
        for council in loaded.election.councils:
            events.append(self._council(council.name, message.revision, path, loaded))
        return events

    def _rush(self, message: Any, path: Path) -> list[Event]:
        events = []
        for el in message.tree.getroot().iter("Constituency"):
            name = el.get("name", "")
            if name in self.results:
                continue  # the result is in: a rush changes nothing
            text = el.get("paStyleMessageText") or f"{name}: declared, figures to follow"
            line = f"Holding line (PA rush, revision {message.revision}): {text}. Full figures to follow."
            self.holding[name] = line
            written = write_if_changed(self.out / f"{self._file_slug(name)}.holding.txt", (line + "\n").encode())
            events.append(Event("holding", path.name, name, text, written=written))
        return events

    def _declaration(self, path: Path) -> list[Event]:
        """A declaration typed at the count: a result (each change of the file is the next
        revision of it), or, with ``status: recount``, a holding line and no story."""
        from newsgen.readers import declaration

        try:
            refuse_unless_file(path)
            text = read_text(path)
            seat = declaration.recount_under_way(text, file=path.name)
            loaded = None if seat is not None else declaration.parse(text, file=path.name)
        except DataError as exc:
            self.broken[path.name] = str(exc).splitlines()[0]
            return [Event("broken", path.name, message=self.broken[path.name] + " (read again when it changes)")]
        self.broken.pop(path.name, None)
        if seat is not None:
            return [self._recount(seat, path)]
        assert loaded is not None
        contest = loaded.election.contests[0]
        held = self.results.get(contest.name)
        revision = held.revision + 1 if held is not None else 1
        return [self._result(contest, revision, path, loaded)]

    def _recount(self, seat: str, path: Path) -> Event:
        if seat in self.results:
            return Event(
                "noted",
                path.name,
                seat,
                "a recount, after the result was written: the story stands until the recounted figures arrive",
            )
        line = f"Holding line (typed at the count): A recount is under way in {seat}. The result is to follow."
        self.holding[seat] = line
        write_if_changed(self.out / f"{self._file_slug(seat)}.holding.txt", (line + "\n").encode())
        return Event("holding", path.name, seat, "a recount is under way", written=True)

    # -- results -------------------------------------------------------------------------
    def _result(self, contest: Contest, revision: int, path: Path, loaded: LoadedResults) -> Event:
        """A result's story, unless a later revision is held or in this scan. What changed
        from the result held is logged, whichever file it came in: a typed declaration is
        edited in place, and a PA file can be sent again under its own name."""
        name = contest.name
        held = self.results.get(name)
        if held is not None and revision < held.revision:
            return _stale(path, name, revision, held.revision)
        if revision < self._latest.get(name, revision):  # a later revision is in the same scan: read that
            return Event("superseded", path.name, name, f"revision {self._latest[name]} is here too")
        changes: list[str] = []
        if held is not None and held.contest is not None:
            hard, soft = contest_changes(held.contest, contest)
            changes = hard + soft
        one = loaded.election.model_copy(update={"contests": (contest,), "councils": (), "council_totals": ()})
        single = LoadedResults(
            election=one, all_seats=[name], winner_codes=[], earlier=loaded.earlier, member_ids=loaded.member_ids
        )
        event = self._write(single, name, revision, path, changes)
        if event.kind != "refused":
            self._hold(name, _Held(revision, contest, path.name))
            self.holding.pop(name, None)
            (self.out / f"{self._file_slug(name)}.holding.txt").unlink(missing_ok=True)
        return event

    def _council(self, name: str, revision: int, path: Path, loaded: LoadedResults) -> Event:
        held = self.results.get(name)
        if held is not None and revision < held.revision:
            return _stale(path, name, revision, held.revision)
        event = self._write(loaded, name, revision, path, [])
        if event.kind != "refused":
            self._hold(name, _Held(revision, None, path.name))
        return event

    def _hold(self, name: str, held: _Held) -> None:
        """Keep a result (replacing an earlier revision), and the tally of seats won."""
        for before, step in ((self.results.get(name), -1), (held, 1)):
            if before is not None and before.contest is not None and before.contest.candidates:
                self._winners[before.contest.candidates[0].party_code] += step
        self.results[name] = held

    def _file_slug(self, seat: str) -> str:
        """The name of a seat's files, as ``newsgen batch`` chooses it: never ``index`` (its
        json story would be written over index.json) nor empty (a hidden ``.md``), and never
        another seat's (two names that slug alike, "Clacton" and "CLACTON", get ``-2``)."""
        if seat not in self._slugs:
            from newsgen.batch.runner import free_slug

            self._slugs[seat] = free_slug(_slug(seat), self._taken)
        return self._slugs[seat]

    def _dataset(self, loaded: LoadedResults) -> Any:
        from newsgen.baselines.provider import BaselineProvider
        from newsgen.pipeline import Dataset

        election = loaded.election
        provider = None
        if election.kind in ("general", "by-election"):
            if self._provider is None or self._provider[0] != election.polling_date:
                # a seat is asked for once a declaration: its baseline is not kept all night
                fresh = BaselineProvider(election, overrides=self.context.predecessors, remember_seats=False)
                # who stands anywhere: the nominations where known, never just the seats in so far
                # (an MP standing elsewhere would be said not to have stood)
                fresh.standing_members = loaded.member_ids
                self._provider = (election.polling_date, fresh)
            provider = self._provider[1]
        winners = +self._winners  # a copy, without the parties at nought
        return Dataset.from_loaded(
            loaded,
            results_path=self.inbox,
            context=self.context,
            templates=self.templates,
            provider=provider,
            party_seat_counts=winners,
        )

    def _write(self, loaded: LoadedResults, name: str, revision: int, path: Path, changes: list[str]) -> Event:
        try:
            story = self._dataset(loaded).story([name], defaults=self.options, choices_db=self.choices_db)
        except NewsgenError as exc:
            return Event("refused", path.name, name, str(exc).splitlines()[0])
        written = False
        files = {}
        slug = self._file_slug(name)
        for fmt in self.formats:
            _, extension = get_formatter(fmt)
            target = self.out / f"{slug}.{extension.lstrip('.')}"
            written |= write_if_changed(target, render(story, fmt).encode("utf-8"))
            files[fmt] = target.name
        if self._freeze_pending:
            self._freeze_pending = False
            self._freeze()
        self._stories[name] = {
            "seat": name,
            "seat_ids": list(story.seat_ids),
            "slug": slug,
            "headline": story.headline,
            "lead": story.lead,
            "revision": revision,
            "source": path.name,
            "files": files,
        }
        if written and self.on_story:
            self._hook(self.out / next(iter(files.values())), name)
        kind = "revised" if changes else "story"
        detail = f"revision {revision}: " + "; ".join(changes) if changes else f"revision {revision}"
        return Event(kind, path.name, name, detail if written else detail + " (unchanged)", written)

    def _freeze(self) -> None:
        """After the night's first story: what it loaded (the libraries, the compiled templates,
        the bundled results and baselines) stays all night, so it is moved out of the cyclic
        garbage collector's walks, as ``newsgen batch`` does with the results it loads: each
        full collection would otherwise walk it all again, tens of times over a night's 650
        files. Later objects are collected as usual; a collection first clears any garbage.
        Unfrozen when :meth:`run` returns."""
        self._frozen = gc.get_freeze_count() == 0  # a heap someone else froze is theirs to thaw
        gc.collect()
        gc.freeze()

    def _hook(self, story_path: Path, seat: str) -> None:
        """Run ``--on-story`` for a story, for at most :data:`HOOK_SECONDS`, and no longer
        than the night: it runs in a process group of its own, all of which (the shell and
        what it started) is stopped at the time limit or when :meth:`run` is told to stop."""
        env = {**os.environ, "NEWSGEN_STORY_PATH": str(story_path), "NEWSGEN_SEAT": seat}
        try:
            proc = subprocess.Popen(self.on_story or "", shell=True, env=env, start_new_session=True)
        except OSError as exc:
            self._report(Event("hook", story_path.name, seat, f"--on-story could not start: {exc}"))
            return
        deadline = time.monotonic() + HOOK_SECONDS
        while True:
            try:
                code = proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                stopping = self._stop is not None and self._stop.is_set()
                if not stopping and time.monotonic() < deadline:
                    continue
                _end_group(proc)
                why = "the watcher is stopping" if stopping else f"still running after {HOOK_SECONDS} s"
                self._report(Event("hook", story_path.name, seat, f"--on-story stopped: {why}"))
                return
            break
        if code:
            self._report(Event("hook", story_path.name, seat, f"--on-story exited {code}"))

    def _report(self, event: Event) -> None:
        """Shown, and kept in watch.log at once, for what happens outside a scan's own events:
        a story that did not reach the CMS (--on-story), the inbox gone or replaced."""
        self.log(event)
        self._journal([event])

    def _write_index(self) -> None:
        index = {
            "inbox": str(self.inbox),
            "updated": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "stories": sorted(self._stories.values(), key=lambda s: s["seat"]),
            "holding": [{"seat": k, "line": v} for k, v in sorted(self.holding.items())],
            "failed": [{"file": k, "error": v} for k, v in sorted(self.broken.items())],
        }
        try:
            write_atomic(self.out / "index.json", (json.dumps(index, indent=1, ensure_ascii=False) + "\n").encode())
        except OSError as exc:
            self.log(Event("unwritten", "index.json", message=f"cannot write the index ({exc.strerror or exc})"))

    # -- the loop -----------------------------------------------------------------------
    def _watch(self, stop: threading.Event, inbox: tuple[int, int], polling: bool | None) -> bool:
        """Scan each change of the inbox until ``stop`` is set (False) or the inbox itself is
        deleted or replaced (True: even by a folder of the same inode, as a quick ``rm -r``
        and ``mkdir`` give)."""
        from watchfiles import watch

        for changes in watch(
            self.inbox,
            stop_event=stop,
            force_polling=polling,
            debounce=200,
            step=50,
            raise_interrupt=False,
            recursive=False,
            yield_on_timeout=True,
            rust_timeout=1000,
        ):
            itself = os.path.abspath(self.inbox)
            if _identity(self.inbox) != inbox or any(os.path.abspath(p) == itself for _, p in changes):
                return True
            paths = {Path(p) for _, p in changes if Path(p).suffix.lower() in INBOX_SUFFIXES}
            if paths or self._unwritten:  # a quiet second: try again what could not be written
                self.scan(paths)
        return False

    def run(self, stop: threading.Event, *, polling: bool | None = None) -> None:
        """Scan, then scan again whenever the inbox changes, until ``stop`` is set.

        An inbox removed (or replaced: a sync tool's, or a remounted share) is waited for,
        then watched and read afresh: file events would otherwise follow the old folder
        and never report another file."""
        self._freeze_pending = True
        self._stop = stop
        try:
            self.scan()
            again = False  # the inbox went, or was replaced: read it afresh
            while not stop.is_set():
                here = _identity(self.inbox)
                if here is None:
                    self._report(
                        Event("inbox", self.inbox.name, message=f"{self.inbox} has gone: waiting for it to come back")
                    )
                    while not stop.wait(1.0) and (here := _identity(self.inbox)) is None:
                        pass
                    if here is None:  # told to stop while waiting
                        break
                if again:
                    self._report(
                        Event("inbox", self.inbox.name, message=f"{self.inbox} is a new folder: reading it again")
                    )
                    self.scan()
                try:
                    again = self._watch(stop, here, polling)
                except FileNotFoundError:  # gone before the watch began
                    again = True
        finally:
            self._stop = None
            self._freeze_pending = False
            if self._frozen:
                self._frozen = False
                gc.unfreeze()


def _identity(folder: Path) -> tuple[int, int] | None:
    """The folder's device and inode (None when it is not there, or is not a folder)."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def _end_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process and everything in its process group: SIGTERM, then SIGKILL."""
    for sig, grace in ((signal.SIGTERM, 2.0), (getattr(signal, "SIGKILL", signal.SIGTERM), 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if hasattr(os, "killpg"):
                os.killpg(proc.pid, sig)
            else:  # Windows: no process groups to signal
                proc.kill()
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _latest_revisions(paths: list[Path]) -> dict[str, int]:
    """The highest revision of each result among these files (unreadable files left out).

    Each file is parsed here and again when it is handled: holding every parsed tree of a
    batch (a restart, or every result landing at once) cost more memory than the second
    parse costs time."""
    latest: dict[str, int] = {}
    for path in paths:
        try:
            message = pa.read_message(path)
        except DataError:
            continue
        if message.root != "FirstPastThePostResult":
            continue
        for el in message.tree.getroot().iter("Constituency"):
            if el.getparent() is not None and el.getparent().tag == "Election":
                name = el.get("name", "")
                latest[name] = max(latest.get(name, message.revision), message.revision)
    return latest


def _stale(path: Path, name: str, revision: int, held: int) -> Event:
    return Event("stale", path.name, name, f"revision {revision} is older than {held}: nothing changed")


def _slug(name: str) -> str:
    from newsgen.baselines.names import slug

    return slug(name)
