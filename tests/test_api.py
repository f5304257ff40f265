"""The Python API as docs/api.md describes it: what generate() and Dataset accept, and the
one-line NewsgenError (never an AttributeError or TypeError) for what they do not."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import newsgen
from newsgen import ChoicesError, ContextError, DataError, NewsgenError, RequestError, UnknownSeatError
from newsgen.arguments import results_path
from newsgen.pipeline import Dataset
from newsgen.resources import GE_FILES, bundled

from .conftest import FIXTURES, ROOT

CONTEXT = FIXTURES / "southend-context.yaml"


@pytest.mark.parametrize("context", [str(CONTEXT), CONTEXT], ids=["str", "Path"])
def test_generate_reads_a_context_file_by_its_path(context: str | Path) -> None:
    # generate(..., context="file.yaml") raised AttributeError ('str' object has no attribute 'thresholds')
    story = newsgen.generate("Southend West and Leigh", context=context)
    assert "Speaking at the Southend Leisure and Tennis Centre as the result was announced" in story.text
    assert "who took over the seat following the murder of Sir David Amess" in story.text


def test_a_loaded_context_and_a_path_give_the_same_story(southend_dataset: Dataset) -> None:
    by_path = Dataset(context=CONTEXT, only=["Southend West and Leigh"]).story("Southend West and Leigh")
    assert by_path.text == southend_dataset.story(["Southend West and Leigh"]).text


def test_results_by_bundled_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert results_path("ge2019") == bundled(GE_FILES[2019])
    assert results_path(None) == bundled(GE_FILES[2024])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ge2019").write_text("a newsroom's own file", encoding="utf-8")
    assert results_path("ge2019") == Path("ge2019")  # a file of that name in the working folder wins


def test_a_council_file_by_its_bundled_name() -> None:
    story = newsgen.generate("trafford", results="trafford", election="2024-05-02")
    assert (story.kind, story.seats) == ("council", ("Trafford Council",))


def test_one_seat_by_name_gss_code_or_slug() -> None:
    names = ("Southend West and Leigh", "E14001502", "southend-west-and-leigh")
    texts = {newsgen.generate(seat).text for seat in names}
    assert len(texts) == 1 and "David Burton-Sampson" in texts.pop()


def test_a_context_naming_a_seat_the_results_lack_is_refused(tmp_path: Path) -> None:
    context = tmp_path / "context.yaml"
    context.write_text("seats:\n  Southend Wset and Leigh:\n    venue: the Cliffs Pavilion\n", encoding="utf-8")
    with pytest.raises(ContextError, match=r"line 2, key seats\.Southend Wset and Leigh: no seat called"):
        Dataset(context=context, only=["Southend West and Leigh"])


def test_a_candidate_not_standing_is_a_warning(tmp_path: Path) -> None:
    context = tmp_path / "context.yaml"
    context.write_text(
        "candidates:\n  - {name: Ana Firth, seat: Southend West and Leigh, notable: true}\n", encoding="utf-8"
    )
    dataset = Dataset(context=context, only=["Southend West and Leigh"])
    assert len(dataset.warnings) == 1
    assert (
        "no candidate called 'Ana Firth' in Southend West and Leigh (did you mean 'Anna Firth'?)" in dataset.warnings[0]
    )


# -- before anything loads: what generate() refuses --------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"seats": 650}, RequestError, "seats: expected a seat name or a list of seat names, got int 650"),
        ({"seats": ["Southend West and Leigh", 650]}, RequestError, "seats: each seat is named by a str"),
        ({"seats": []}, RequestError, "no seat named"),
        ({"results": 2019}, RequestError, "results: expected a path to a results file or a bundled name, got int"),
        ({"results": "ge2091"}, DataError, "results 'ge2091': no file of that name here, and no bundled results"),
        ({"results": "no-such-file.csv"}, DataError, "no-such-file.csv: file not found"),
        ({"context": {"seats": {}}}, RequestError, "context: expected a context file's path or a Context, got dict"),
        ({"context": "no-such-context.yaml"}, ContextError, "no-such-context.yaml: context file not found"),
        ({"templates": "no-such-folder"}, NewsgenError, "no-such-folder: templates folder not found"),
        ({"templates": str(CONTEXT)}, NewsgenError, "is a file, not a folder of templates"),
        ({"election": 2024}, RequestError, "election: expected a polling date or an election id, got int"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_generate_refuses_with_a_message(kwargs: dict[str, Any], error: type[NewsgenError], message: str) -> None:
    kwargs = {"seats": "Southend West and Leigh", **kwargs}
    with pytest.raises(error) as caught:
        newsgen.generate(**kwargs)
    assert type(caught.value) is error  # the kind decides the command line's exit status
    assert message in str(caught.value)
    assert "How to fix:" in str(caught.value)  # each says what to do


def test_a_mistyped_bundled_name_suggests_the_right_one() -> None:
    with pytest.raises(DataError, match=r"did you mean 'ge2019'"):
        Dataset("ge2091")


# -- a story from a loaded Dataset: what story() refuses ---------------------------------
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"style": 1}, RequestError, "style: expected a style's name, got int 1"),
        ({"style": "guardian"}, RequestError, "unknown style 'guardian'"),
        ({"lead": "landslid"}, ChoicesError, "lead 'landslid': there is no angle with that id"),
        ({"lead": "landslide"}, ChoicesError, "angle 'landslide' did not fire for this story"),
        ({"dropped": ["turnuot_change"]}, ChoicesError, "dropped 'turnuot_change': there is no angle with that id"),
        ({"dropped": 3}, RequestError, "dropped: expected angle ids, got int 3"),
        ({"lead": 3}, RequestError, "lead: expected an angle id, got int 3"),
        ({"seats": "Southend Wset"}, UnknownSeatError, "no seat called 'Southend Wset'"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_story_refuses_with_a_message(
    dataset: Dataset, kwargs: dict[str, Any], error: type[NewsgenError], message: str
) -> None:
    kwargs = {"seats": ["Southend West and Leigh"], **kwargs}
    with pytest.raises(error, match=re.escape(message)) as caught:
        dataset.story(**kwargs)
    assert type(caught.value) is error


@pytest.mark.parametrize(("typed", "nearest"), [("landslid", "'landslide'"), ("turnout", "'turnout_change'")])
def test_an_unknown_angle_gets_the_same_hint_from_the_api_and_the_cli(
    dataset: Dataset, typed: str, nearest: str
) -> None:
    from .cli_helpers import run

    with pytest.raises(ChoicesError) as caught:
        dataset.story("Southend West and Leigh", lead=typed)
    hint = caught.value.hint or ""
    assert hint.startswith(f"did you mean {nearest}? The angles are: gain, ")  # by spelling, else by part
    cli = run("story", "Southend West and Leigh", "--lead", typed)
    assert cli.exit_code == 2 and hint in " ".join(cli.stderr.split()), cli.stderr


def test_one_dropped_angle_as_a_string(dataset: Dataset) -> None:
    # a str is one angle id, not its letters (dropped="gain" once dropped nothing, silently)
    story = dataset.story("Southend West and Leigh", dropped="historic_first")
    assert story.lead != "historic_first"
    assert "historic_first" not in {a["id"] for a in story.angles}


def test_the_public_names_and_a_cheap_import() -> None:
    for name in newsgen.__all__:
        assert getattr(newsgen, name) is not None, name
    assert set(newsgen.__all__) <= set(dir(newsgen))
    with pytest.raises(AttributeError, match="no attribute 'generat'"):
        newsgen.generat  # noqa: B018
    # importing the package alone does not import pydantic or Jinja (the CLI's --help stays fast)
    code = "import sys, newsgen; print(sorted(m for m in ('pydantic', 'jinja2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
