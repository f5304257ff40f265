"""docs/api.md runs as written: each ```python block in order, in one namespace, in an empty
folder, printing exactly the ```text block that follows it; and its tables name every field
a Story and its result tables have."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsgen import outputs
from newsgen.story import ResultRow, ResultTable, Story

from .conftest import ROOT

API_DOC = ROOT / "docs" / "api.md"

_FENCE = re.compile(r"^```(?P<lang>[\w.-]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    code: str
    expected: str | None  # what it prints; None: the doc shows no output
    line: int  # of the block's opening fence


def examples(text: str) -> list[Example]:
    """The ```python blocks of a Markdown text, each with the ```text block right after it."""
    blocks = list(_FENCE.finditer(text))
    found = []
    for i, block in enumerate(blocks):
        if block.group("lang") != "python":
            continue
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        shown = after is not None and after.group("lang") == "text" and not text[block.end() : after.start()].strip()
        line = text.count("\n", 0, block.start()) + 1
        found.append(Example(block.group("body"), after.group("body") if shown and after else None, line))
    return found


def run_examples(path: Path, folder: Path) -> Iterator[tuple[Example, str]]:
    """Run each example of ``path`` in ``folder``, in one namespace; yield it with what it printed."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    with contextlib.chdir(folder):
        for example in examples(path.read_text(encoding="utf-8")):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(example.code, f"{path.name}:{example.line}", "exec"), namespace)
            yield example, printed.getvalue()


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


def _table_names(text: str, heading: str, first_column: str) -> set[str]:
    """The names in the first column of the Markdown table that follows ``heading``, which
    begins ``| first_column |`` (several names in one cell, comma-separated, and a method's
    ``()`` allowed)."""
    section = text[text.index(heading) :]
    table = section[section.index(f"| {first_column} |") :].split("\n\n", 1)[0]
    names: set[str] = set()
    for row in table.splitlines()[2:]:
        cell = row.split("|")[1]
        names.update(n.strip().strip("`").removesuffix("()") for n in cell.split(","))
    return names


def test_the_story_tables_name_every_field() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    assert _table_names(text, "## What a story holds", "field") == set(Story.model_fields)
    table_section = text[text.index("Each `ResultTable`") :]
    assert _table_names(table_section, "Each `ResultTable`", "field") == {*ResultTable.model_fields, "totals"}
    rows = table_section[table_section.index("each `ResultRow`") : table_section.index("## Many stories")]
    assert set(re.findall(r"`(\w+)`", rows)) - {"ResultRow", "None"} == set(ResultRow.model_fields)
