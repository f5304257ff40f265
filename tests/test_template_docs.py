"""docs/templates.md is complete and right: the values it lists are those the renderer
passes each template; every filter, global and helper is listed with an example that
renders as shown; every attribute of the objects templates read is described; and its
override example, saved as a newsroom template, writes the headlines it shows."""

from __future__ import annotations

import dataclasses
import fnmatch
import inspect
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from pydantic import BaseModel

from newsgen.angles.local import LOCAL_ANGLE_IDS
from newsgen.angles.model import Angle
from newsgen.context import Area, Quote
from newsgen.facts.council import CouncilFacts, PartySeats, SeatResult
from newsgen.facts.parties import PartyName
from newsgen.facts.seat import CandidateFacts, HistoryFacts, SeatFacts
from newsgen.facts.ward import WardCandidate, WardFacts
from newsgen.outputs import render
from newsgen.pipeline import Dataset
from newsgen.plan import Plan
from newsgen.records.models import Election
from newsgen.render.compose import story_values
from newsgen.render.environment import get_environment
from newsgen.render.filters import FILTERS
from newsgen.render.local import local_values
from newsgen.render.style import Style, get_style
from newsgen.resources import TRAFFORD, bundled, templates_dir

from .conftest import ROOT
from .doc_examples import blocks, code, run_examples, section, table

DOC = ROOT / "docs" / "templates.md"
TEXT = DOC.read_text(encoding="utf-8")
SEAT = "Southend West and Leigh"

#: which templates each table of values describes
FAMILIES = {
    "### Seat and area stories": ("story/*.j2", "sections/*.j2", "lede/*.j2"),
    "### Ward and council stories": ("ward/*.j2", "council/*.j2"),
    "### Formats": ("formats/*.j2",),
}

#: the objects the values are, as the doc heads their tables
OBJECTS: tuple[type, ...] = (
    SeatFacts,
    CandidateFacts,
    HistoryFacts,
    PartyName,
    Angle,
    Plan,
    Quote,
    Area,
    Style,
    Election,
    WardFacts,
    WardCandidate,
    SeatResult,
    CouncilFacts,
    PartySeats,
)


@pytest.fixture(scope="module")
def trafford() -> Dataset:
    return Dataset(bundled(TRAFFORD), election="2024-05-02")


@pytest.fixture(scope="module")
def captured(dataset: Dataset, trafford: Dataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """The names in each template's context, as Jinja builds it for every template rendered
    (included ones too): a seat story, an area story, through a newsroom's (empty) folder too,
    a ward's, a council's, and the three layouts."""
    seen: dict[str, set[str]] = defaultdict(set)
    original = jinja2.Template.new_context

    def recording(self: jinja2.Template, *args: Any, **kwargs: Any) -> Any:
        context = original(self, *args, **kwargs)
        seen[self.name or ""].update(context.get_all())
        return context

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Template, "new_context", recording)
        story = dataset.story([SEAT])
        dataset.story([SEAT, "Southend East and Rochford"])
        newsroom = Dataset(templates=tmp_path_factory.mktemp("newsroom"), only=["Bishop Auckland"])
        newsroom.story(["Bishop Auckland"])
        trafford.story(["Broadheath"])
        council = trafford.story(["Trafford Council"])
        for fmt in ("md", "txt", "html"):
            render(story, fmt)
            render(council, fmt)  # with the table of the parties' seats
    defaults = set(jinja2.Environment().globals)
    return {name: names - defaults for name, names in seen.items()}


def _values_table(heading: str) -> list[tuple[str, tuple[str, ...]]]:
    """(value, the templates it is given to: globs, or ("all",)) for each row of a table."""
    rows = table(section(TEXT, heading), "value")
    return [(code(value), tuple(code(g.strip()) for g in where.split(","))) for value, where, *_ in rows]


@pytest.mark.parametrize("heading", list(FAMILIES))
def test_each_template_receives_exactly_the_values_listed(heading: str, captured: dict[str, set[str]]) -> None:
    family = FAMILIES[heading]
    rows = _values_table(heading)
    rendered = [name for name in captured if any(fnmatch.fnmatch(name, g) for g in family)]
    assert rendered, f"no template of {family} was rendered"
    for name in rendered:
        listed = {value for value, where in rows if where == ("all",) or any(fnmatch.fnmatch(name, g) for g in where)}
        assert captured[name] == listed, f"{name}: in its context but not listed / listed but not in it"
    for value, where in rows:  # a row for templates none of which was rendered would go unchecked
        assert where == ("all",) or any(fnmatch.fnmatch(n, g) for n in rendered for g in where), value


def test_the_renderer_s_kinds_of_template_were_all_seen(captured: dict[str, set[str]]) -> None:
    for pattern in ("story/headline.j2", "story/standfirst.j2", "story/body.j2", "sections/*.j2", "lede/*.j2"):
        assert fnmatch.filter(captured, pattern), pattern
    for pattern in ("ward/*.j2", "council/*.j2", "formats/story.*.j2", "formats/council_state.*.j2"):
        assert fnmatch.filter(captured, pattern), pattern


def test_every_bundled_story_template_is_in_the_table_of_what_each_writes() -> None:
    rows = table(section(TEXT, "## Which template writes what"), "template")
    listed = " ".join(cell for row in rows for cell in row[:1])
    lede_row = next(row[1] for row in rows if row[0] == "`lede/ANGLE.j2`")
    for path in sorted(templates_dir().glob("*/*.j2")):
        folder, name = path.parent.name, path.name
        if folder == "serve":
            continue  # the preview server's pages
        if folder == "lede":
            assert f"`{path.stem}`" in lede_row, path
        else:
            assert f"`{folder}/{name}`" in listed, path
    written = section(TEXT, "## Which template writes what")
    for angle_id in LOCAL_ANGLE_IDS:
        assert f"`{angle_id}`" in written, angle_id


# -- helpers, filters, globals ------------------------------------------------------------
def _helpers(values: dict[str, Any]) -> set[str]:
    return {name for name, value in values.items() if callable(value)}


def _render(example: str, values: dict[str, Any]) -> str:
    return get_environment().from_string(example).render(values).strip()


def _seat_values(dataset: Dataset) -> dict[str, Any]:
    """A fresh story's values for the seat (nobody named yet)."""
    return story_values(dataset.plan(dataset.angles([SEAT])), get_style(None))


def test_seat_helpers_each_have_an_example_that_renders_as_shown(dataset: Dataset) -> None:
    rows = table(section(TEXT, "## Helpers"), "helper")
    assert {code(name) for name, *_ in rows} == _helpers(_seat_values(dataset))
    for name, example, gives in rows:
        assert _render(code(example), _seat_values(dataset)) == gives, name


def test_ward_and_council_helpers_each_have_an_example_that_renders_as_shown(trafford: Dataset) -> None:
    helpers = section(TEXT, "## Helpers")
    rows = table(helpers[helpers.index("Examples for ward and council") :], "helper")

    def fresh(name: str) -> dict[str, Any]:
        return local_values(trafford.plan(trafford.angles([name])), get_style(None), trafford.election)

    assert {code(name) for name, *_ in rows} == _helpers(fresh("Broadheath"))
    for name, story, example, gives in rows:
        assert _render(code(example), fresh(story)) == gives, name


def test_every_filter_has_an_example_that_renders_as_shown(tmp_path: Path) -> None:
    rows = table(section(TEXT, "## Filters"), "filter")
    assert [code(name) for name, *_ in rows] == list(FILTERS)
    defaults = set(jinja2.Environment().filters)
    for env in (get_environment(), get_environment(str(tmp_path))):  # the bundled and a newsroom's
        assert set(env.filters) - defaults == set(FILTERS)
    for name, example, gives in rows:
        assert _render(code(example), {}) == code(gives), name
    described = section(TEXT, "## Filters").split("What each does:")[1]
    for name in FILTERS:
        assert f"- `{name}(" in described, f"{name}: not described"


def test_the_globals_and_tests_are_jinja_s_alone(tmp_path: Path) -> None:
    rows = table(section(TEXT, "## Globals and tests"), "global")
    plain = jinja2.Environment()
    for env in (get_environment(), get_environment(str(tmp_path))):
        assert set(env.globals) == {code(name) for (name,) in rows}
        assert set(env.tests) == set(plain.tests)


# -- the objects ---------------------------------------------------------------------------
def _members(cls: type) -> set[str]:
    """What a template can read of an object: its fields, properties and methods (``name()``)."""
    if dataclasses.is_dataclass(cls):
        names = {f.name for f in dataclasses.fields(cls)}
    else:
        assert issubclass(cls, BaseModel)
        names = set(cls.model_fields)
    for name, value in vars(cls).items():
        if name.startswith("_") or name == "to_dict":
            continue
        if isinstance(value, property):
            names.add(name)
        elif inspect.isfunction(value):
            names.add(f"{name}()")
    return names


@pytest.mark.parametrize("cls", OBJECTS, ids=lambda cls: cls.__name__)
def test_every_attribute_of_each_object_is_described(cls: type) -> None:
    rows = table(section(TEXT, f"### `{cls.__name__}`"), "attribute")
    documented = [code(name) for name, *_ in rows]
    assert len(documented) == len(set(documented)), "listed twice"
    assert set(documented) == _members(cls)
    assert all(meaning for *_, meaning in rows)


def test_every_object_a_value_is_has_its_table() -> None:
    headings = {line[5:-1] for line in TEXT.splitlines() if line.startswith("### `")}
    assert headings == {cls.__name__ for cls in OBJECTS}


# -- the override example ------------------------------------------------------------------
def _newsroom_templates(folder: Path) -> Iterator[Path]:
    """Save each ```jinja block of the doc that names its file in its first line."""
    for body, line in blocks(TEXT, "jinja"):
        first = body.splitlines()[0]
        assert first.startswith("{#- templates/"), f"docs/templates.md, line {line}: name the file first"
        path = folder / first.removeprefix("{#- ").split(":", 1)[0]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        yield path


def test_the_override_example_writes_the_headlines_shown(tmp_path: Path) -> None:
    saved = list(_newsroom_templates(tmp_path))
    assert [p.relative_to(tmp_path).as_posix() for p in saved] == ["templates/story/headline.j2"]
    ran = [(example, printed) for example, printed in run_examples(DOC, tmp_path)]
    assert len(ran) == 1
    example, printed = ran[0]
    assert example.expected is not None and printed == example.expected
