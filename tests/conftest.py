"""Shared fixtures: the bundled 2024 results loaded once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgen.context import Context, load_context
from newsgen.pipeline import Dataset

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def southend_context() -> Context:
    return load_context(FIXTURES / "southend-context.yaml")


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return Dataset()


@pytest.fixture(scope="session")
def southend_dataset(southend_context: Context) -> Dataset:
    return Dataset(context=southend_context)


#: option defaults a developer's shell may set (NEWSGEN_STYLE=bbc...): not for the tests
_SETTINGS = ("STYLE", "LEAD", "DROP", "CONTEXT", "TEMPLATES", "DB", "RESULTS", "ELECTION", "FORMAT", "CONFIG")


@pytest.fixture(autouse=True)
def _own_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new user would: no NEWSGEN_* defaults from the shell, and no
    record of bundled-data warnings already shown (newsgen.cli.notices)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    for name in _SETTINGS:
        monkeypatch.delenv(f"NEWSGEN_{name}", raising=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current templates (review the diff before committing).",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


# -- the browser tests' Chromium (tests/test_browser*.py): one launch for the session --------
CHROMIUM = os.environ.get("NEWSGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REQUIRED = os.environ.get("NEWSGEN_REQUIRE_BROWSER") == "1"


def _unavailable(why: str) -> None:
    if REQUIRED:
        pytest.fail(f"NEWSGEN_REQUIRE_BROWSER=1 but {why}", pytrace=False)
    pytest.skip(f"browser tests skipped: {why} (apt-get install chromium; pip install 'newsgen[serve,test]')")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed")
    for module in ("starlette", "uvicorn", "python_multipart"):
        try:
            __import__(module)
        except ImportError:
            _unavailable(f"{module} (the 'serve' extra) is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium is not at {CHROMIUM}")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
