"""Golden stories: real seats in, the expected story out, one per lead angle and style.

`pytest --update-golden` rewrites them after an intended change; review the diff.
"""

from __future__ import annotations

import pytest

from newsgen.outputs import render
from newsgen.pipeline import Dataset
from newsgen.story import Story
from tests.golden import check_golden

CASES = [
    # (golden file, seats, style, format, expected lead)
    ("north-herefordshire.md", ["North Herefordshire"], None, "md", "historic_first"),
    ("south-basildon-and-east-thurrock.md", ["South Basildon and East Thurrock"], None, "md", "narrow_majority"),
    ("blackburn.md", ["Blackburn"], None, "md", "historic_first"),
    ("chorley.txt", ["Chorley"], None, "txt", "speaker_seat"),
    ("north-west-cambridgeshire.md", ["North West Cambridgeshire"], None, "md", "narrow_majority"),
    ("westmorland-and-lonsdale.md", ["Westmorland and Lonsdale"], None, "md", "gain"),
    ("winchester.md", ["Winchester"], None, "md", "ousted_incumbent"),
    ("aberafan-maesteg.md", ["Aberafan Maesteg"], None, "md", "hold"),
    ("clacton.md", ["Clacton"], None, "md", "big_name_win"),
    ("boston-and-skegness.md", ["Boston and Skegness"], None, "md", "party_first_seat"),
    ("richmond-and-northallerton.md", ["Richmond and Northallerton"], None, "md", "big_name_survives"),
    ("south-west-norfolk.md", ["South West Norfolk"], None, "md", "big_name_defeat"),
    ("tamworth.md", ["Tamworth"], None, "md", "defended_seat"),
    ("redcar.md", ["Redcar"], None, "md", "regained_seat"),
    ("hazel-grove.md", ["Hazel Grove"], None, "md", "collapse"),
    ("south-norfolk.md", ["South Norfolk"], None, "md", "safe_seat_falls"),
    ("islington-north-bbc.md", ["Islington North"], "bbc", "md", "independent_win"),
    ("glenrothes-and-mid-fife-newsquest.html", ["Glenrothes and Mid Fife"], "newsquest", "html", "overturned_majority"),
    ("southend-west-and-leigh.svg", ["Southend West and Leigh"], None, "svg", "historic_first"),
]


@pytest.mark.parametrize(("name", "seats", "style", "fmt", "lead"), CASES, ids=[c[0] for c in CASES])
def test_golden_story(
    dataset: Dataset, update_golden: bool, name: str, seats: list[str], style: str | None, fmt: str, lead: str
) -> None:
    story: Story = dataset.story(seats, style=style)
    assert story.lead == lead
    check_golden(name, render(story, fmt), update_golden)


def test_same_input_same_story(dataset: Dataset) -> None:
    first = render(dataset.story(["North Herefordshire"]), "md")
    again = render(Dataset().story(["North Herefordshire"]), "md")
    assert first == again


def test_markdown_blocks_are_separated(dataset: Dataset) -> None:
    """Every heading and table in the Markdown stands after a blank line, or CMSes glue them."""
    lines = render(dataset.story(["Southend West and Leigh", "Southend East and Rochford"]), "md").splitlines()
    for i, line in enumerate(lines[1:], start=1):
        if line.startswith("#") or (line.startswith("|") and not lines[i - 1].startswith("|")):
            assert lines[i - 1] == "", f"line {i + 1} follows {lines[i - 1]!r}"
