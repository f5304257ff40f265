"""House-style filters: (value, expected) tables."""

from __future__ import annotations

import pytest

from newsgen.render import filters
from newsgen.render.style import STYLES


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (1, "one"),
        (3, "three"),
        (9, "nine"),
        (10, "10"),
        (98, "98"),
        (16739, "16,739"),
        (1234567, "1,234,567"),
    ],
)
def test_number(n: int, expected: str) -> None:
    assert filters.number(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "one vote"), (2, "two votes"), (39, "39 votes"), (14790, "14,790 votes")]
)
def test_votes(n: int, expected: str) -> None:
    assert filters.votes(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (39, "39"),
        (7, "seven"),
        (98, "98"),
        (100, "100"),
        (132, "more than 100"),
        (1949, "more than 1,900"),
        (2000, "2,000"),
        (4027, "more than 4,000"),
        (21472, "more than 21,000"),
    ],
)
def test_rounded_never_rounds_up(n: int, expected: str) -> None:
    assert filters.rounded(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (11, "eleventh")]
)
def test_ordinal(n: int, expected: str) -> None:
    assert filters.ordinal(n) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Labour gain", "a Labour gain"),
        ("SNP hold", "an SNP hold"),
        ("independent gain", "an independent gain"),
        ("Green MP", "a Green MP"),
        ("Labour MP", "a Labour MP"),
        ("SDLP MP", "an SDLP MP"),
    ],
)
def test_article(phrase: str, expected: str) -> None:
    assert filters.article(phrase) == expected


@pytest.mark.parametrize(
    ("value", "style", "places", "expected"),
    [(62.7097, "local", 2, "62.71 per cent"), (62.7097, "bbc", 2, "62.71%"), (66.9, "local", 1, "66.9 per cent")],
)
def test_percent(value: float, style: str, places: int, expected: str) -> None:
    assert filters.percent(value, STYLES[style], places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-5.07, "5.1 percentage points"), (1.0, "1.0 percentage point"), (12.345, "12.3 percentage points")],
)
def test_points(value: float, expected: str) -> None:
    assert filters.points(value) == expected


@pytest.mark.parametrize(
    ("items", "expected"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")]
)
def test_join_has_no_oxford_comma(items: list[str], expected: str) -> None:
    assert filters.join(items) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Labour", "Labour's"),
        ("Ms Firth", "Ms Firth's"),
        ("James", "James's"),
        ("the Greens", "the Greens'"),
        ("the SNP", "the SNP's"),
    ],
)
def test_possessive(name: str, expected: str) -> None:
    assert filters.possessive(name) == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Labour", "wins"),
        ("the Conservatives", "win"),
        ("the Lib Dems", "win"),
        ("Reform UK", "wins"),
        ("the SNP", "wins"),
    ],
)
def test_verb_agrees_with_party(subject: str, expected: str) -> None:
    assert filters.verb(subject, "wins", "win") == expected


@pytest.mark.parametrize(
    ("text", "caps", "expected"),
    [
        ("Labour delivered a defeat.", True, "LABOUR delivered a defeat."),
        ("Labour delivered.", False, "Labour delivered."),
    ],
)
def test_lede_case(text: str, caps: bool, expected: str) -> None:
    assert filters.lede_case(text, caps) == expected
