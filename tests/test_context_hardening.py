"""Inputs that cannot crash or mislead: the context file, --templates, --lead and --drop.

Each case goes through the command line as a reporter runs it: a clear message naming the
file, line and key (or option) and how to fix it, exit status 1, no traceback, nothing else
lost. Issue 11.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newsgen.angles import ANGLE_IDS
from newsgen.context import MAX_BYTES, MAX_DEPTH, load_context
from tests.cli_helpers import refused, run
from tests.conftest import FIXTURES

SOUTHEND = FIXTURES / "southend-context.yaml"
SW = "Southend West and Leigh"
SE = "Southend East and Rochford"

#: the classic 342-byte "billion laughs": nine aliases of nine aliases, 9**9 values
BOMB = "a: &a [" + ",".join(['"lol"'] * 9) + "]\n"
for _prev, _name in zip("abcdefgh", "bcdefghi", strict=True):
    BOMB += f"{_name}: &{_name} [" + ",".join([f"*{_prev}"] * 9) + "]\n"


def southend_with(tmp_path: Path, old: str, new: str, *, count: int = 1) -> Path:
    """The bundled Southend context with one name misspelt."""
    text = SOUTHEND.read_text(encoding="utf-8")
    assert text.count(old) >= count
    path = tmp_path / "newsroom.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


# -- 1. files that would exhaust memory or the stack ------------------------------------------


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    assert len(BOMB.encode()) == 342
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    start = time.perf_counter()
    result = run("story", "Chorley", "--context", str(bomb))
    assert time.perf_counter() - start < 5  # it ran for a minute and exhausted memory
    refused(result, "bomb.yaml, line 6", "would expand the file by more than 100,000 values", "How to fix")


def test_aliases_a_newsroom_would_write_still_work(tmp_path: Path) -> None:
    # one count centre for both Southend seats: an anchor and an alias
    text = f"seats:\n  {SW}:\n    venue: &centre the Southend Leisure and Tennis Centre\n  {SE}:\n    venue: *centre\n"
    (tmp_path / "venue.yaml").write_text(text, encoding="utf-8")
    context = load_context(tmp_path / "venue.yaml")
    assert context.seat(SE).venue == "the Southend Leisure and Tennis Centre"


def test_an_alias_inside_its_own_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text(f"areas:\n  Southend: &a\n    seats: [{SW}, *a]\n", encoding="utf-8")
    refused(run("story", "Chorley", "--context", str(path)), "loop.yaml, line 3", "*a is inside the value &a")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.yaml", "candidates: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("deep.json", '{"candidates": ' + "[" * 100_000 + "]" * 100_000 + "}\n"),
        ("deep-block.yaml", "".join(f"{'  ' * i}k{i}:\n" for i in range(200)) + "  " * 200 + "x\n"),
    ],
    ids=["yaml-flow", "json", "yaml-block"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("story", "Chorley", "--context", str(path))
    refused(result, f"{name}, line ", f"nested more than {MAX_DEPTH} levels deep", "How to fix")
    assert "RecursionError" not in result.output


def test_an_oversized_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    line = "# " + "x" * 1021 + "\n"
    path.write_text(line * (MAX_BYTES // len(line) + 1), encoding="utf-8")
    refused(run("story", "Chorley", "--context", str(path)), "huge.yaml", "larger than 4 MB")


def test_a_number_python_will_not_read_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "digits.yaml"
    path.write_text("thresholds:\n  narrow_majority_votes: " + "9" * 5000 + "\n", encoding="utf-8")
    refused(run("story", "Chorley", "--context", str(path)), "digits.yaml", "a value cannot be read")


def test_a_seat_given_twice_is_refused_not_half_dropped(tmp_path: Path) -> None:
    # YAML and JSON readers keep the second silently: the first entry's quote would vanish
    path = tmp_path / "twice.json"
    path.write_text(
        '{"seats": {"Chorley": {"venue": "the town hall"},\n "Chorley": {"quotes": []}}}\n', encoding="utf-8"
    )
    refused(run("story", "Chorley", "--context", str(path)), "twice.json, line 2", "'Chorley' appears twice")


def test_one_seat_under_two_spellings_is_refused(tmp_path: Path) -> None:
    # both keys name Southend West and Leigh: the lookup took the first, the second's venue vanished
    path = southend_with(tmp_path, "areas:", "  Southend West & Leigh:\n    venue: the civic centre\nareas:")
    refused(
        run("story", SW, "--context", str(path)),
        "newsroom.yaml, line 18, key seats.Southend West & Leigh: 'Southend West & Leigh' is the same seat as "
        f"'{SW}' (line 10); only the first would be used",
    )


# -- 2. names that are not in the results --------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "count", "key"),
    [
        (f"  {SW}:\n    venue", "  Southend Wst and Leigh:\n    venue", 1, "line 10, key seats.Southend Wst and Leigh"),
        (f"[{SW},", "[Southend Wst and Leigh,", 1, "line 21, key areas.Southend.seats.0"),
        (f"    seat: {SW}", "    seat: Southend Wst and Leigh", 1, "line 5, key candidates.0.seat"),
    ],
    ids=["seat-quotes", "area", "candidate-seat"],
)
@pytest.mark.parametrize(
    "command", [["story", SW, SE], ["angles", SW], ["batch", "--only", SW]], ids=["story", "angles", "batch"]
)
def test_a_misspelt_seat_is_an_error_with_a_suggestion(
    tmp_path: Path, old: str, new: str, count: int, key: str, command: list[str]
) -> None:
    context = southend_with(tmp_path, old, new, count=count)
    extra = ["--out", str(tmp_path / "out")] if command[0] == "batch" else []
    result = run(*command, *extra, "--context", str(context))
    refused(
        result,
        f"newsroom.yaml, {key}: no seat called 'Southend Wst and Leigh'",
        f"(did you mean '{SW}'?)",
        "`newsgen seats` lists every seat",
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_predecessor_for_an_unknown_seat_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "old-seats.yaml"
    path.write_text("predecessors:\n  Aberavon Maesteg: [Aberavon]\n", encoding="utf-8")
    refused(
        run("story", "Chorley", "--context", str(path)),
        "line 2, key predecessors.Aberavon Maesteg",
        "(did you mean 'Aberafan Maesteg'?)",
    )


def test_a_misspelt_candidate_is_a_warning_and_the_story_keeps_its_quote(tmp_path: Path) -> None:
    context = southend_with(tmp_path, "name: Anna Firth", "name: Ana Firth")
    result = run("story", SW, "--context", str(context))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (
        "Warning: " + str(context) + ", line 4, key candidates.0.name: no candidate called 'Ana Firth' "
        f"in {SW} (did you mean 'Anna Firth'?)"
    ) in result.stderr
    assert "Tonight Southend West and Leigh has made history" in result.stdout  # the seat's quote is kept


@pytest.mark.parametrize(
    ("old", "new", "key", "place"),
    [
        ("speaker: David Burton-Sampson", "speaker: David Burton-Samson", f"line 13, key seats.{SW}.quotes.0", SW),
        ("speaker: Daniel Cowan", "speaker: Ana Firth", "line 23, key areas.Southend.quotes.0", "Southend"),
    ],
    ids=["seat-quote", "area-quote"],
)
def test_a_misspelt_speaker_is_a_warning(tmp_path: Path, old: str, new: str, key: str, place: str) -> None:
    # the quote was printed with the new MP's name misspelt, without a word
    context = southend_with(tmp_path, old, new)
    result = run("story", SW, SE, "--context", str(context))
    speaker = new.removeprefix("speaker: ")
    assert result.exit_code == 0, result.output
    assert f"Warning: {context}, {key}.speaker: no candidate called {speaker!r} in {place} (did you mean" in (
        result.stderr
    )


def test_a_speaker_with_a_title_or_who_is_not_standing_is_not_warned_about(tmp_path: Path) -> None:
    context = southend_with(tmp_path, "speaker: Daniel Cowan", "speaker: Cllr David Burton-Sampson")
    result = run("story", SW, SE, "--context", str(context))
    assert "Warning" not in result.stderr, result.stderr


def test_a_candidate_without_a_seat_is_checked_against_every_seat(tmp_path: Path) -> None:
    path = tmp_path / "names.yaml"
    path.write_text("candidates:\n  - {name: Kier Starmer, notable: true}\n", encoding="utf-8")
    result = run("angles", "Chorley", "--context", str(path))  # one seat: the others' candidates are not loaded
    assert result.exit_code == 0 and result.stderr == ""
    out = tmp_path / "out"
    result = run("batch", "--out", str(out), "--only", "Chorley", "--context", str(path), "-j", "1", "-q")
    assert result.exit_code == 0, result.output
    assert "no candidate called 'Kier Starmer' in any seat (did you mean 'Keir Starmer'?)" in result.stderr


def test_the_bundled_context_passes_every_check() -> None:
    result = run("story", SW, SE, "--context", str(SOUTHEND))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


# -- 3. options that were silently ignored --------------------------------------------------------


@pytest.mark.parametrize("option", ["--lead", "--drop"])
def test_an_unknown_angle_id_is_refused_with_the_list(option: str) -> None:
    refused(
        run("story", "Chorley", option, "nonsense"),
        f"{option} 'nonsense': there is no angle with that id",
        "The angles are: " + ", ".join(ANGLE_IDS),
        code=2,
    )
    refused(run("story", "Chorley", option, "gian"), "did you mean 'gain'?", code=2)


def test_a_known_angle_that_did_not_fire_is_still_explained() -> None:
    refused(run("story", "Chorley", "--lead", "landslide"), "did not fire for this story", code=2)
    assert run("story", "Chorley", "--drop", "landslide").exit_code == 0  # nothing to drop: the story is the same


@pytest.mark.parametrize(
    "command", [["story", "Chorley"], ["batch", "--only", "Chorley"], ["batch", "--stream"], ["variety"]]
)
def test_a_missing_templates_folder_is_an_error(tmp_path: Path, command: list[str]) -> None:
    extra = ["--out", str(tmp_path / "out")] if command[0] == "batch" else []
    missing = tmp_path / "newsroom-templates"
    refused(
        run(*command, *extra, "--templates", str(missing)),
        f"{missing}: templates folder not found",
        "leave out --templates",
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("stream", [[], ["--stream"]])
def test_batch_with_a_missing_db_stops_once_before_any_story(tmp_path: Path, stream: list[str]) -> None:
    missing = tmp_path / "choices.sqlite3"
    only = [] if stream else ["--only", "Chorley", "--only", "Southend West and Leigh"]
    result = run("batch", "--out", str(tmp_path / "out"), *only, *stream, "--db", str(missing))
    refused(result, f"{missing}: choices database not found")
    assert result.output.count("choices database not found") == 1  # once, not a FAILED line per seat
    assert not missing.exists() and not (tmp_path / "out").exists()


def test_a_templates_file_is_refused(tmp_path: Path) -> None:
    lede = tmp_path / "hold.j2"
    lede.write_text("{{ f.seat_name }}\n", encoding="utf-8")
    result = run("story", "Chorley", "--templates", str(lede))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "is a file" in result.output


def test_json_angles_still_parse_with_a_context(tmp_path: Path) -> None:
    result = run("angles", SW, "--json", "--context", str(SOUTHEND))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["seats"] == [SW]
