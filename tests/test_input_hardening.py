"""Results files that used to crash newsgen or mislead it (issue 11), run as a user would.

Each case edits the real 2024 results in tmp_path and runs `newsgen story`, `newsgen batch`
(in memory and --stream) and `newsgen check`: the bad seat, and only that seat, is refused
with a message naming the file, row, seat and column; never a traceback, never a story.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsgen import resources
from newsgen.cli import main
from tests.conftest import ROOT

RESULTS = resources.bundled(resources.DEFAULT_RESULTS)
EAST, WEST = "Southend East and Rochford", "Southend West and Leigh"
#: the 2024 seat with the lowest turnout (40%): room for more invalid ballots than valid votes
RUSHOLME = "Manchester Rusholme"

Edit = Callable[[list[str], dict[str, int]], None]


@functools.cache
def _table() -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    with open(RESULTS, encoding="utf-8-sig", newline="") as fh:
        header, *body = csv.reader(fh)
    return tuple(header), tuple(map(tuple, body))


def first_row(seat: str) -> int:
    """The row a message gives for a seat's first candidate: the header is row 1."""
    header, body = _table()
    column = header.index("Constituency name")
    return next(i for i, row in enumerate(body, start=2) if row[column] == seat)


def results(path: Path, *edits: Edit, extra_columns: int = 0) -> Path:
    """A copy of the 2024 results with each edit applied to every row (and the header widened)."""
    header, body = _table()
    col = {name: i for i, name in enumerate(header)}
    rows = [list(row) for row in body]
    for row in rows:
        for edit in edits:
            edit(row, col)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([*header, *(f"x{i}" for i in range(extra_columns))])
        writer.writerows(rows)
    return path


def cell(seat: str, column: str, value: str, position: str | None = None) -> Edit:
    """Set ``column`` in the seat's rows (or only the candidate in ``position``)."""

    def edit(row: list[str], col: dict[str, int]) -> None:
        if row[col["Constituency name"]] == seat and position in (None, row[col["Candidate result position"]]):
            row[col[column]] = value

    return edit


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    # a NewsgenError is printed and exits 1; anything else is a bug with a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def batch(path: Path, out: Path, *flags: str) -> Result:
    return run("batch", "--out", str(out), "--results", str(path), "-j", "1", *flags)


def written(out: Path) -> set[str]:
    return {p.stem for p in out.glob("*.md")}


def slug_of(seat: str) -> str:
    return seat.lower().replace(" ", "-")


BATCH_MODES = pytest.mark.parametrize("flags", [(), ("--stream",)], ids=["in-memory", "stream"])


# 1. Two seats with one GSS code, or two names with one slug -------------------------------


@BATCH_MODES
def test_two_seats_with_one_gss_code_are_both_set_aside_and_named(tmp_path: Path, flags: tuple[str, ...]) -> None:
    # Southend East and Rochford given Southend West and Leigh's code: until now the batch wrote
    # Southend East's result into southend-west-and-leigh.md, with exit status 0
    path = results(tmp_path / "dup-code.csv", cell(EAST, "Constituency geographic code", "E14001502"))
    east, west = first_row(EAST), first_row(WEST)
    out = tmp_path / "out"
    result = batch(path, out, *flags)
    assert result.exit_code == 1, result.output
    assert "648 written" in result.output and "2 failed" in result.output
    for seat, row, other, other_row in ((EAST, east, WEST, west), (WEST, west, EAST, east)):
        line = next(x for x in result.output.splitlines() if x.startswith(f"FAILED {seat}:"))
        assert f"dup-code.csv, row {row}, seat {seat!r}, column 'Constituency geographic code'" in line
        assert f"E14001502 is also the GSS code of seat {other!r} (row {other_row})" in line
    stories = written(out)
    assert len(stories) == 648 and not {slug_of(EAST), slug_of(WEST)} & stories
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert {f["name"] for f in index["failed"]} == {EAST, WEST}


def test_a_gss_code_clash_is_refused_by_story_and_check(tmp_path: Path) -> None:
    path = results(tmp_path / "dup-code.csv", cell(EAST, "Constituency geographic code", "E14001502"))
    story = run("story", WEST, "--results", str(path))
    assert story.exit_code == 1 and not story.stdout
    assert f"seat {WEST!r}, column 'Constituency geographic code'" in story.output
    assert f"also the GSS code of seat {EAST!r} (row {first_row(EAST)})" in story.output
    assert "How to fix:" in story.output
    assert run("story", "Chorley", "--results", str(path)).exit_code == 0  # the other seats are fine
    check = run("check", str(path))
    assert check.exit_code == 1
    assert check.output.count("is also the GSS code of seat") == 2


@BATCH_MODES
def test_two_seat_names_with_one_slug_are_both_set_aside_and_named(tmp_path: Path, flags: tuple[str, ...]) -> None:
    # "Southend West & Leigh" (Southend East's rows, keeping their own GSS code) and "Southend
    # West and Leigh" share a file name: until now one story was written under the other's name
    twin = "Southend West & Leigh"
    path = results(tmp_path / "dup-name.csv", cell(EAST, "Constituency name", twin))
    out = tmp_path / "out"
    result = batch(path, out, *flags)
    assert result.exit_code == 1, result.output
    assert "648 written" in result.output and "2 failed" in result.output
    for seat, other, other_row in ((twin, WEST, first_row(WEST)), (WEST, twin, first_row(EAST))):
        line = next(x for x in result.output.splitlines() if x.startswith(f"FAILED {seat}:"))
        assert f"seat {seat!r}, column 'Constituency name'" in line
        assert f"seat {other!r} (row {other_row}) has the same name" in line
        assert "southend-west-and-leigh" in line
    stories = written(out)
    assert len(stories) == 648 and not {s for s in stories if s.startswith("southend-west")}

    story = run("story", WEST, "--results", str(path))
    assert story.exit_code == 1 and not story.stdout
    assert f"seat {twin!r} (row {first_row(EAST)}) has the same name" in story.output


# 2. A count too long for Python's int() -----------------------------------------------------

HUGE = "9" * 4301  # one digit over the limit of Python's int() on a string


@BATCH_MODES
def test_a_count_of_4301_digits_sets_its_seat_aside_and_the_batch_writes_the_other_649(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    path = results(tmp_path / "huge.csv", cell(EAST, "Candidate vote count", HUGE, position="1"))
    out = tmp_path / "out"
    result = batch(path, out, *flags)
    assert result.exit_code == 1, result.output
    assert "649 written" in result.output and "1 failed" in result.output
    line = next(x for x in result.output.splitlines() if x.startswith(f"FAILED {EAST}:"))
    assert f"huge.csv, row {first_row(EAST)}, seat {EAST!r}, column 'Candidate vote count'" in line
    assert "4,301 digits" in line and len(line) < 400  # the number is not printed in full
    assert slug_of(EAST) not in written(out) and len(written(out)) == 649


@pytest.mark.parametrize(
    ("column", "position"), [("Candidate vote count", "1"), ("Electorate", None), ("Majority", "1")]
)
def test_a_count_of_4301_digits_is_a_clear_error_from_story_and_check(
    tmp_path: Path, column: str, position: str | None
) -> None:
    path = results(tmp_path / "huge.csv", cell(EAST, column, HUGE, position=position))
    story = run("story", EAST, "--results", str(path))
    assert story.exit_code == 1 and not story.stdout
    assert f"row {first_row(EAST)}, seat {EAST!r}, column {column!r}" in story.output
    assert "4,301 digits" in story.output and "How to fix:" in story.output
    assert run("story", WEST, "--results", str(path)).exit_code == 0
    check = run("check", str(path))
    assert check.exit_code == 1 and f"column {column!r}" in check.output and "4,301 digits" in check.output


# 3. Columns and cells without end -------------------------------------------------------------


def run_bounded(*args: str, memory: int = 1 << 30) -> subprocess.CompletedProcess[str]:
    """`newsgen ARGS` in a process that cannot use more than ``memory`` bytes of address space."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "newsgen", *args],
        capture_output=True,
        text=True,
        preexec_fn=cap,
        env=env,
        timeout=300,
        check=False,
    )


def test_a_header_a_million_columns_wide_is_refused_within_a_small_memory(tmp_path: Path) -> None:
    # each row used to be padded to the header's width: a 10 MB file took gigabytes for a story
    path = results(tmp_path / "wide.csv", extra_columns=1_000_000)
    for args in (
        ["story", WEST, "--results", str(path)],
        ["batch", "--out", str(tmp_path / "out"), "--results", str(path), "-j", "1"],
        ["batch", "--out", str(tmp_path / "out"), "--results", str(path), "-j", "1", "--stream"],
        ["check", str(path)],
    ):
        done = run_bounded(*args)
        assert done.returncode == 1, done.stderr[-2000:]
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
        assert "wide.csv, row 1: this line is more than 65,536 characters long" in done.stderr
        assert "How to fix:" in done.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.md"))


def test_a_header_wider_than_any_results_file_is_refused(tmp_path: Path) -> None:
    path = results(tmp_path / "wide.csv", extra_columns=600)  # short lines, too many columns
    story = run("story", WEST, "--results", str(path))
    assert story.exit_code == 1 and not story.stdout
    assert "wide.csv, row 1: the header has 652 columns" in story.output and "up to 500" in story.output
    out = tmp_path / "out"
    for flags in ((), ("--stream",)):
        result = batch(path, out, *flags)
        assert result.exit_code == 1 and "the header has 652 columns" in result.output
    assert not out.exists() or not written(out)


@BATCH_MODES
def test_a_row_with_cells_beyond_the_header_sets_only_its_seat_aside(tmp_path: Path, flags: tuple[str, ...]) -> None:
    def widen(row: list[str], col: dict[str, int]) -> None:
        if row[col["Constituency name"]] == WEST and row[col["Candidate result position"]] == "2":
            row.extend(["junk"] * 1000)

    path = results(tmp_path / "ragged.csv", widen)
    out = tmp_path / "out"
    result = batch(path, out, *flags)
    assert result.exit_code == 1, result.output
    assert "649 written" in result.output and "1 failed" in result.output
    line = next(x for x in result.output.splitlines() if x.startswith(f"FAILED {WEST}:"))
    assert (
        f"ragged.csv, row {first_row(WEST) + 1}, seat {WEST!r}: this row has 1,052 cells but the header names 52"
        in line
    )
    assert slug_of(WEST) not in written(out) and slug_of(EAST) in written(out)


def test_a_name_thousands_of_characters_long_is_refused(tmp_path: Path) -> None:
    path = results(tmp_path / "long.csv", cell(WEST, "Candidate family name", "Firth" * 2000, position="2"))
    story = run("story", WEST, "--results", str(path))
    assert story.exit_code == 1 and not story.stdout
    assert f"row {first_row(WEST) + 1}, seat {WEST!r}, column 'Candidate family name'" in story.output
    assert "is too long for a name or label" in story.output and "(10,000 characters)" in story.output
    assert len(story.output) < 1000  # the cell is not printed in full


# 4. A NUL byte past the first 4 KiB ---------------------------------------------------------


@pytest.mark.parametrize("column", ["Candidate given name", "Election URL"])
def test_a_nul_byte_after_the_first_4_kib_sets_its_seat_aside(tmp_path: Path, column: str) -> None:
    # the sniff of the file's first 4 KiB missed it, and "Ba\0yo" was published
    path = results(tmp_path / "nul.csv", cell(EAST, column, "Ba\x00yo", position="1"))
    assert path.read_bytes().index(b"\x00") > 4096
    story = run("story", EAST, "--results", str(path))
    assert story.exit_code == 1 and not story.stdout
    assert f"nul.csv, row {first_row(EAST)}, seat {EAST!r}, column {column!r}: 'Ba\\x00yo' contains a NUL byte" in (
        story.output
    )
    out = tmp_path / "out"
    result = batch(path, out)
    assert result.exit_code == 1 and "649 written" in result.output
    assert f"FAILED {EAST}: nul.csv, row {first_row(EAST)}" in result.output
    assert slug_of(EAST) not in written(out) and slug_of(WEST) in written(out)
    check = run("check", str(path))
    assert check.exit_code == 1 and "contains a NUL byte" in check.output


# 5. A line break inside a name -----------------------------------------------------------------


@BATCH_MODES
def test_a_line_break_inside_a_name_sets_its_seat_aside(tmp_path: Path, flags: tuple[str, ...]) -> None:
    # "Dav\nid" (a quoted cell over two lines) used to be printed as "Dav id"
    path = results(tmp_path / "split.csv", cell(WEST, "Candidate given name", "Dav\nid", position="1"))
    where = f"split.csv, row {first_row(WEST)}, seat {WEST!r}, column 'Candidate given name'"
    story = run("story", WEST, "--results", str(path))
    assert story.exit_code == 1 and not story.stdout
    assert f"{where}: 'Dav\\nid' contains a line break" in story.output
    out = tmp_path / "out"
    result = batch(path, out, *flags)
    assert result.exit_code == 1 and "649 written" in result.output
    assert f"FAILED {WEST}: {where}: 'Dav\\nid' contains a line break" in result.output
    assert slug_of(WEST) not in written(out)
    assert run("story", "Chorley", "--results", str(path)).exit_code == 0
    assert not any("Dav id" in p.read_text(encoding="utf-8") for p in out.glob("*.md"))


# 6. More invalid ballots than valid votes ------------------------------------------------------


def test_more_invalid_ballots_than_valid_votes_sets_the_seat_aside(tmp_path: Path) -> None:
    # 30,000 rejected ballots against 29,033 valid votes: turnout stays under 100%, so nothing
    # else noticed, and the story printed a turnout of 81%
    path = results(tmp_path / "invalid.csv", cell(RUSHOLME, "Election invalid vote count", "30000"))
    where = f"invalid.csv, row {first_row(RUSHOLME)}, seat {RUSHOLME!r}, column 'Election invalid vote count'"
    story = run("story", RUSHOLME, "--results", str(path))
    assert story.exit_code == 1 and not story.stdout
    assert f"{where}: 30,000 invalid (rejected) ballots but only 29,033 valid votes" in story.output
    out = tmp_path / "out"
    result = batch(path, out)
    assert result.exit_code == 1 and "649 written" in result.output
    assert f"FAILED {RUSHOLME}: {where}" in result.output
    check = run("check", str(path))
    assert check.exit_code == 1 and where in check.output


def test_an_implausible_share_of_invalid_ballots_is_a_warning(tmp_path: Path) -> None:
    # 1,930 for 193: a slipped digit; the story is written, but not without a word
    path = results(tmp_path / "invalid.csv", cell(RUSHOLME, "Election invalid vote count", "1930"))
    story = run("story", RUSHOLME, "--results", str(path))
    assert story.exit_code == 0 and story.stdout
    assert f"Warning: invalid.csv, row {first_row(RUSHOLME)}, seat {RUSHOLME!r}" in story.stderr
    assert "1,930 of 30,963 ballots (6.2%) were rejected" in story.stderr
