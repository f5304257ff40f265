"""The results charts in a real browser: Debian's Chromium through Playwright, one launch.

Same rules as tests/test_browser.py (skips without Chromium or Playwright; a failure under
``NEWSGEN_REQUIRE_BROWSER=1``). The HTML story at a phone's width and the preview's seat and
council pages, with JavaScript off: the chart is drawn, its <title> and <desc> are what a
screen reader is given, and the screenshot (saved in test-artifacts/) has the winner's bar in
Labour red and longest, and the open end of a council's range white.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest

from newsgen.outputs import render
from newsgen.pipeline import Dataset
from newsgen.resources import TRAFFORD, bundled
from tests.test_browser import ARTIFACTS, SW, _Server, _watch

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
COLOURS = json.loads((ROOT / "newsgen/outputs/charts/colours.json").read_text(encoding="utf-8"))
SEAT = "Southend West and Leigh"
SEAT_TITLE = f"{SEAT}: votes for each candidate"
COUNCIL_TITLE = "Trafford Council: seats by party before and after the election"
PHONE = {"width": 390, "height": 844}


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 8) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


class _Pixels:
    """A PNG screenshot decoded by the browser itself (a canvas), so no image library is needed."""

    def __init__(self, chromium: Any, png: bytes, rows: list[int]) -> None:
        page = chromium.new_page()
        try:
            got = page.evaluate(
                """async ([url, rows]) => {
                    const img = new Image(); img.src = url; await img.decode();
                    const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
                    const ctx = c.getContext("2d"); ctx.drawImage(img, 0, 0);
                    const row = y => Array.from(ctx.getImageData(0, y, img.width, 1).data);
                    return {width: img.width, rows: rows.map(row)};
                }""",
                ["data:image/png;base64," + base64.b64encode(png).decode(), rows],
            )
        finally:
            page.close()
        self.width = got["width"]
        self.rows = {y: got["rows"][i] for i, y in enumerate(rows)}

    def at(self, x: int, y: int) -> tuple[int, int, int]:
        data = self.rows[y]
        return data[4 * x], data[4 * x + 1], data[4 * x + 2]

    def run(self, y: int, colour: str) -> int:
        """How many pixels of row ``y`` are ``colour``."""
        want = _rgb(colour)
        return sum(1 for x in range(self.width) if _close(self.at(x, y), want))


def _bars(figure: Any, selector: str) -> list[dict[str, Any]]:
    """Each bar's party and box, relative to the figure's top left corner."""
    origin = figure.bounding_box()
    out = []
    for i in range(figure.locator(selector).count()):
        bar = figure.locator(selector).nth(i)
        box = bar.bounding_box()
        out.append(
            {
                "party": bar.get_attribute("data-party"),
                "series": bar.get_attribute("data-series"),
                "x": round(box["x"] - origin["x"]),
                "y": round(box["y"] - origin["y"]),
                "width": box["width"],
            }
        )
    return out


def _shot(figure: Any, name: str) -> bytes:
    ARTIFACTS.mkdir(exist_ok=True)
    png = figure.screenshot(path=str(ARTIFACTS / name))
    assert len(png) > 5_000
    return bytes(png)


def test_the_html_story_chart_at_phone_width_without_javascript(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    dataset = Dataset(only=[SEAT])
    story = dataset.story([SEAT])
    page_file = tmp_path / "story.html"
    page_file.write_text(
        f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{SEAT}</title><body>{render(story, "html")}',
        encoding="utf-8",
    )
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    problems = _watch(page)
    page.goto(page_file.as_uri())
    chart = page.get_by_role("img", name=SEAT_TITLE)
    expect(chart).to_have_count(1)
    expect(chart).to_have_accessible_description(
        re.compile(
            r"^Bar chart of the votes for each candidate, in finishing order, with their share of the vote\. "
            r"David Burton-Sampson \(Labour\), elected: 16,739 votes, 35\.6 per cent\. Anna Firth"
        )
    )
    box = chart.bounding_box()
    assert box is not None and box["width"] > 250 and box["x"] + box["width"] <= PHONE["width"]  # fits a phone

    figure = page.locator(f"figure#chart-{story.slug}")
    png = _shot(figure, "chart-southend-west-and-leigh.png")
    bars = _bars(figure, "rect.bar")
    assert [b["party"] for b in bars[:3]] == ["Lab", "Con", "RUK"]
    pixels = _Pixels(browser, png, [b["y"] + 3 for b in bars])
    labour = COLOURS["parties"]["Lab"]["colour"]
    winner = bars[0]
    assert _close(pixels.at(winner["x"] + 2, winner["y"] + 3), _rgb(labour))
    runs = [
        pixels.run(b["y"] + 3, COLOURS["parties"].get(b["party"], {}).get("colour", COLOURS["neutral"])) for b in bars
    ]
    assert abs(runs[0] - winner["width"]) <= 3  # the winner's bar, all of it red
    assert runs[0] == max(runs) and all(r < runs[0] for r in runs[1:])  # and the longest
    assert problems == []
    context.close()


def test_the_preview_pages_draw_the_chart_without_javascript(browser: Any, tmp_path: Path) -> None:
    """The seat page and a council page, scripts off: the chart is in the server's HTML, its
    <title> is the image's name, and the preview's CSP (no inline styles) is not broken by it.
    Trafford 2026's after-the-election bars end in an open (white) stretch, not a figure."""
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 1400})
    with _Server(Dataset(only=[SEAT]), tmp_path / "ge.db") as server:
        page = context.new_page()
        problems = _watch(page)
        page.goto(server.url + f"/story/{SW}")
        chart = page.get_by_role("img", name=SEAT_TITLE)
        expect(chart).to_have_count(1)
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 300
        assert page.locator("#story rect.bar").count() == 10
        assert problems == []
        page.close()

    with _Server(Dataset(bundled(TRAFFORD), election="2026-05-07"), tmp_path / "t.db") as server:
        page = context.new_page()
        problems = _watch(page)
        page.goto(server.url + "/story/trafford")
        chart = page.get_by_role("img", name=COUNCIL_TITLE)
        expect(chart).to_have_count(1)
        expect(chart).to_have_accessible_description(re.compile(r"Labour: 42 seats before, 36 or 37 seats after\."))
        assert "36–37" in page.locator("#story table.council-state").inner_text()  # the text alternative
        figure = page.locator("#story figure.newsgen-chart")
        png = _shot(figure, "chart-trafford-2026.png")
        solid = [b for b in _bars(figure, "rect.bar") if b["series"] == "After"]
        ranges = _bars(figure, "rect.range")
        assert [r["party"] for r in ranges] == ["Lab", "Con", "Green"]
        labour, open_end = solid[0], ranges[0]
        assert labour["party"] == "Lab"
        y = labour["y"] + 3
        pixels = _Pixels(browser, png, [y])
        red = _rgb(COLOURS["parties"]["Lab"]["colour"])
        assert _close(pixels.at(labour["x"] + 2, y), red)
        assert _close(pixels.at(open_end["x"] + round(open_end["width"] / 2), y), (255, 255, 255))  # open
        assert problems == []
        page.close()
    context.close()
