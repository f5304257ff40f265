"""Reading the docs' examples: fenced code blocks, what each prints, and Markdown tables."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^```(?P<lang>[\w.-]*)\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    code: str
    expected: str | None  # what it prints; None: the doc shows no output
    line: int  # of the block's opening fence


def blocks(text: str, lang: str) -> list[tuple[str, int]]:
    """The bodies of the fenced blocks in ``lang``, each with the line of its opening fence."""
    return [(m.group("body"), text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text) if m["lang"] == lang]


def examples(text: str) -> list[Example]:
    """The ```python blocks of a Markdown text, each with the ```text block right after it."""
    fenced = list(FENCE.finditer(text))
    found = []
    for i, block in enumerate(fenced):
        if block.group("lang") != "python":
            continue
        after = fenced[i + 1] if i + 1 < len(fenced) else None
        shown = after is not None and after.group("lang") == "text" and not text[block.end() : after.start()].strip()
        line = text.count("\n", 0, block.start()) + 1
        found.append(Example(block.group("body"), after.group("body") if shown and after else None, line))
    return found


def run_examples(path: Path, folder: Path) -> Iterator[tuple[Example, str]]:
    """Run each example of ``path`` in ``folder``, in one namespace; yield it with what it printed."""
    namespace: dict[str, object] = {"__name__": "__docs__"}
    text = path.read_text(encoding="utf-8")
    with contextlib.chdir(folder):
        for example in examples(text):
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(compile(example.code, f"{path.name}:{example.line}", "exec"), namespace)
            yield example, printed.getvalue()


def section(text: str, heading: str) -> str:
    """The text from ``heading`` (a whole line) to the next heading of the same level or higher."""
    start = text.index(f"\n{heading}\n") + 1
    level = len(heading) - len(heading.lstrip("#"))
    end = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(text, start + len(heading))
    return text[start : end.start() if end else len(text)]


def table(text: str, first_column: str) -> list[list[str]]:
    """The rows of the first Markdown table in ``text`` whose header begins ``| first_column |``,
    as cells with their outer spaces removed and ``\\|`` read as ``|``."""
    start = text.index(f"| {first_column} |")
    lines = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        lines.append(line)
    rows = []
    for line in lines:
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([cell.strip().replace("\\|", "|") for cell in cells])
    return rows


def code(cell: str) -> str:
    """A cell's text without the backticks around it (as written where there are none)."""
    return cell[1:-1] if len(cell) > 1 and cell.startswith("`") and cell.endswith("`") else cell
