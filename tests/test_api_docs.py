"""docs/api.md runs as written: each ```python block in order, in one namespace, in an empty
folder, printing exactly the ```text block that follows it; and its tables name every field
a Story and its result tables have."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgen import outputs
from newsgen.story import ResultRow, ResultTable, Story

from .conftest import ROOT
from .doc_examples import code, examples, run_examples, section, table

API_DOC = ROOT / "docs" / "api.md"


@pytest.fixture
def formats_restored() -> Iterator[None]:
    """The doc registers a format of its own: other tests see only the built-in ones."""
    before = dict(outputs.FORMATS)
    yield
    outputs.FORMATS.clear()
    outputs.FORMATS.update(before)


def test_every_example_runs_and_prints_what_the_doc_shows(tmp_path: Path, formats_restored: None) -> None:
    ran = 0
    for example, printed in run_examples(API_DOC, tmp_path):
        ran += 1
        if example.expected is not None:
            assert printed == example.expected, f"docs/api.md, the example at line {example.line}"
    assert ran >= 15  # the page's examples were found


def test_the_examples_show_their_output() -> None:
    # an example that prints shows what it prints (so a reader can check it, and the test does)
    for example in examples(API_DOC.read_text(encoding="utf-8")):
        if "print(" in example.code:
            assert example.expected is not None, f"docs/api.md, line {example.line}: no ```text block after it"


def _names(rows: list[list[str]]) -> set[str]:
    """The names in a table's first column (several in a cell, comma-separated; a method's ``()`` dropped)."""
    return {code(name.strip()).removesuffix("()") for row in rows for name in row[0].split(",")}


def test_the_story_tables_name_every_field() -> None:
    holds = section(API_DOC.read_text(encoding="utf-8"), "## What a story holds")
    assert _names(table(holds, "field")) == set(Story.model_fields)
    tables = holds[holds.index("Each `ResultTable`") :]
    assert _names(table(tables, "field")) == {*ResultTable.model_fields, "totals"}
    rows = tables[tables.index("each `ResultRow`") :]
    assert set(re.findall(r"`(\w+)`", rows)) - {"ResultRow", "None"} == set(ResultRow.model_fields)
