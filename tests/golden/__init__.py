"""Golden files: expected stories for real fixtures. `pytest --update-golden` rewrites them."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def check_golden(name: str, actual: str, update: bool) -> None:
    path = HERE / name
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not update:
            raise AssertionError(f"golden file {name} did not exist; wrote it - review and commit it")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"story differs from tests/golden/{name}; if intended, run pytest --update-golden and review the diff"
    )
