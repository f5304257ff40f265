"""Newsroom templates (``--templates DIR``) cannot crash or hang newsgen, nor read files
outside their folder: each case gives one clear error naming the template file, no
traceback, and a batch still writes the other seats. Run through the command line, as a
newsroom would, on Southend West and Leigh from the bundled 2024 results.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner, Result

from newsgen.cli import main
from tests.conftest import ROOT

SEAT = "Southend West and Leigh"
#: seats a batch must still write when the newsroom's template fails for SEAT
OTHERS = ("Southend East and Rochford", "Leigh and Atherton")
BUNDLED = ROOT / "templates"


def _head(text: str) -> str:
    """What an assertion prints: a runaway template's output can be megabytes."""
    return text if len(text) < 2000 else f"{text[:1000]} ... ({len(text):,} characters)"


def newsroom(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "newsroom"
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    folder.mkdir(exist_ok=True)
    return folder


def totals_failing_for_southend(bad: str) -> dict[str, str]:
    """sections/totals.j2 running ``bad`` for SEAT and the bundled paragraph for every other seat."""
    bundled = (BUNDLED / "sections" / "totals.j2").read_text(encoding="utf-8")
    return {"sections/totals.j2": f'{{% if f.seat_name == "{SEAT}" %}}{bad}{{% else %}}{bundled}{{% endif %}}'}


def story(folder: Path | None, seat: str = SEAT) -> Result:
    args = ["story", seat] + (["--templates", str(folder)] if folder else [])
    return CliRunner().invoke(main, args)


def assert_refused(result: Result, file: Path, *words: str) -> str:
    """Exit 1 with one `Error:` line naming the file and saying what is wrong; no traceback."""
    assert result.exit_code == 1, _head(result.output)
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # not an uncaught exception
    assert "Traceback" not in result.output
    line = result.stderr.splitlines()[0]
    assert line.startswith("Error: ") and str(file) in line, _head(line)
    for word in words:
        assert word in line, _head(line)
    assert "How to fix:" in result.stderr
    return line


def batch(folder: Path, out: Path) -> Result:
    only = [arg for seat in (SEAT, *OTHERS) for arg in ("--only", seat)]
    return CliRunner().invoke(main, ["batch", "--out", str(out), "--templates", str(folder), "-j", "1", *only])


def assert_others_written(result: Result, out: Path, *words: str) -> None:
    assert result.exit_code == 1, _head(result.output)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    failed = [line for line in result.output.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and failed[0].startswith(f"FAILED {SEAT}: template"), _head(result.output)
    for word in words:
        assert word in failed[0], failed[0]
    assert sorted(p.name for p in out.glob("*.md")) == ["leigh-and-atherton.md", "southend-east-and-rochford.md"]


# -- 1. range() too big ---------------------------------------------------------------------


def test_a_huge_range_is_refused_by_name(tmp_path: Path) -> None:
    folder = newsroom(tmp_path, totals_failing_for_southend("{% for i in range(10**10) %}x{% endfor %}"))
    assert_refused(story(folder), folder / "sections" / "totals.j2", "line 1", "MAX_RANGE (100000)")
    assert_others_written(batch(folder, tmp_path / "out"), tmp_path / "out", "totals.j2", "Range too big")


# -- 2. templates and macros that call themselves --------------------------------------------

RECURSIVE = {
    "includes itself": "Again: {% include 'sections/totals.j2' %}",
    "recursive macro": "{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(0) }}",
}


@pytest.mark.parametrize("bad", RECURSIVE.values(), ids=RECURSIVE.keys())
def test_a_template_calling_itself_for_ever_is_refused_by_name(tmp_path: Path, bad: str) -> None:
    folder = newsroom(tmp_path, totals_failing_for_southend(bad))
    assert_refused(story(folder), folder / "sections" / "totals.j2", "line 1", "calls itself without end")
    assert_others_written(batch(folder, tmp_path / "out"), tmp_path / "out", "totals.j2", "calls itself")


def test_a_lede_extending_itself_is_refused_and_told_of_default(tmp_path: Path) -> None:
    # the likely mistake: {% extends "lede/..." %} names the newsroom's own file, not ours
    name = "lede/historic_first.j2"
    folder = newsroom(tmp_path, {name: f'{{% extends "{name}" %}}\n'})
    result = story(folder)
    assert_refused(result, folder / name, "calls itself without end")
    assert '{% extends "default:NAME" %}' in result.stderr


# -- 3. the time and size budget -------------------------------------------------------------

FOR_EVER = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


def _process(args: list[str], timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], float]:
    """newsgen as a process of its own (a template that loops for ever would hang pytest);
    with a half-second time budget."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSGEN_TEMPLATE_SECONDS": "0.5"}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "newsgen", *args], capture_output=True, text=True, env=env, timeout=timeout
    )
    return done, time.monotonic() - start


def test_a_template_looping_for_ever_is_stopped_at_the_time_budget(tmp_path: Path) -> None:
    folder = newsroom(tmp_path, totals_failing_for_southend(FOR_EVER))
    done, _ = _process(["story", SEAT, "--templates", str(folder)])
    assert done.returncode == 1 and not done.stdout and "Traceback" not in done.stderr, _head(done.stderr)
    line = done.stderr.splitlines()[0]
    assert str(folder / "sections" / "totals.j2") in line and "line 1" in line, _head(line)
    assert "time budget of 0.5 s" in line, _head(line)
    assert "NEWSGEN_TEMPLATE_SECONDS" in done.stderr
    # in a batch, only that seat fails: the others are written, each in its own budget
    out = tmp_path / "out"
    only = [arg for seat in (SEAT, *OTHERS) for arg in ("--only", seat)]
    done, seconds = _process(["batch", "--out", str(out), "--templates", str(folder), "-j", "1", *only])
    assert done.returncode == 1, _head(done.stderr)
    assert f"FAILED {SEAT}: template story/body.j2, line 1 of {folder / 'sections' / 'totals.j2'}" in done.stderr
    assert sorted(p.name for p in out.glob("*.md")) == ["leigh-and-atherton.md", "southend-east-and-rochford.md"]
    assert seconds < 30


def test_a_huge_power_is_stopped_at_the_time_budget(tmp_path: Path) -> None:
    # computed in C, but CPython checks for signals as it goes: the timer stops it too
    folder = newsroom(tmp_path, totals_failing_for_southend("{% set n = 7 ** (10 ** 8) %}"))
    done, seconds = _process(["story", SEAT, "--templates", str(folder)])
    assert done.returncode == 1 and "Traceback" not in done.stderr, _head(done.stderr)
    line = done.stderr.splitlines()[0]
    assert str(folder / "sections" / "totals.j2") in line and "time budget of 0.5 s" in line, _head(line)
    assert seconds < 30


ENORMOUS = {
    "written in a loop": "{% for i in range(100000) %}" + "x" * 200 + "{% endfor %}",
    "in a macro": "{% macro m() %}{% for i in range(100000) %}" + "x" * 200 + "{% endfor %}{% endmacro %}{{ m() }}",
    "in a set block": "{% set s %}{% for i in range(100000) %}" + "x" * 200 + "{% endfor %}{% endset %}{{ s }}",
    "multiplied": "{{ 'x' * 10**8 }}",
}


@pytest.mark.parametrize("bad", ENORMOUS.values(), ids=ENORMOUS.keys())
def test_enormous_output_is_stopped_at_the_size_budget(tmp_path: Path, bad: str) -> None:
    # 20 to 100 MB without the budget; refused at 1,000,000 characters
    folder = newsroom(tmp_path, totals_failing_for_southend(bad))
    result = story(folder)
    assert result.exit_code == 1 and "Traceback" not in result.output, _head(result.output)
    line = result.stderr.splitlines()[0]
    assert line.startswith("Error: template story/body.j2") and "line " in line, _head(line)
    assert "over the size budget of 1,000,000" in line, _head(line)
    assert len(result.output) < 2000, _head(result.output)


def test_a_newsroom_story_within_budget_is_the_bundled_story(tmp_path: Path) -> None:
    # the budget costs nothing to a real story: an empty newsroom folder changes no byte
    folder = newsroom(tmp_path, {})
    for seat in (SEAT, *OTHERS):
        assert story(folder, seat).output == story(None, seat).output


def test_a_newsroom_run_does_not_break_the_next_plain_run(tmp_path: Path) -> None:
    # the sandbox compiles calls differently; sharing the compiled-template cache with the
    # bundled-only environment made `newsgen story` after a --templates run fail
    folder = newsroom(tmp_path, {})
    env = {k: v for k, v in os.environ.items() if k != "NEWSGEN_NO_CACHE"}
    env.update(PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "cache"))
    outputs = []
    for extra in (["--templates", str(folder)], [], ["--templates", str(folder)]):
        args = [sys.executable, "-m", "newsgen", "story", SEAT, *extra]
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, _head(done.stderr)
        outputs.append(done.stdout)
        if not extra:
            continue
        # the folder both once shared, as a --templates run before this fix left it: not read
        cache = tmp_path / "cache" / "newsgen" / f"jinja-{jinja2.__version__}"
        shutil.copytree(f"{cache}-sandbox", cache, dirs_exist_ok=True)
    assert outputs[0] == outputs[1] == outputs[2]


# -- 4. symlinks out of the folder -----------------------------------------------------------


def test_a_template_linked_to_a_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-PASSWORD-LINE\n", encoding="utf-8")
    folder = newsroom(tmp_path, {})
    (folder / "sections").mkdir()
    (folder / "sections" / "totals.j2").symlink_to(secret)
    result = story(folder)
    line = assert_refused(result, folder / "sections" / "totals.j2", "outside the newsroom template folder")
    assert str(secret) in line and "SECRET" not in result.output
    out = tmp_path / "out"
    result = batch(folder, out)  # every seat includes the linked file: none is written
    assert result.exit_code == 1 and "SECRET" not in result.output
    assert not list(out.glob("*.md"))


def test_a_folder_linked_outside_is_refused_too(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "totals.j2").write_text("SECRET\n", encoding="utf-8")
    folder = newsroom(tmp_path, {})
    (folder / "sections").symlink_to(outside, target_is_directory=True)
    result = story(folder)
    assert_refused(result, folder / "sections" / "totals.j2", "outside the newsroom template folder")
    assert "SECRET" not in result.output


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="no /etc/passwd here")
def test_a_template_linked_to_etc_passwd_is_refused(tmp_path: Path) -> None:
    folder = newsroom(tmp_path, {})
    (folder / "story").mkdir()
    (folder / "story" / "headline.j2").symlink_to("/etc/passwd")
    result = story(folder)
    assert_refused(result, folder / "story" / "headline.j2", "/etc/passwd", "outside")
    assert "root:" not in result.output


def test_a_link_within_the_folder_is_allowed(tmp_path: Path) -> None:
    folder = newsroom(tmp_path, {"shared/totals.j2": (BUNDLED / "sections" / "totals.j2").read_text()})
    (folder / "sections").mkdir()
    (folder / "sections" / "totals.j2").symlink_to(folder / "shared" / "totals.j2")
    result = story(folder)
    assert result.exit_code == 0, _head(result.output)
    assert result.output == story(None).output


# -- 5. {% extends "default:..." %}, as the README says ---------------------------------------


@pytest.mark.parametrize(
    ("seat", "lede"),
    [(SEAT, "lede/historic_first.j2"), ("Aldridge-Brownhills", "lede/hold.j2")],
)
def test_a_newsroom_lede_can_extend_the_bundled_one(tmp_path: Path, seat: str, lede: str) -> None:
    folder = newsroom(tmp_path, {lede: f'{{% extends "default:{lede}" %}}\n'})
    result = story(folder, seat)
    assert result.exit_code == 0, _head(result.output)
    assert result.output == story(None, seat).output
    # and the newsroom's file is the one used: what it writes before extending is printed
    folder = newsroom(tmp_path / "second", {lede: f'Our lede. {{% extends "default:{lede}" %}}\n'})
    result = story(folder, seat)
    assert result.exit_code == 0, _head(result.output)
    assert "Our lede. " in result.output
