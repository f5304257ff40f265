"""The editors' preview in a real browser: Debian's Chromium, driven by Playwright.

Without Chromium (or Playwright) these tests skip with a message; under CI
(``NEWSGEN_REQUIRE_BROWSER=1``, set by ``.ci/run``) a missing browser is a failure.
Never ``playwright install``: the system browser is used via ``executable_path`` (the
``browser`` fixture in tests/conftest.py, one launch shared with tests/test_browser_charts.py).

A screenshot of the seat page is saved to ``test-artifacts/seat-page.png``; with
``NEWSGEN_UPDATE_SCREENSHOT=1`` it is also copied to ``docs/preview-seat-page.png``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsgen import resources
from newsgen.context import load_context
from newsgen.pipeline import Dataset

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SW = "E14001502"
MARKUP = '<script>alert("pwned")</script>'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    """uvicorn on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, dataset: Dataset, db: Path) -> None:
        import uvicorn

        from newsgen.serve import create_app

        self.port = _free_port()
        config = uvicorn.Config(create_app(dataset, db), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> _Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the preview server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _screenshot(page: Any, name: str) -> Path:
    """The top of the page, as an editor sees it, into test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


def _watch(page: Any) -> list[str]:
    """Collect script errors and console errors (CSP violations show up there)."""
    problems: list[str] = []

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            problems.append(f"console: {msg.text}")

    def on_dialog(dialog: Any) -> None:  # an alert() would mean injected script ran
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("pageerror", lambda err: problems.append(f"pageerror: {err}"))
    page.on("console", on_console)
    page.on("dialog", on_dialog)
    return problems


def test_editor_changes_the_lead_approves_and_the_cli_honours_it(browser: Any, tmp_path: Path) -> None:
    context_file = ROOT / "fixtures" / "southend-context.yaml"
    dataset = Dataset(context=load_context(context_file))
    engine = dataset.story(["Southend West and Leigh"])
    third = dataset.story(["Southend West and Leigh"], lead="third_place_battle")
    assert engine.paragraphs[0] != third.paragraphs[0]
    firsts = {
        f.seat_id
        for name in dataset.seat_names
        for f, ranked in [(dataset.facts(name), dataset.angles([name])[1])]
        if any(a.id == "historic_first" for a in ranked)
    }
    db = tmp_path / "choices.sqlite3"

    with _Server(dataset, db) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 1300})
        problems = _watch(page)

        # the seat list, filtered to historic firsts (the select submits itself)
        page.goto(server.url + "/")
        assert page.locator("#seats tbody tr[data-id]").count() == 650
        page.fill("input[name=q]", "southend")  # narrows the rows as the editor types
        assert page.locator("#seats tbody tr[data-id]:visible").count() == 2
        page.fill("input[name=q]", "")
        assert page.locator("#seats tbody tr[data-id]:visible").count() == 650
        page.select_option("select[name=angle]", "historic_first")
        page.wait_for_url("**/?*angle=historic_first*")
        shown = set(page.locator("#seats tbody tr[data-id]").evaluate_all("rows => rows.map(r => r.dataset.id)"))
        assert shown == firsts

        # open Southend West and Leigh
        page.locator("#seats").get_by_role("link", name="Southend West and Leigh", exact=True).click()
        page.wait_for_url(f"**/story/{SW}")
        assert page.inner_text("#lede") == engine.paragraphs[0]
        assert page.inner_text("#story-lead") == "historic_first"

        # make third_place_battle the lead: the draft re-renders in place, with what changed
        page.check("#lead-third_place_battle")
        page.locator('#story[data-lead="third_place_battle"]').wait_for()
        assert page.inner_text("#lede") == third.paragraphs[0]
        changes = page.inner_text("#changes")
        assert "historic_first" in changes and "third_place_battle" in changes
        assert "lead=third_place_battle" in page.url
        assert page.locator("tr.angle.is-lead").get_attribute("data-angle") == "third_place_battle"
        assert page.locator("tr.angle .badge").count() == 1
        assert page.locator('tr.angle[data-angle="third_place_battle"] .badge').count() == 1
        shot = _screenshot(page, "seat-page.png")
        if os.environ.get("NEWSGEN_UPDATE_SCREENSHOT") == "1":
            shutil.copyfile(shot, ROOT / "docs" / "preview-seat-page.png")

        # approve
        page.fill("#editor", "Sam Reed")
        page.fill("#note", "Reform's third place is the local story")
        page.click("#approve")
        page.wait_for_selector(".flash")
        assert "Approved" in page.inner_text("#status")

        # reload: the choice is kept
        page.goto(server.url + f"/story/{SW}")
        status = page.inner_text("#status")
        assert "Sam Reed" in status and "third_place_battle" in status
        assert page.is_checked("#lead-third_place_battle")
        assert page.inner_text("#lede") == third.paragraphs[0]
        assert page.locator("#unchanged").count() == 1

        _screenshot(page, "seat-page-approved.png")

        # the list shows the new lead and the approval
        page.goto(server.url + "/?q=southend+west")
        row = page.inner_text(f'#seats tr[data-id="{SW}"]')
        assert "third_place_battle" in row and "approved" in row
        assert problems == []
        page.close()

    # newsgen story with the same database honours the choice
    from newsgen.cli.story import command as story_command

    result = CliRunner().invoke(
        story_command, ["Southend West and Leigh", "--context", str(context_file), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.split("\n\n")[2] == third.paragraphs[0]


def _markup_results(path: Path) -> Path:
    source = resources.bundled(resources.DEFAULT_RESULTS).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(source)))
    head = rows[0]
    seat, family, pos = (
        head.index(c) for c in ("Constituency name", "Candidate family name", "Candidate result position")
    )
    picked = [r for r in rows[1:] if r[seat] == "Southend West and Leigh"]
    for r in picked:
        if r[pos] == "2":
            r[family] = MARKUP
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([head, *picked])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_markup_in_a_name_never_runs(browser: Any, tmp_path: Path) -> None:
    dataset = Dataset(results=_markup_results(tmp_path / "markup.csv"))
    with _Server(dataset, tmp_path / "c.db") as server:
        page = browser.new_page()
        problems = _watch(page)
        page.goto(server.url + f"/story/{SW}")
        page.check("#lead-ousted_incumbent")
        page.locator('#story[data-lead="ousted_incumbent"]').wait_for()
        assert MARKUP in page.inner_text("#lede")  # shown as text
        assert page.locator("script").count() == 1  # only our own preview.js
        assert problems == []
        page.close()
