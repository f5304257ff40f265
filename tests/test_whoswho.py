"""The bundled who's who in the stories: big names lead, offices are named, knights are Sir."""

from __future__ import annotations

import re

import pytest

from newsgen import resources
from newsgen.context import parse_context
from newsgen.pipeline import Dataset


def _lead(dataset: Dataset, seat: str) -> str:
    return dataset.angles([seat])[1][0].id


@pytest.mark.parametrize(
    ("seat", "lead", "office"),
    [
        ("Richmond and Northallerton", "big_name_survives", "Prime Minister"),
        ("South West Norfolk", "big_name_defeat", "former Prime Minister"),
        ("Godalming and Ash", "big_name_survives", "Chancellor of the Exchequer"),
        ("Clacton", "big_name_win", "leader of Reform UK"),  # leader from 3 June 2024, before polling day
        # a party post in lower case, as house style writes it
        ("Kingston and Surbiton", "big_name_survives", "the leader of the Liberal Democrats"),
    ],
)
def test_a_big_name_leads_and_the_office_is_named(dataset: Dataset, seat: str, lead: str, office: str) -> None:
    assert _lead(dataset, seat) == lead
    story = dataset.story([seat], provenance=False)
    assert office in story.paragraphs[0]


def test_an_office_given_up_before_polling_day_is_not_printed(dataset: Dataset) -> None:
    # Richard Tice led Reform UK at dissolution but not on 4 July 2024
    tice = dataset.facts("Boston and Skegness").winner
    assert tice.name == "Richard Tice" and tice.role is None
    assert "leader of Reform UK" not in dataset.story(["Boston and Skegness"], provenance=False).text.lower()


@pytest.mark.parametrize(
    ("seat", "first", "second", "never"),
    [
        ("Holborn and St Pancras", "Sir Keir Starmer", "Sir Keir", "Mr Starmer"),
        ("Kingston and Surbiton", "Sir Ed Davey", "Sir Ed", "Mr Davey"),
        ("Chorley", "Sir Lindsay Hoyle", "Sir Lindsay", "Mr Hoyle"),
    ],
)
def test_knights_are_sir_then_sir_and_given_name(
    dataset: Dataset, seat: str, first: str, second: str, never: str
) -> None:
    # first reference in full with the honorific, later ones "Sir Keir", never "Mr Starmer"
    text = dataset.story([seat], provenance=False).text
    assert first in text and never not in text
    later = text.split(first, 1)[1]
    assert re.search(rf"\b{second}\b(?! {first.split()[-1]})", later), later[:300]


def test_the_context_file_overrides_a_role(dataset: Dataset) -> None:
    ctx = parse_context("candidates:\n  - {name: Rishi Sunak, role: the outgoing Prime Minister, notable: true}\n")
    ds = Dataset.from_loaded(dataset.loaded, results_path=dataset.results_path, context=ctx)
    w = ds.facts("Richmond and Northallerton").winner
    assert w.role == "the outgoing Prime Minister" and w.role_source is None


def test_the_json_names_where_a_role_came_from(dataset: Dataset) -> None:
    w = dataset.facts("Richmond and Northallerton").winner
    assert w.role == "the Prime Minister" and w.role_source and w.role_source.startswith("http")


def test_earlier_elections_have_their_own_who_is_who() -> None:
    ds = Dataset(resources.bundled(resources.GE_FILES[2019]))
    w = ds.facts("Uxbridge and South Ruislip").winner
    assert w.name == "Boris Johnson" and w.role == "the Prime Minister"
    assert _lead(ds, "Uxbridge and South Ruislip") == "big_name_survives"


@pytest.mark.parametrize(
    ("title", "copy"),
    [
        ("Leader of Reform UK", "the leader of Reform UK"),
        ("Co-leader of the Green Party", "the co-leader of the Green Party"),
        ("Deputy Leader of the Labour Party", "the deputy leader of the Labour Party"),
        # offices of state and of the Commons keep their capitals
        ("Leader of the Opposition", "the Leader of the Opposition"),
        ("Leader of the House of Commons", "the Leader of the House of Commons"),
        ("Chancellor of the Exchequer", "the Chancellor of the Exchequer"),
    ],
)
def test_party_posts_are_in_lower_case(title: str, copy: str) -> None:
    from newsgen.facts.whoswho import Role, copy_role

    assert copy_role(Role(title=title, kind="party_leader", source="x")) == copy
