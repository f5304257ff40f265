"""`newsgen watch`: PA's files as they land on the night, corrections and all."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.errors import DataError
from newsgen.live.replay import file_name, message
from newsgen.live.watch import Watcher
from newsgen.pipeline import Dataset
from newsgen.resources import fixtures_dir

SEATS = ["Southend West and Leigh", "Chorley", "Clacton"]
RUSH = fixtures_dir() / "pa-feed" / "samples" / "Scottish_Parliament_Test_rush_Glasgow_Anniesland_1.reconstructed.xml"


def _drop(dataset: Dataset, inbox: Path, seat: str, *, revision: int = 1, text: str | None = None) -> Path:
    contest = dataset.contest(seat)
    number = dataset.seat_names.index(seat) + 1
    body = text or message(contest, dataset.election, number, revision=revision)
    path = inbox / file_name(contest, dataset.election, revision)
    path.write_text(body, encoding="utf-8")
    return path


def _wait_until(ready: Callable[[], bool], seconds: float, step: float = 0.1) -> None:
    """Poll ``ready`` until it is true or ``seconds`` have passed (the caller asserts after)."""
    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        time.sleep(step)


def test_a_night_of_results_corrections_late_files_broken_files_and_a_rush(dataset: Dataset, tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seen: list[str] = []
    watcher = Watcher(inbox=inbox, out=out, log=lambda e: seen.append(e.line()))
    for seat in SEATS[:2]:
        _drop(dataset, inbox, seat)
    events = watcher.scan()
    assert [(e.kind, e.seat, e.written) for e in events] == [
        ("story", "Chorley", True),
        ("story", "Southend West and Leigh", True),
    ]
    southend = out / "southend-west-and-leigh.md"
    assert dataset.story(["Southend West and Leigh"]).headline in southend.read_text(encoding="utf-8")

    # revision 2: David Burton-Sampson's votes corrected, 16,739 -> 16,751 (majority 1,949 -> 1,961)
    first = (inbox / file_name(dataset.contest(SEATS[0]), dataset.election, 1)).read_text(encoding="utf-8")
    second = first.replace('revision="1"', 'revision="2"').replace('votes="16739"', 'votes="16751"')
    second = second.replace('majority="1949"', 'majority="1961"').replace('turnout="47131"', 'turnout="47143"')
    _drop(dataset, inbox, SEATS[0], revision=2, text=second)
    (revised,) = watcher.scan()
    assert revised.kind == "revised" and revised.written
    assert "David Burton-Sampson's votes: 16,739 -> 16,751" in revised.message
    assert "1,961" in southend.read_text(encoding="utf-8")

    # the first revision copied in again, late: older than the one held, so nothing changes
    late = _drop(dataset, inbox, SEATS[0], revision=1, text=first)
    os.utime(late, (time.time() + 5, time.time() + 5))
    (stale,) = watcher.scan()
    assert stale.kind == "stale" and "1,961" in southend.read_text(encoding="utf-8")

    # a file still being copied: reported with its line, then read when it is whole
    whole = message(dataset.contest(SEATS[2]), dataset.election, 3)
    partial = _drop(dataset, inbox, SEATS[2], text=whole[: len(whole) // 2])
    (broken,) = watcher.scan()
    assert broken.kind == "broken" and partial.name in broken.line() and "row " in broken.message
    assert not (out / "clacton.md").exists()
    partial.write_text(whole, encoding="utf-8")
    os.utime(partial, (time.time() + 10, time.time() + 10))
    (fixed,) = watcher.scan()
    assert fixed.kind == "story" and (out / "clacton.md").exists()

    # a rush: a holding line in PA's words until the figures come; no story
    (inbox / RUSH.name).write_bytes(RUSH.read_bytes())
    (holding,) = watcher.scan()
    assert holding.kind == "holding"
    line = (out / "glasgow-anniesland.holding.txt").read_text(encoding="utf-8")
    assert "Scottish National Party win Glasgow Anniesland" in line and "Full figures to follow" in line
    index = (out / "index.json").read_text(encoding="utf-8")
    assert '"holding"' in index and "Glasgow Anniesland" in index and '"revision": 2' in index

    # the desk's record of the night, whatever the terminal showed
    journal = (out / "watch.log").read_text(encoding="utf-8")
    assert "revised Southend West and Leigh" in journal and "16,739 -> 16,751" in journal
    assert "stale Southend West and Leigh" in journal and "broken Clacton" not in journal
    assert f"broken ({partial.name})" in journal

    # a restart reads the inbox again and rewrites nothing
    again = Watcher(inbox=inbox, out=out).scan()
    assert again and not any(e.written for e in again)
    assert (out / "watch.log").read_text(encoding="utf-8") == journal  # and adds nothing to the log


def test_watch_once_writes_what_batch_writes(dataset: Dataset, tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seats = dataset.seat_names[::25]
    for seat in seats:
        _drop(dataset, inbox, seat)
    result = CliRunner().invoke(main, ["watch", str(inbox), "--out", str(out), "--once"])
    assert result.exit_code == 0, result.output
    assert f"{len(seats)} results read, {len(seats)} stories written, 0 files broken" in result.output
    from newsgen.outputs import render

    for seat in seats:
        story = dataset.story([seat])
        assert (out / f"{story.slug}.md").read_text(encoding="utf-8") == render(story, "md"), seat


def test_the_watcher_writes_a_file_that_lands_while_it_runs(dataset: Dataset, tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    watcher = Watcher(inbox=inbox, out=out)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), kwargs={"polling": True}, daemon=True)
    thread.start()
    time.sleep(0.5)
    _drop(dataset, inbox, "Chorley")
    _wait_until((out / "chorley.md").exists, 20)
    stop.set()
    thread.join(timeout=10)
    assert (out / "chorley.md").exists()
    assert not thread.is_alive()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_stops_the_watcher_cleanly(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "watch", str(inbox), "--out", str(out), "--polling"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    started = proc.stderr.readline()
    assert "watching" in started
    proc.send_signal(signal.SIGTERM)
    _, rest = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert "Traceback" not in rest and "stopped" in rest


@pytest.mark.slow
def test_a_replayed_2024_watched_gives_the_650_stories_of_batch(tmp_path: Path) -> None:
    """The done-when of the live-night issue: `newsgen replay` into a folder, `newsgen watch`
    over it, and every story is byte for byte what `newsgen batch` writes from the file."""
    from newsgen.resources import DEFAULT_RESULTS, bundled

    runner = CliRunner()
    assert runner.invoke(main, ["replay", str(bundled(DEFAULT_RESULTS)), "--to", str(tmp_path / "in")]).exit_code == 0
    assert runner.invoke(main, ["watch", str(tmp_path / "in"), "--out", str(tmp_path / "w"), "--once"]).exit_code == 0
    assert runner.invoke(main, ["batch", "--out", str(tmp_path / "b"), "--format", "md"]).exit_code == 0
    batch = sorted(p.name for p in (tmp_path / "b").glob("*.md"))
    assert len(batch) == 650
    for name in batch:
        assert (tmp_path / "w" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_declaration_typed_at_the_count_recount_then_result_then_correction(tmp_path: Path) -> None:
    """Issue 14: a recount updates a holding line without inventing a result; the declared
    figures then become the story, and a corrected file is the next revision, logged."""
    from newsgen.outputs import render

    example = fixtures_dir() / "declaration-example.yaml"
    declared = example.read_text(encoding="utf-8")
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    typed = inbox / "hale.yaml"
    # at the count: the figures not yet final, a recount called
    typed.write_text(declared.replace("candidates:", "status: recount\ncandidates:", 1), encoding="utf-8")
    watcher = Watcher(inbox=inbox, out=out)
    (event,) = watcher.scan()
    assert (event.kind, event.seat) == ("holding", "Hale")
    assert (out / "hale.holding.txt").read_text(encoding="utf-8") == (
        "Holding line (typed at the count): A recount is under way in Hale. The result is to follow.\n"
    )
    assert not (out / "hale.md").exists()
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["holding"][0]["seat"] == "Hale" and index["stories"] == []
    # declared: the story newsgen story writes from the same file; the holding line goes
    typed.write_text(declared, encoding="utf-8")
    (event,) = watcher.scan([typed])
    assert event.kind == "story" and event.written
    expected = Dataset(example).story(["Hale"])
    assert (out / "hale.md").read_text(encoding="utf-8") == render(expected, "md")
    assert not (out / "hale.holding.txt").exists()
    # a corrected figure: the next revision, with what changed
    typed.write_text(declared.replace("votes: 1521", "votes: 1525"), encoding="utf-8")
    os.utime(typed, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    (event,) = watcher.scan([typed])
    assert event.kind == "revised"
    assert "revision 2" in event.message and "1,521 -> 1,525" in event.message, event.message
    assert "1,525" in (out / "hale.md").read_text(encoding="utf-8")
    log = (out / "watch.log").read_text(encoding="utf-8")
    assert "holding Hale (hale.yaml): a recount is under way" in log and "1,521 -> 1,525" in log


def test_a_recount_note_after_the_result_keeps_the_story(tmp_path: Path) -> None:
    declared = (fixtures_dir() / "declaration-example.yaml").read_text(encoding="utf-8")
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "hale.yaml").write_text(declared, encoding="utf-8")
    watcher = Watcher(inbox=inbox, out=out)
    watcher.scan()
    story = (out / "hale.md").read_bytes()
    (inbox / "hale-recount.yaml").write_text(
        declared.replace("candidates:", "status: recount\ncandidates:", 1), encoding="utf-8"
    )
    (event,) = watcher.scan()
    assert event.kind == "noted" and "the story stands" in event.message
    assert (out / "hale.md").read_bytes() == story and not (out / "hale.holding.txt").exists()


def test_newsgen_story_will_not_write_a_recount(tmp_path: Path) -> None:
    note = tmp_path / "hale.yaml"
    text = (fixtures_dir() / "declaration-example.yaml").read_text(encoding="utf-8")
    note.write_text(text.replace("candidates:", "status: recount\ncandidates:", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["story", "Hale", "--results", str(note)])
    assert result.exit_code == 1
    assert "says a recount is under way in Hale: there is no result to write a story from yet" in result.output


def test_the_night_freezes_what_its_first_story_loaded_and_thaws_when_it_ends(dataset: Dataset, tmp_path: Path) -> None:
    """What the first story loads (libraries, templates, the bundled results) stays all night:
    out of the garbage collector's walks from then, as a batch does; given back when run() ends."""
    import gc

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _drop(dataset, inbox, "Clacton")
    stop = threading.Event()
    watcher = Watcher(inbox, tmp_path / "out")
    frozen_at: list[int] = []
    freeze = watcher._freeze

    def first_story_frozen() -> None:
        freeze()
        frozen_at.append(gc.get_freeze_count())
        stop.set()  # one story is enough

    watcher._freeze = first_story_frozen  # type: ignore[method-assign]
    gc.unfreeze()  # whatever an earlier test left
    guard = threading.Timer(60, stop.set)  # a watcher that never froze still ends, and fails below
    guard.start()
    try:
        watcher.run(stop, polling=True)
    finally:
        guard.cancel()
    assert (tmp_path / "out" / "clacton.md").exists()
    assert len(frozen_at) == 1 and frozen_at[0] > 0  # once, after the first story
    assert gc.get_freeze_count() == 0  # thawed when the night ended
    watcher.scan()  # outside run(): a caller's scans freeze nothing
    assert gc.get_freeze_count() == 0


def test_a_negative_count_in_a_pa_file_is_reported_and_the_night_goes_on(dataset: Dataset, tmp_path: Path) -> None:
    """PA's schema types votes and the electorate as xs:int, so "-5" passes it: the file is
    reported with its line and why, not a traceback that ends the night."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    text = message(dataset.contest("Clacton"), dataset.election, 1).replace('votes="21225"', 'votes="-21225"')
    bad = _drop(dataset, inbox, "Clacton", text=text)
    _drop(dataset, inbox, "Chorley")
    events = Watcher(inbox=inbox, out=out).scan()
    assert [(e.kind, e.file) for e in events] == [("story", "GE2024_result_Chorley_1.xml"), ("broken", bad.name)]
    assert "row 6" in events[1].message and "Nigel Farage has -21,225 votes" in events[1].message, events[1].message
    assert (out / "chorley.md").exists() and not (out / "clacton.md").exists()
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in index["failed"]] == [bad.name]
    # newsgen batch reads the same file and refuses the seat, naming why
    with pytest.raises(DataError, match="-21,225 votes"):
        Dataset(bad).story(["Clacton"])


def test_a_story_the_output_folder_will_not_take_is_reported_and_written_when_it_can_be(
    dataset: Dataset, tmp_path: Path
) -> None:
    """A full disk or a folder that refuses a write is the output's fault, not the file's:
    the watcher says so (file and reason), goes on with the other files, and writes the
    story at a later scan (run() tries each quiet second) once the folder takes it."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seen: list[str] = []
    watcher = Watcher(inbox=inbox, out=out, log=lambda e: seen.append(e.line()))
    blocked = out / "chorley.md"
    blocked.mkdir()  # the story's name taken by a folder: a write the system refuses, even to root
    _drop(dataset, inbox, "Chorley")
    _drop(dataset, inbox, "Clacton")
    events = watcher.scan()
    assert [(e.kind, e.seat) for e in events] == [("unwritten", ""), ("story", "Clacton")]
    assert "chorley.md" in events[0].message and "Is a directory" in events[0].message
    assert "unwritten (GE2024_result_Chorley_1.xml)" in (out / "watch.log").read_text(encoding="utf-8")
    assert watcher.scan(set()) == []  # the same reason again: not repeated
    blocked.rmdir()
    (event,) = watcher.scan(set())  # as run() does each quiet second
    assert (event.kind, event.seat, event.written) == ("story", "Chorley", True)
    assert "Chorley" in blocked.read_text(encoding="utf-8")
    assert watcher.scan(set()) == [] and len(seen) == 3


def test_a_result_whose_only_revision_is_below_1_is_written_not_superseded_by_a_revision_0(
    dataset: Dataset, tmp_path: Path
) -> None:
    """PA's schema types a revision as xs:integer, so -1 is valid: alone in the inbox it is
    the latest revision there is; it was once 'superseded' by a revision 0 that no file held."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    _drop(dataset, inbox, "Clacton", revision=-1)
    (event,) = Watcher(inbox=inbox, out=out).scan()
    assert (event.kind, event.seat, event.message, event.written) == ("story", "Clacton", "revision -1", True)
    assert (out / "clacton.md").exists()


def test_seat_names_that_slug_to_index_to_nothing_or_alike_get_files_of_their_own(
    dataset: Dataset, tmp_path: Path
) -> None:
    """As in newsgen batch: a seat called "Index" must not write its json story over
    index.json, a name with no letters must not make a hidden ".md", and two names that slug
    alike must not share one file."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    clacton = message(dataset.contest("Clacton"), dataset.election, 1)
    (inbox / "a_Index_1.xml").write_text(clacton.replace('name="Clacton"', 'name="Index"'), encoding="utf-8")
    (inbox / "b_Clacton_1.xml").write_text(clacton, encoding="utf-8")
    (inbox / "c_CLACTON_1.xml").write_text(clacton.replace('name="Clacton"', 'name="CLACTON"'), encoding="utf-8")
    (inbox / "d_Signs_1.xml").write_text(clacton.replace('name="Clacton"', 'name="???"'), encoding="utf-8")
    events = Watcher(inbox=inbox, out=out, formats=("md", "json")).scan()
    assert [(e.kind, e.seat) for e in events] == [
        ("story", "Index"),
        ("story", "Clacton"),
        ("story", "CLACTON"),
        ("story", "???"),
    ]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    files = {s["seat"]: s["files"] for s in index["stories"]}
    assert files == {
        "Index": {"md": "index-seat.md", "json": "index-seat.json"},
        "Clacton": {"md": "clacton.md", "json": "clacton.json"},
        "CLACTON": {"md": "clacton-2.md", "json": "clacton-2.json"},
        "???": {"md": "seat.md", "json": "seat.json"},
    }
    for names in files.values():
        for name in names.values():
            assert (out / name).is_file(), name
    assert "CLACTON" not in (out / "clacton.md").read_text(encoding="utf-8")
    assert "wins CLACTON" in (out / "clacton-2.md").read_text(encoding="utf-8")
    assert not list(out.glob(".*"))


def test_a_pa_result_with_a_blank_constituency_name_is_broken_not_a_story(dataset: Dataset, tmp_path: Path) -> None:
    """name="" satisfies PA's schema; it once made "Nigel Farage wins for Reform UK", a story
    of no seat."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    text = message(dataset.contest("Clacton"), dataset.election, 1).replace('name="Clacton"', 'name=" "')
    bad = _drop(dataset, inbox, "Clacton", text=text)
    (event,) = Watcher(inbox=inbox, out=out).scan()
    assert (event.kind, event.file) == ("broken", bad.name)
    assert "row 4" in event.message and "the constituency's name is blank" in event.message
    assert sorted(p.name for p in out.iterdir()) == ["index.json", "watch.log"]


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        ('name="Clacton"', 'name="Clac&#10;ton"', "the constituency's name 'Clac\\nton'"),
        ('surname="Farage"', 'surname="Far&#10;age"', "the candidate's surname 'Far\\nage'"),
        # a Unicode line separator, as every other reader refuses it in a name
        ('surname="Farage"', 'surname="Far&#x2028;age"', "the candidate's surname 'Far\\u2028age'"),
    ],
    ids=["seat", "candidate", "line-separator"],
)
def test_a_line_break_in_a_pa_name_is_a_broken_file_not_a_split_headline(
    dataset: Dataset, tmp_path: Path, old: str, new: str, what: str
) -> None:
    """A line break written as &#10; satisfies PA's schema; in a headline it split the story's
    first line, and the watcher's log line."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    text = message(dataset.contest("Clacton"), dataset.election, 1)
    assert old in text
    bad = _drop(dataset, inbox, "Clacton", text=text.replace(old, new))
    (event,) = Watcher(inbox=inbox, out=out).scan()
    assert (event.kind, event.file) == ("broken", bad.name)
    assert what in event.message and "line break or control character" in event.message, event.message
    assert sorted(p.name for p in out.iterdir()) == ["index.json", "watch.log"]


def test_an_empty_typed_declaration_says_so(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "hale.yaml").write_text("", encoding="utf-8")
    (event,) = Watcher(inbox=inbox, out=out).scan()
    assert event.kind == "broken" and "hale.yaml: is empty" in event.message, event.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("suffix", [".xml", ".yaml"])
def test_a_named_pipe_in_the_inbox_is_reported_not_read_for_ever(dataset: Dataset, tmp_path: Path, suffix: str) -> None:
    """Reading a pipe nobody writes to blocks: the night would stop at it."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    os.mkfifo(inbox / f"GE2024_result_Aardvark_1{suffix}")
    _drop(dataset, inbox, "Clacton")
    done: list[list[tuple[str, str]]] = []
    worker = threading.Thread(
        target=lambda: done.append([(e.kind, e.file) for e in Watcher(inbox=inbox, out=out).scan()]), daemon=True
    )
    worker.start()
    worker.join(30)
    if worker.is_alive():  # let the blocked read go, so the test run can end
        with open(inbox / f"GE2024_result_Aardvark_1{suffix}", "wb"):
            pass
    assert done == [[("broken", f"GE2024_result_Aardvark_1{suffix}"), ("story", "GE2024_result_Clacton_1.xml")]]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert "is not a file" in index["failed"][0]["error"]


def _running(pid: int) -> bool:
    """A process that is there and not a zombie (a container's pid 1 may never reap one)."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False


@pytest.mark.skipif(not hasattr(os, "killpg") or not Path("/proc/self/status").exists(), reason="Linux processes")
def test_an_on_story_command_that_hangs_is_stopped_whole_at_the_time_limit(
    dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time limit once killed only the shell: what it had started ran on, for ever."""
    import newsgen.live.watch as live

    monkeypatch.setattr(live, "HOOK_SECONDS", 1, raising=False)
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    _drop(dataset, inbox, "Clacton")
    pid_file = tmp_path / "pid"
    seen: list[str] = []
    hook = f'sleep 300 & echo $! > "{pid_file}"; wait'
    watcher = Watcher(inbox=inbox, out=out, on_story=hook, log=lambda e: seen.append(e.line()))
    started = time.monotonic()
    watcher.scan()
    pid = int(pid_file.read_text(encoding="utf-8"))
    _wait_until(lambda: not _running(pid), 10)
    alive = _running(pid)
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "the command's own child outlived the time limit"
    assert time.monotonic() - started < 30
    assert "hook Clacton (clacton.md): --on-story stopped: still running after 1 s" in seen


@pytest.mark.skipif(not hasattr(os, "killpg") or not Path("/proc/self/status").exists(), reason="Linux processes")
def test_the_watcher_stops_when_told_even_while_an_on_story_command_runs(dataset: Dataset, tmp_path: Path) -> None:
    """SIGTERM sets the stop event; a push to the CMS that hangs must not hold the exit a minute."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    _drop(dataset, inbox, "Clacton")
    pid_file = tmp_path / "pid"
    stop = threading.Event()
    seen: list[str] = []
    hook = f'sleep 300 & echo $! > "{pid_file}"; wait'
    watcher = Watcher(inbox=inbox, out=out, on_story=hook, log=lambda e: seen.append(e.line()))
    night = threading.Thread(target=watcher.run, args=(stop,), kwargs={"polling": True}, daemon=True)
    night.start()
    _wait_until(pid_file.exists, 30)
    time.sleep(0.2)
    stop.set()
    stopped_at = time.monotonic()
    night.join(40)
    pid = int(pid_file.read_text(encoding="utf-8"))
    took = time.monotonic() - stopped_at
    if _running(pid):
        os.kill(pid, signal.SIGKILL)
    assert not night.is_alive() and took < 10, f"stopped {took:.1f} s after it was told"
    assert "hook Clacton (clacton.md): --on-story stopped: the watcher is stopping" in seen


@pytest.mark.parametrize("gap", [0.0, 2.5], ids=["replaced-at-once", "gone-a-while"])
def test_an_inbox_removed_and_made_again_is_still_watched(dataset: Dataset, tmp_path: Path, gap: float) -> None:
    """A sync tool or a desk's `rm -r inbox; mkdir inbox`: file events followed the old
    folder, so the watcher heard of no file again, and said nothing."""
    import shutil

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    seen: list[str] = []
    stop = threading.Event()
    watcher = Watcher(inbox=inbox, out=out, log=lambda e: seen.append(e.line()))
    night = threading.Thread(target=watcher.run, args=(stop,), daemon=True)  # the platform's file events
    night.start()
    try:
        time.sleep(1.5)
        shutil.rmtree(inbox)
        time.sleep(gap)
        inbox.mkdir()
        time.sleep(1.5)
        _drop(dataset, inbox, "Clacton")
        _wait_until((out / "clacton.md").exists, 20, step=0.2)
    finally:
        stop.set()
        night.join(20)
    assert (out / "clacton.md").exists(), seen
    assert any("is a new folder: reading it again" in line for line in seen), seen
    assert not night.is_alive()


def test_a_pa_file_sent_again_under_its_own_name_with_new_figures_logs_what_changed(
    dataset: Dataset, tmp_path: Path
) -> None:
    """The same name and revision, other figures (PA resending a file, a copy made again):
    the story is rewritten, and the log says why, as for any revision."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    first = _drop(dataset, inbox, "Clacton")
    watcher = Watcher(inbox=inbox, out=out)
    watcher.scan()
    text = first.read_text(encoding="utf-8").replace('votes="21225"', 'votes="21235"')
    text = text.replace('majority="8405"', 'majority="8415"').replace('turnout="46069"', 'turnout="46079"')
    first.write_text(text, encoding="utf-8")
    os.utime(first, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    (event,) = watcher.scan()
    assert (event.kind, event.written) == ("revised", True)
    assert "Nigel Farage's votes: 21,225 -> 21,235" in event.message, event.message
    assert "Nigel Farage's votes: 21,225 -> 21,235" in (out / "watch.log").read_text(encoding="utf-8")
    assert "8,415" in (out / "clacton.md").read_text(encoding="utf-8")


def test_watch_holds_its_output_folder_and_clears_what_a_killed_run_left_half_written(
    dataset: Dataset, tmp_path: Path
) -> None:
    """As newsgen batch does: one writer per folder (two would each write index.json over the
    other's), and a restart after a crash removes the half-written temporaries it left."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    out.mkdir()
    _drop(dataset, inbox, "Clacton")
    leftover = out / ".clacton.md.99999.newsgen-tmp"  # as write_atomic names them
    leftover.write_text("half a stor", encoding="utf-8")
    result = CliRunner().invoke(main, ["watch", str(inbox), "--out", str(out), "--once"])
    assert result.exit_code == 0, result.output
    assert not leftover.exists() and (out / "clacton.md").exists()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom newsgen.batch.files import locked\n"
            "with locked(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(60)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        busy = CliRunner().invoke(main, ["watch", str(inbox), "--out", str(out), "--once"])
    finally:
        holder.kill()
        holder.communicate()
    assert busy.exit_code != 0 and "is writing this folder" in busy.output, busy.output
    assert "Traceback" not in busy.output


def test_a_rush_s_holding_line_is_in_the_desk_s_log_as_a_recount_s_is(tmp_path: Path) -> None:
    """A holding line is published like a story: watch.log records it (it once recorded a
    typed recount's line but never a PA rush's), once, not at each restart."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / RUSH.name).write_bytes(RUSH.read_bytes())
    (event,) = Watcher(inbox=inbox, out=out).scan()
    assert (event.kind, event.seat, event.written) == ("holding", "Glasgow Anniesland", True)
    log = (out / "watch.log").read_text(encoding="utf-8")
    assert f"holding Glasgow Anniesland ({RUSH.name}): Scottish National Party win Glasgow Anniesland" in log
    (again,) = Watcher(inbox=inbox, out=out).scan()  # a restart: the line stands, nothing new to log
    assert not again.written and (out / "watch.log").read_text(encoding="utf-8") == log


def test_an_on_story_command_that_fails_is_recorded_in_the_desk_s_log(dataset: Dataset, tmp_path: Path) -> None:
    """A failed push to the CMS was shown on the terminal only: watch.log, the night's record,
    said the story was written and nothing of its not reaching the CMS."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    _drop(dataset, inbox, "Clacton")
    seen: list[str] = []
    Watcher(inbox=inbox, out=out, on_story="exit 3", log=lambda e: seen.append(e.line())).scan()
    line = "hook Clacton (clacton.md): --on-story exited 3"
    assert line in seen and line in (out / "watch.log").read_text(encoding="utf-8")
