"""The published JSON Schemas: shipped in the package, valid 2020-12 schemas, describing what
the JSON story and ``newsgen facts`` really write, on real contests of every kind.

The default run validates one contest per lead angle of 2024 and every kind of local result;
``-m slow`` validates every contest of the bundled files (jsonschema takes about 15 ms a
record, so all 650 seats' stories and records would add some 20 s to the default run).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

import newsgen
from newsgen.outputs import render
from newsgen.outputs.facts import COLUMNS, export_facts
from newsgen.pipeline import Dataset
from newsgen.resources import named_results
from newsgen.schemas import FACTS_SCHEMA_VERSION, SCHEMAS, STORY_SCHEMA_VERSION, load_schema, schema_path

#: every kind of contest the bundled local files hold: wards (one seat and several), councils,
#: a council by-election, PA's council and Scottish Parliament results, a typed declaration
LOCAL = [
    ("trafford", "2023-05-04"),  # all-out: every ward fills three seats
    ("trafford", "2026-05-07"),  # thirds, and a council whose seats after are a range
    ("trafford", "2025-10-16"),  # a ward by-election
    ("democracy-club-2021", None),
    ("pa-samples", "2026-05-06"),
    ("pa-samples", "2026-05-07"),
    ("declaration-example", None),
]


def strict(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with no property left undescribed: a key the outputs write that the schema
    does not list fails validation (the published schemas allow them, for later versions)."""
    tight = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tight)
    return tight


FACTS = Draft202012Validator(strict(load_schema("facts")))
STORY = Draft202012Validator(strict(load_schema("story")))


def problems(validator: Draft202012Validator, instance: Any) -> list[str]:
    """Each error where it is: inside a oneOf/anyOf, the branch's deepest error (a record's
    undescribed key, not "the record is not valid under any of the given schemas")."""
    found = []
    for error in validator.iter_errors(instance):
        while error.context:
            error = best_match(error.context)
        found.append(f"{error.json_path}: {error.message[:300]}")
    return found


def loaded(text: str) -> Any:
    """A story's JSON, parsed, after checking it is written compact: one line, no spaces
    between items, non-ASCII as itself (what ``json.dumps`` with ``ensure_ascii=False`` and
    ``separators=(",", ":")`` writes, whichever encoder wrote it)."""
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return data


@pytest.fixture(scope="module")
def records_2024(dataset: Dataset) -> list[dict[str, Any]]:
    export = export_facts(dataset)
    assert not export.failed
    return export.records


def one_per_lead(records: list[dict[str, Any]]) -> list[str]:
    """The first seat for each angle that leads a 2024 story, and Southend West and Leigh."""
    firsts = {}
    for r in records:
        firsts.setdefault(r["lead"], r["name"])
    return ["Southend West and Leigh", *firsts.values()]


# -- the files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_a_valid_2020_12_schema_inside_the_package(name: str) -> None:
    path = schema_path(name)
    # inside the package folder: the wheel packages newsgen/ whole, so the file ships with it
    assert path.parent == Path(newsgen.__file__).resolve().parent / "schemas"
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_versions_written_are_the_versions_the_schemas_describe() -> None:
    assert load_schema("story")["properties"]["schema_version"]["const"] == STORY_SCHEMA_VERSION
    assert load_schema("facts")["$defs"]["contest"]["properties"]["schema_version"]["const"] == FACTS_SCHEMA_VERSION


def test_both_schemas_describe_the_facts_alike() -> None:
    """A story's facts[] and a record's facts are one object: the two files' definitions of it
    must not drift apart (edit both when a fact is added)."""
    story, facts = load_schema("story")["$defs"], load_schema("facts")["$defs"]
    shared = set(story) & set(facts)
    assert {"contestFacts", "seatFacts", "wardFacts", "councilFacts", "party"} <= shared
    for name in shared:
        assert story[name] == facts[name], name


def test_record_schema_lists_the_columns_in_order() -> None:
    assert tuple(load_schema("facts")["$defs"]["contest"]["properties"]) == COLUMNS


# -- what the outputs write ------------------------------------------------------------------------


def test_2024_records_and_stories_validate(dataset: Dataset, records_2024: list[dict[str, Any]]) -> None:
    seats = one_per_lead(records_2024)
    assert len(seats) >= 15  # the 2024 stories lead on at least 15 different angles
    by_name = {r["name"]: r for r in records_2024}
    for seat in seats:
        assert not problems(FACTS, by_name[seat]), (seat, problems(FACTS, by_name[seat]))
        story = loaded(render(dataset.story([seat]), "json"))
        assert not problems(STORY, story), (seat, problems(STORY, story))
        assert story["facts"][0] == by_name[seat]["facts"]  # one object, rounded alike


def test_an_area_story_with_quotes_validates(southend_dataset: Dataset) -> None:
    story = southend_dataset.story(["Southend West and Leigh", "Southend East and Rochford"])
    data = loaded(render(story, "json"))
    assert data["kind"] == "area" and any(p["kind"] == "quote" for p in data["provenance"])
    assert not problems(STORY, data)


def local_contests(runs: list[tuple[str, str | None]]) -> Iterator[tuple[str, Dataset, dict[str, Any]]]:
    """(file and election, its dataset, a record) for every contest of each run."""
    for name, election in runs:
        dataset = Dataset(named_results(name), election=election)
        export = export_facts(dataset)
        assert not export.failed, export.failed
        for record in export.records:
            yield f"{name} {election}", dataset, record


def test_local_records_and_stories_validate() -> None:
    """The first contest of each shape (kind, election, several seats or one) in each file."""
    seen: set[tuple[str, tuple[str, str, bool]]] = set()
    for run, dataset, record in local_contests(LOCAL):
        shape = (record["kind"], record["election_kind"], record["seats"] > 1)
        if (run, shape) in seen:
            continue
        seen.add((run, shape))
        where = f"{run} {record['name']}"
        assert not problems(FACTS, record), (where, problems(FACTS, record))
        story = loaded(render(dataset.story([record["name"]]), "json"))
        assert not problems(STORY, story), (where, problems(STORY, story))
    assert {
        ("ward", "local", True),
        ("ward", "local", False),
        ("council", "local", True),
        ("ward", "local by-election", False),
    } <= {shape for _, shape in seen}


@pytest.mark.slow
def test_every_bundled_contest_validates(dataset: Dataset, records_2024: list[dict[str, Any]]) -> None:
    for record in records_2024:
        assert not problems(FACTS, record), (record["name"], problems(FACTS, record))
        story = loaded(render(dataset.story([record["name"]]), "json"))
        assert not problems(STORY, story), (record["name"], problems(STORY, story))
    # (2022-12-15: a Westminster by-election in the council's file, which loads the 2010-2019 files)
    dates = [
        "2016-05-05",
        "2017-05-04",
        "2017-06-08",
        "2018-05-03",
        "2019-05-02",
        "2021-05-06",
        "2022-12-15",
        "2024-05-02",
    ]
    for run, dataset_, record in local_contests([*LOCAL, *(("trafford", d) for d in dates)]):
        where = f"{run} {record['name']}"
        assert not problems(FACTS, record), (where, problems(FACTS, record))
        story = loaded(render(dataset_.story([record["name"]]), "json"))
        assert not problems(STORY, story), (where, problems(STORY, story))
