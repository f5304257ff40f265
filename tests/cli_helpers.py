"""Running the CLI as a user would, and what a refusal must look like."""

from __future__ import annotations

from click.testing import CliRunner, Result

from newsgen.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def refused(result: Result, *expected: str, code: int = 1) -> None:
    """Exit ``code`` with one "Error: ..." message holding each expected text, and no traceback
    (1: the data or files stopped it; 2: it asked for what does not exist: newsgen.errors.EXIT_CODES)."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("Error: ")
    for text in expected:
        assert text in result.output, result.output
