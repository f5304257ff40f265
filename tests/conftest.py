"""Shared fixtures: the bundled 2024 results loaded once per test session."""

from __future__ import annotations

from pathlib import Path

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
