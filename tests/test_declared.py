"""Every numeric fact a story could print is declared once, in newsgen.facts.declared."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from newsgen.facts.declared import DECLARED, NOT_PRINTED, declared_values
from newsgen.pipeline import Dataset
from newsgen.resources import DEMOCRACY_CLUB_2021, TRAFFORD, bundled

_INDEX = re.compile(r"\[\d+\]")


def _numeric_paths(value: Any, path: str = "") -> Iterator[str]:
    """Field paths of every number in a facts dict, list indices written as ``[]``."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numeric_paths(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _numeric_paths(item, f"{path}[]")


@pytest.fixture(scope="module")
def every_kind(dataset: Dataset) -> list[tuple[str, dict[str, Any]]]:
    """(name, facts) of every 2024 seat, every Trafford ward and council story of 2023, 2024
    and 2026 and of a ward by-election, and every South Yorkshire ward of 2021."""
    out = [(name, dataset.facts(name).to_dict()) for name in dataset.seat_names]
    local = [Dataset(bundled(TRAFFORD), election=e) for e in ("2023-05-04", "2024-05-02", "2026-05-07", "2025-11-20")]
    local.append(Dataset(bundled(DEMOCRACY_CLUB_2021)))
    for d in local:
        out += [(f"{name} {d.election.id}", d.facts(name).to_dict()) for name in d.seat_names]
    return out


def test_every_numeric_fact_of_every_seat_is_declared_or_never_printed(
    every_kind: list[tuple[str, dict[str, Any]]],
) -> None:
    declared = {d.path for d in DECLARED}
    undeclared: dict[str, str] = {}
    for name, facts in every_kind:
        for path in _numeric_paths(facts):
            if path in declared or path.rsplit(".", 1)[-1] in NOT_PRINTED:
                continue
            undeclared.setdefault(path, name)
    assert not undeclared, f"declare these in newsgen/facts/declared.py (or list them in NOT_PRINTED): {undeclared}"


def test_every_declaration_names_a_fact_some_real_seat_has(every_kind: list[tuple[str, dict[str, Any]]]) -> None:
    seen: set[str] = set()
    for _, facts in every_kind:
        for decl, value, path, _ in declared_values(facts):
            assert value is not None
            seen.add(decl.path)
            if decl.whose == "candidate":
                assert _INDEX.search(path), path
    # seat_count_for_party is set only for area stories; the rest appear in these stories
    missing = {d.path for d in DECLARED} - seen - {"seat_count_for_party"}
    assert not missing, f"declared but found in no seat, ward or council: {sorted(missing)}"


def test_a_declaration_is_what_the_verifier_checks(dataset: Dataset) -> None:
    """The turnout is declared as the seat's turnout: printed as a candidate's share it is refused."""
    from newsgen.verify import check_text

    facts = dataset.facts("Southend West and Leigh").to_dict()
    turnout = facts["turnout"]
    assert check_text(f"Turnout was {turnout:.2f} per cent.", [facts]).ok
    assert not check_text(f"Labour took {turnout:.2f} per cent of the vote.", [facts]).ok
