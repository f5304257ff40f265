"""`newsgen batch` and its output folder: one batch at a time, file names that cannot collide,
an index that matches the files after any interruption, and a full or read-only disk.

On the real 2024 results; small selections or a five-seat copy of the file where a full
run is not the point.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsgen import resources
from newsgen.baselines.names import slug
from newsgen.batch import run_batch
from newsgen.batch import runner as batch_runner
from newsgen.batch.files import LOCK_NAME, TMP_SUFFIX
from newsgen.batch.runner import free_slug
from newsgen.cli import main
from newsgen.pipeline import Dataset

NEWSGEN = [sys.executable, "-c", "from newsgen.cli import run; run()"]
RESULTS = resources.bundled(resources.DEFAULT_RESULTS)
NOW = "2024-07-05T06:00:00Z"
FORMATS = ("md", "json")
#: in results-file order; the first two are before "M", so the early edition leaves them alone
FIVE = ["Chorley", "Clacton", "Southend East and Rochford", "Southend West and Leigh", "Wycombe"]


# -- helpers ------------------------------------------------------------------------------------


def five_seats(path: Path, rename: dict[str, str] | None = None) -> Path:
    """The 2024 results of five seats only (optionally renamed): a results file that loads at once."""
    rename = rename or {}
    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = [r for r in reader if r["Constituency name"] in FIVE]
    for row in rows:
        row["Constituency name"] = rename.get(row["Constituency name"], row["Constituency name"])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def early_edition(folder: Path) -> Path:
    """Newsroom templates whose headline starts "Early edition:" for seats from "M" on: a run
    with them and a run without differ in those stories only, every one of them in its headline."""
    headline = (resources.templates_dir() / "story" / "headline.j2").read_text(encoding="utf-8")
    (folder / "story").mkdir(parents=True)
    (folder / "story" / "headline.j2").write_text(
        '{% if f.seat_name >= "M" %}Early edition: {% endif %}' + headline, encoding="utf-8"
    )
    return folder


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["batch", *args])


def error_lines(result: Result) -> list[str]:
    """stderr without the loader's warnings; the run must have ended by exiting, not by an exception."""
    assert isinstance(result.exception, SystemExit), result.exception  # not an exception CliRunner caught
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if not line.startswith("Warning: ")]


def leftovers(out: Path) -> list[str]:
    """Temporaries and the lock file: what a batch that has ended must not leave."""
    return sorted(p.name for p in out.iterdir() if p.name.endswith(TMP_SUFFIX) or p.name == LOCK_NAME)


def assert_index_matches_files(out: Path, order: list[str]) -> dict[str, Any]:
    """The guarantee of docs/batch.md: every story index.json lists has every file its entry
    names, holding the story the entry describes; a partial index lists a prefix of the run."""
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    for entry in index["stories"]:
        for name in entry["files"].values():
            assert (out / name).is_file(), (entry["name"], name)
        if "json" in entry["files"]:
            story = json.loads((out / entry["files"]["json"]).read_text(encoding="utf-8"))
            assert (story["headline"], story["lead"]) == (entry["headline"], entry["lead"]["id"]), entry["name"]
        markdown = (out / entry["files"]["md"]).read_text(encoding="utf-8")
        assert markdown.startswith(f"# {entry['headline']}\n"), entry["name"]
    if not index["complete"]:
        names = [e["name"] for e in index["stories"]]
        assert names == order[: len(names)]
    return index


@contextlib.contextmanager
def started(cmd: list[str], **kwargs: Any) -> Iterator[subprocess.Popen[str]]:
    """A process of ours, in its own process group; killed (with its group) if still there at the end."""
    with subprocess.Popen(cmd, start_new_session=True, text=True, **kwargs) as proc:  # closes its pipes
        try:
            yield proc
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_until(ready: Any, proc: subprocess.Popen[str], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, f"the batch ended before {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.002)


def lock_holder(out: Path) -> dict[str, Any] | None:
    try:
        return json.loads((out / LOCK_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# -- 1. one batch per folder --------------------------------------------------------------------


def test_a_second_batch_into_a_busy_folder_is_refused_and_says_who_holds_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with started([*NEWSGEN, "batch", "--out", str(out), "-q", "-j", "1"], stderr=subprocess.DEVNULL) as first:
        wait_until(lambda: (lock_holder(out) or {}).get("pid") == first.pid, first, "the first batch locked")
        first.send_signal(signal.SIGSTOP)  # mid-run, holding the lock
        holder = lock_holder(out)
        assert holder is not None
        expected = (
            f"Error: {out}: another newsgen run (a batch or a watcher) is writing this folder (pid {first.pid} on "
            f"{socket.gethostname()}, started {holder['started']}: newsgen batch --out {out} -q -j 1); "
            "wait for it to finish, or write to another folder with --out"
        )
        for mode in (["-j", "1"], ["-j", "auto"], ["--stream"]):
            second = subprocess.run(
                [*NEWSGEN, "batch", "--out", str(out), "-q", *mode], capture_output=True, text=True, timeout=120
            )
            assert (second.returncode, second.stdout, second.stderr.splitlines()) == (1, "", [expected]), mode
        first.send_signal(signal.SIGCONT)
        assert first.wait(timeout=120) == 0
    index = assert_index_matches_files(out, [])
    assert index["complete"] and len(index["stories"]) == 650
    assert len(list(out.glob("*.md"))) == 650 and leftovers(out) == []


HOLD_AND_FORK = """
import os, sys, time
from newsgen.batch.files import locked
with locked(sys.argv[1]):
    child = os.fork()  # as a worker pool does
    if child == 0:
        time.sleep(120)
        os._exit(0)
    print(child, flush=True)
    time.sleep(120)
"""


def test_a_killed_batch_does_not_leave_the_folder_locked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with started([sys.executable, "-c", HOLD_AND_FORK, str(out)], stdout=subprocess.PIPE) as holder:
        assert holder.stdout is not None
        child = int(holder.stdout.readline())
        busy = invoke("--out", str(out), "--only", "Chorley", "-j", "1")
        assert busy.exit_code == 1 and f"(pid {holder.pid} on " in error_lines(busy)[0]
        os.kill(holder.pid, signal.SIGKILL)  # the holder alone: its forked child lives on
        holder.wait()
        assert (lock_holder(out) or {}).get("pid") == holder.pid  # the lock file is left behind, naming the dead
        with open(f"/proc/{child}/stat", encoding="utf-8") as fh:
            assert fh.read().split()[2] in "RS"  # running or sleeping, not a zombie
        result = invoke("--out", str(out), "--only", "Chorley", "-j", "1")  # the child closed its copy of the lock
        assert result.exit_code == 0, result.output
        assert (out / "chorley.md").is_file() and leftovers(out) == []


# -- 2. file names that cannot collide ----------------------------------------------------------


@pytest.mark.parametrize("mode", [["-j", "1"], ["--stream"]])
def test_a_seat_or_area_called_index_keeps_its_own_files(tmp_path: Path, mode: list[str]) -> None:
    results = five_seats(tmp_path / "results.csv", rename={"Chorley": "Index"})
    context = tmp_path / "context.json"
    southend = ["Southend West and Leigh", "Southend East and Rochford"]
    context.write_text(json.dumps({"areas": {"Index": {"seats": southend}}}), encoding="utf-8")
    out = tmp_path / "out"
    args = ["--out", str(out), "--results", str(results), "--context", str(context), "--format", "md,json,ninjs"]
    result = invoke(*args, *mode)
    assert result.exit_code == 0, result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["complete"] is True and index["failed"] == []
    slugs = {(e["kind"], e["name"]): e["slug"] for e in index["stories"]}
    assert slugs[("seat", "Index")] == "index-seat" and slugs[("area", "Index")] == "index-area"
    assert_index_matches_files(out, [])
    stories = {f"{s}.{ext}" for s in slugs.values() for ext in ("md", "json", "ninjs.json")}
    assert sorted(p.name for p in out.iterdir()) == sorted(stories | {"index.json"})
    again = invoke(*args, *mode)  # deterministic: a re-run finds every file as it left it
    assert again.exit_code == 0 and "0 written" in again.output and "6 unchanged" in again.output


def test_slugs_stay_clear_of_the_index_and_the_hidden_files() -> None:
    taken: set[str] = set()
    assert free_slug("index", taken) == "index-seat"
    assert free_slug("index", taken, suffix="area") == "index-area"
    assert free_slug("index", taken) == "index-seat-2"
    assert free_slug("", taken) == "seat" and free_slug("", taken, suffix="area") == "area"
    assert free_slug("chorley", taken) == "chorley" and free_slug("chorley", taken) == "chorley-2"
    for name in ("Index", "INDEX", "index.json", ".newsgen-lock", ".index.json.1.newsgen-tmp", "...", "Ynys Môn"):
        got = free_slug(slug(name), set())
        assert got and got != "index" and not got.startswith("."), name  # never index.*, never hidden


# -- 3. index.json after an interruption ---------------------------------------------------------


@pytest.fixture(scope="module")
def early_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return early_edition(tmp_path_factory.mktemp("newsroom"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_interruption_leaves_an_index_that_matches_the_files(
    tmp_path: Path, jobs: int, early_templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-run stopped at each rename it makes in turn (a story file's, or index.json's):
    whatever is on disk then, index.json describes it. Only the batch's parent writes, so
    stopping it there is what SIGKILL does to the files; the subprocess test below kills one."""
    results = five_seats(tmp_path / "results.csv")
    base = tmp_path / "base"
    run_batch(Dataset(results, templates=str(early_templates)), base, formats=FORMATS, now=NOW)
    plain = Dataset(results)
    monkeypatch.setattr(batch_runner, "CHECKPOINT_SECONDS", 0.0)  # refresh the partial index after every story
    monkeypatch.setattr(batch_runner, "CHECKPOINT_GROWTH", 0.0)
    real_replace = os.replace
    renames: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        renames.append(os.path.basename(os.fspath(dst)))
        if len(renames) == stop:
            raise KeyboardInterrupt  # stands for the kill: nothing after it happens
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    stop = 0
    finished = tmp_path / "finished"
    shutil.copytree(base, finished)
    run_batch(plain, finished, formats=FORMATS, jobs=jobs, now=NOW)
    every = list(renames)
    # 3 changed stories x 2 files, the partial index before them and after each, the complete index
    assert every == [
        "index.json",
        "southend-east-and-rochford.md",
        "southend-east-and-rochford.json",
        "index.json",
        "southend-west-and-leigh.md",
        "southend-west-and-leigh.json",
        "index.json",
        "wycombe.md",
        "wycombe.json",
        "index.json",
        "index.json",
    ]
    assert assert_index_matches_files(finished, FIVE)["complete"] is True
    for stop in range(1, len(every) + 1):
        renames.clear()
        out = tmp_path / f"stopped-{stop}"
        shutil.copytree(base, out)
        with pytest.raises(KeyboardInterrupt):
            run_batch(plain, out, formats=FORMATS, jobs=jobs, now=NOW)
        index = assert_index_matches_files(out, FIVE)
        assert index["complete"] is (stop == 1), stop  # the old index stands only until the first change
        assert leftovers(out) == []


@pytest.mark.parametrize("mode", [["-j", "1"], ["-j", "2"], ["--stream", "-j", "2"]])
def test_a_batch_killed_mid_run_leaves_an_index_that_matches_the_files(
    tmp_path: Path, mode: list[str], early_templates: Path, dataset: Dataset, early_folder: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(early_folder, out)
    md = {p.name: p.stat().st_mtime_ns for p in out.glob("*.md")}
    # Markdown alone: a streamed run's json files differ from an in-memory run's (their
    # provenance rows), so the early folder's json files would not be "unchanged" under --stream
    cmd = [*NEWSGEN, "batch", "--out", str(out), "-q", *mode]
    with started(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:

        def rewritten() -> int:
            return sum(1 for e in os.scandir(out) if e.name in md and e.stat().st_mtime_ns != md[e.name])

        wait_until(lambda: rewritten() >= 30, proc, "30 stories were rewritten")
        proc.send_signal(signal.SIGKILL)  # the parent only: its workers are left to notice
        assert proc.wait() == -signal.SIGKILL
    index = assert_index_matches_files(out, dataset.seat_names)
    assert index["complete"] is False
    # the stories before the first from "M" on were unchanged, so finished before the first rewrite
    unchanged = next(i for i, name in enumerate(dataset.seat_names) if name >= "M")
    assert unchanged <= len(index["stories"]) < 650
    if mode == ["-j", "1"]:
        result = invoke("--out", str(out), "-q", "-j", "1")
        assert result.exit_code == 0, result.output
        index = assert_index_matches_files(out, dataset.seat_names)
        assert index["complete"] is True and len(index["stories"]) == 650 and leftovers(out) == []


@pytest.mark.parametrize("mode", [["-j", "2"], ["--stream", "-j", "2"]])
def test_ctrl_c_stops_a_parallel_batch_with_one_line_and_no_half_written_file(tmp_path: Path, mode: list[str]) -> None:
    """Ctrl-C reaches the whole foreground group: the workers leave it to the parent, which
    stops them (no "Process ForkPoolWorker" traceback from each) and ends with click's one line."""
    out = tmp_path / "out"
    cmd = [*NEWSGEN, "batch", "--out", str(out), "--format", "md,json", *mode]
    with started(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        wait_until(lambda: out.is_dir() and sum(1 for _ in out.glob("*.json")) >= 40, proc, "40 stories were written")
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    assert [line for line in stderr.splitlines() if not line.startswith("Warning: ")] == ["", "Aborted!"]
    assert stdout == ""
    # no index was there before: the run wrote none, and nothing half-written is left
    assert not (out / "index.json").exists() and leftovers(out) == []
    assert 40 <= len(list(out.glob("*.md"))) < 650


def test_a_worker_that_dies_stops_the_run_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, early_templates: Path
) -> None:
    """A worker killed under the batch (the out-of-memory killer) loses its chunk: the run
    stops with one line instead of waiting for that chunk for ever, and keeps what it wrote."""
    results = five_seats(tmp_path / "results.csv")
    out = tmp_path / "out"
    run_batch(Dataset(results, templates=str(early_templates)), out, formats=FORMATS, now=NOW)
    real_run_job = batch_runner.run_job

    def run_job(dataset: Dataset, job: Any, settings: Any) -> Any:
        if job.name == "Wycombe":
            os._exit(137)  # in the forked worker: gone, as under SIGKILL
        return real_run_job(dataset, job, settings)

    monkeypatch.setattr(batch_runner, "run_job", run_job)
    result = invoke("--out", str(out), "--results", str(results), "--format", "md,json", "-j", "2")
    assert result.exit_code == 1
    assert error_lines(result)[0] == (
        "Error: a worker process of the batch stopped unexpectedly (out of memory, or killed)"
    )
    assert_index_matches_files(out, FIVE)  # partial or, if nothing had changed yet, the old one
    assert (out / "wycombe.md").read_text(encoding="utf-8").startswith("# Early edition: ")  # not rewritten
    assert leftovers(out) == []


@pytest.fixture(scope="module")
def early_folder(tmp_path_factory: pytest.TempPathFactory, early_templates: Path) -> Path:
    """All 650 stories, those from "M" on with the early edition's headline; its index complete."""
    out = tmp_path_factory.mktemp("early")
    report = run_batch(Dataset(templates=str(early_templates)), out, formats=["md"], jobs=None)
    assert report.written == 650 and not report.failed
    return out


# -- 4. a full disk, a read-only folder ----------------------------------------------------------


def refuse_writes(monkeypatch: pytest.MonkeyPatch, err: int, from_nth: int) -> None:
    """From the ``from_nth`` story file on, the disk refuses: a full disk or quota after the
    temporary file is created and half written (so it must be removed), the others when it is
    created, as the file system raises them."""
    real_open, real_write = os.open, os.write
    seen: list[str] = []
    filling: dict[int, bool] = {}  # descriptor of a doomed temporary -> half of it written yet

    def fake_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        name = os.path.basename(os.fspath(path))
        if name.endswith(TMP_SUFFIX) and not name.startswith(".index.json"):
            seen.append(name)
            if len(seen) >= from_nth:
                if err not in (errno.ENOSPC, errno.EDQUOT):
                    raise OSError(err, os.strerror(err), os.fspath(path))
                fd = real_open(path, flags, mode, dir_fd=dir_fd)
                filling[fd] = False
                return fd
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def fake_write(fd: int, data: Any) -> int:
        if fd not in filling:
            return real_write(fd, data)
        if not filling[fd]:
            filling[fd] = True
            return real_write(fd, bytes(data)[: len(data) // 2])
        del filling[fd]
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "write", fake_write)


TODO = {
    errno.ENOSPC: "the disk is full: free some space, or write to another folder with --out, then run the batch again",
    errno.EDQUOT: "the disk quota is used up: free some space, or write to another folder with --out, then run the "
    "batch again",
    errno.EROFS: "the file system is read-only: write to another folder with --out",
    errno.EACCES: "no permission to write there: fix the folder's permissions, or write to another folder with --out",
}


@pytest.mark.parametrize(
    ("err", "mode"),
    [
        (errno.ENOSPC, ["-j", "1"]),
        (errno.ENOSPC, ["-j", "2"]),
        (errno.ENOSPC, ["--stream", "-j", "2"]),
        (errno.EDQUOT, ["-j", "1"]),
        (errno.EROFS, ["-j", "2"]),
        (errno.EACCES, ["--stream"]),
    ],
)
def test_a_full_or_refusing_disk_stops_the_run_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int, mode: list[str]
) -> None:
    results = five_seats(tmp_path / "results.csv")
    out = tmp_path / "out"
    refuse_writes(monkeypatch, err, from_nth=3)  # chorley.md, chorley.json, then clacton.md
    result = invoke("--out", str(out), "--results", str(results), "--format", "md,json", *mode)
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: {out / 'clacton.md'}: cannot write ({os.strerror(err)}); {TODO[err]}. "
        "Stories finished before this one are kept; no half-written file is left."
    ]
    assert result.stdout == ""
    # the first story whole, nothing of the second, no temporary, no lock; no index: the folder had none
    assert sorted(p.name for p in out.iterdir()) == ["chorley.json", "chorley.md"]
    assert (out / "chorley.md").read_text(encoding="utf-8").rstrip().endswith(".")


def test_a_full_disk_in_a_folder_with_an_index_leaves_a_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, early_templates: Path
) -> None:
    results = five_seats(tmp_path / "results.csv")
    out = tmp_path / "out"
    run_batch(Dataset(results, templates=str(early_templates)), out, formats=FORMATS, now=NOW)
    refuse_writes(monkeypatch, errno.ENOSPC, from_nth=2)  # the first changed story's json
    result = invoke("--out", str(out), "--results", str(results), "--format", "md,json", "-j", "2")
    assert result.exit_code == 1
    assert error_lines(result)[0].startswith(f"Error: {out / 'southend-east-and-rochford.json'}: cannot write (")
    index = assert_index_matches_files(out, FIVE)
    assert index["complete"] is False and [e["name"] for e in index["stories"]] == ["Chorley", "Clacton"]
    assert leftovers(out) == []


def test_an_output_folder_that_refuses_the_lock_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real_open = os.open

    def fake_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        if os.path.basename(os.fspath(path)) == LOCK_NAME:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", fake_open)
    for mode in (["-j", "1"], ["--stream"]):
        result = invoke("--out", str(out), "--results", str(five_seats(tmp_path / "r.csv")), *mode)
        assert result.exit_code == 1
        assert error_lines(result) == [
            f"Error: {out}: cannot write in the output folder (Read-only file system); "
            "the file system is read-only: write to another folder with --out"
        ]
        assert list(out.iterdir()) == []


def test_a_full_disk_while_writing_the_index_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from newsgen.batch import index as index_module

    def full_index(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if os.path.basename(os.fspath(file)).startswith(".index.json") and "w" in mode:
            return builtins.open("/dev/full", mode, *args, **kwargs)  # its writes fail with ENOSPC
        return builtins.open(file, mode, *args, **kwargs)

    monkeypatch.setattr(index_module, "open", full_index, raising=False)
    out = tmp_path / "out"
    result = invoke("--out", str(out), "--results", str(five_seats(tmp_path / "r.csv")), "-j", "1")
    assert result.exit_code == 1
    assert error_lines(result) == [
        f"Error: {out / 'index.json'}: cannot write (No space left on device); {TODO[errno.ENOSPC]}. "
        "Stories finished before this one are kept; no half-written file is left."
    ]
    assert sorted(p.name for p in out.iterdir()) == [f"{slug(s)}.md" for s in FIVE]
