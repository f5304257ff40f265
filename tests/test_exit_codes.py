"""The same exit status for the same mistake, whichever command makes it (newsgen.errors.EXIT_CODES):
2 when the command asks for something that does not exist, 1 when the data or files stop it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main

ASKED_FOR_WHAT_DOES_NOT_EXIST = 2
FILES_STOPPED_IT = 1

CASES = {
    "unknown seat": [
        ["story", "Nowhere West"],
        ["angles", "Nowhere West"],
        ["batch", "--out", "{tmp}/o", "--only", "Nowhere West"],
        ["story", "Nowhere West", "--results", "trafford"],
    ],
    "unknown format": [
        ["story", "Chorley", "--format", "docx"],
        ["batch", "--out", "{tmp}/o", "--format", "md,docx"],
        ["watch", "{tmp}", "--out", "{tmp}/o", "--format", "docx", "--once"],
    ],
    "unknown angle": [
        ["story", "Chorley", "--lead", "landslip"],
        ["batch", "--out", "{tmp}/o", "--drop", "landslip"],
        ["watch", "{tmp}", "--out", "{tmp}/o", "--lead", "landslip", "--once"],
        ["serve", "--port", "0", "--lead", "landslip"],
    ],
    "unknown style": [
        ["story", "Chorley", "--style", "tabloid"],
        ["batch", "--out", "{tmp}/o", "--style", "tabloid"],
        ["watch", "{tmp}", "--out", "{tmp}/o", "--style", "tabloid", "--once"],
        ["serve", "--port", "0", "--style", "tabloid"],
    ],
    "unknown election": [
        ["story", "Altrincham", "--results", "trafford", "--election", "1999-05-06"],
        ["seats", "--results", "trafford", "--election", "1999-05-06"],
        ["batch", "--out", "{tmp}/o", "--results", "trafford", "--election", "1999-05-06"],
    ],
    "unknown option or command": [
        ["story", "Chorley", "--colour"],
        ["batch", "--out", "{tmp}/o", "--colour"],
        ["publsh"],
    ],
    "a bad setting in newsgen.toml": [
        ["story", "Chorley", "--config", "{tmp}/bad-key.toml"],
        ["batch", "--out", "{tmp}/o", "--config", "{tmp}/bad-key.toml"],
    ],
}

FILE_CASES = {
    "a missing results file": [
        ["story", "Chorley", "--results", "{tmp}/nope.csv"],
        ["angles", "Chorley", "--results", "{tmp}/nope.csv"],
        ["seats", "--results", "{tmp}/nope.csv"],
        ["batch", "--out", "{tmp}/o", "--results", "{tmp}/nope.csv"],
        ["serve", "--port", "0", "--results", "{tmp}/nope.csv", "--db", "{tmp}/c.db"],
    ],
    "a broken results file": [
        ["story", "Chorley", "--results", "{tmp}/broken.csv"],
        ["seats", "--results", "{tmp}/broken.csv"],
        ["batch", "--out", "{tmp}/o", "--results", "{tmp}/broken.csv"],
    ],
    "a missing context file": [
        ["story", "Chorley", "--context", "{tmp}/nope.yaml"],
        ["batch", "--out", "{tmp}/o", "--context", "{tmp}/nope.yaml"],
        ["watch", "{tmp}", "--out", "{tmp}/o", "--context", "{tmp}/nope.yaml", "--once"],
    ],
    "a missing templates folder": [
        ["story", "Chorley", "--templates", "{tmp}/nope"],
        ["batch", "--out", "{tmp}/o", "--templates", "{tmp}/nope"],
        ["watch", "{tmp}", "--out", "{tmp}/o", "--templates", "{tmp}/nope", "--once"],
    ],
    "a missing folder or config file": [
        ["watch", "{tmp}/no-inbox", "--out", "{tmp}/o"],
        ["story", "Chorley", "--config", "{tmp}/nope.toml"],
        ["story", "Chorley", "--config", "{tmp}/not-toml.toml"],
    ],
}


def _files(tmp: Path) -> None:
    (tmp / "broken.csv").write_text("this is,not a results file\n1,2\n", encoding="utf-8")
    (tmp / "bad-key.toml").write_text('stlye = "bbc"\n', encoding="utf-8")
    (tmp / "not-toml.toml").write_text("style = \n", encoding="utf-8")


def _invoke(args: list[str], tmp: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [a.replace("{tmp}", str(tmp)) for a in args])
    assert "Traceback" not in result.output, result.output
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    return result.exit_code, result.output


@pytest.mark.parametrize("mistake", sorted(CASES))
def test_asking_for_what_does_not_exist_is_status_2_everywhere(mistake: str, tmp_path: Path) -> None:
    _files(tmp_path)
    for args in CASES[mistake]:
        code, output = _invoke(args, tmp_path)
        assert code == ASKED_FOR_WHAT_DOES_NOT_EXIST, (args, output)
        assert "Error" in output, (args, output)


@pytest.mark.parametrize("mistake", sorted(FILE_CASES))
def test_a_missing_or_broken_file_is_status_1_everywhere(mistake: str, tmp_path: Path) -> None:
    _files(tmp_path)
    for args in FILE_CASES[mistake]:
        code, output = _invoke(args, tmp_path)
        assert code == FILES_STOPPED_IT, (args, output)
        assert output.startswith("Error: "), (args, output)


def test_the_codes_are_in_the_help() -> None:
    text = CliRunner().invoke(main, ["--help"]).output
    assert "Exit status, the same in every command" in text
    assert "1  the data, a file or the disk stopped the work" in text
    assert "2  the command asked for something that does not exist" in text
