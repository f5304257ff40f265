"""The newsroom context file: validated, mistakes reported by line and key."""

from __future__ import annotations

import pytest

from newsgen.context import load_context, parse_context
from newsgen.errors import ContextError


def test_southend_context_loads(southend_context) -> None:
    assert southend_context.areas["Southend"].seats == ("Southend West and Leigh", "Southend East and Rochford")
    assert southend_context.candidate("Anna Firth", "Southend West and Leigh").notes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("candidates:\n  - {name: Anna Firth, rolle: MP}\n", "line 2, key candidates.0.rolle: unknown key"),
        (
            "seats:\n  Chorley:\n    quotes:\n      - {speaker: X}\n",
            "line 4, key seats.Chorley.quotes.0.text: Field required",
        ),
        ("areas:\n  Southend:\n    seats: [Only One]\n", "line 3, key areas.Southend.seats"),
        ("candidates: [\n", "not valid YAML or JSON"),
        ("- just a list\n", "expected a mapping"),
    ],
)
def test_mistakes_name_line_and_key(text: str, expected: str) -> None:
    with pytest.raises(ContextError) as err:
        parse_context(text, file="ctx.yaml")
    assert expected in str(err.value)


def test_json_context_works_too() -> None:
    ctx = parse_context('{"predecessors": {"Southend West and Leigh": ["Southend West"]}}')
    assert ctx.predecessors == {"Southend West and Leigh": ["Southend West"]}


def test_missing_context_file(tmp_path) -> None:
    with pytest.raises(ContextError, match="context file not found"):
        load_context(tmp_path / "missing.yaml")
