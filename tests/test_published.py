"""Figures in the JSON story rounded as published, and the verifier reading them back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsgen.facts.published import published
from newsgen.outputs import render
from newsgen.pipeline import Dataset
from newsgen.resources import named_results
from newsgen.verify import check_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (47.007392949292125, 47.0074),
        (62.71256353620566, 62.7126),
        (-9.450000000000003, -9.45),
        (6.6374000000000004, 6.6374),
        (-0.00001, -0.0),  # a fall too small to show keeps its sign
        (16739, 16739),
        (True, True),
        (None, None),
        ("35.63915857605178", "35.63915857605178"),  # text is not a figure
        ({"a": (1.23456, [2.00004])}, {"a": [1.2346, [2.0]]}),
    ],
)
def test_published(value: Any, expected: Any) -> None:
    got = published(value)
    assert got == expected and type(got) is type(expected)
    if isinstance(expected, float):
        assert str(got).startswith("-") == str(expected).startswith("-")


def story_json(dataset: Dataset, seat: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(dataset.story([seat]), "json"))
    return data


def test_json_story_has_its_version_and_published_figures(dataset: Dataset) -> None:
    data = story_json(dataset, "Southend West and Leigh")
    assert data["schema_version"] == "1.0"
    facts = data["facts"][0]
    assert facts["turnout"] == 62.7126  # was 62.71256353620566
    assert facts["candidates"][0]["share"] == 35.6392 and facts["candidates"][0]["share_change"] == 6.6374
    assert data["tables"][0]["turnout"] == 62.71  # the table as printed
    assert data["provenance"] and all(
        p["value"] == round(p["value"], 4) for p in data["provenance"] if isinstance(p.get("value"), float)
    )


def test_a_story_checks_against_its_rounded_facts(dataset: Dataset) -> None:
    """Aberdeenshire North and Moray East: turnout 54.75 against a notional 64.2 is down 9.45
    points, held as -9.450000000000003 and printed "9.5"; the JSON publishes -9.45. `newsgen
    check` reads the story against the JSON's facts and must still find the figure right, and
    still refuse a wrong one."""
    data = story_json(dataset, "Aberdeenshire North and Moray East")
    sentence = "Turnout was 54.75 per cent, 9.5 percentage points down"
    assert sentence in data["text"] and data["facts"][0]["turnout_change"] == -9.45
    assert not check_text(data["text"], data["facts"]).problems
    wrong = check_text(data["text"].replace(sentence, sentence.replace("9.5", "9.6")), data["facts"]).problems
    assert [(p.text, p.kind) for p in wrong] == [("9.6", "points")]


def floats(value: Any, path: str = "") -> list[tuple[str, float]]:
    """Every float in JSON data, with where it is."""
    if isinstance(value, float):
        return [(path, value)]
    if isinstance(value, dict):
        return [f for key, item in value.items() for f in floats(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [f for i, item in enumerate(value) for f in floats(item, f"{path}[{i}]")]
    return []


def test_every_figure_of_a_json_story_is_published(dataset: Dataset, southend_dataset: Dataset) -> None:
    """Wherever a figure sits in the JSON (facts, angles' evidence, provenance, tables), it has
    at most four places: a new field holding an unrounded figure fails here."""
    trafford = Dataset(named_results("trafford"), election="2023-05-04")
    stories = [
        dataset.story(["Aberdeenshire North and Moray East"]),
        southend_dataset.story(["Southend West and Leigh", "Southend East and Rochford"]),
        trafford.story(["Altrincham"]),  # three seats
        trafford.story(["Trafford Council"]),
    ]
    for story in stories:
        found = floats(json.loads(render(story, "json")))
        assert found and all(x == round(x, 4) for _, x in found), [f for f in found if f[1] != round(f[1], 4)]
