"""``newsgen check``: re-read written stories and check every figure against the facts.

Catches a hand edit that changed a figure after the story was written. Also validates a
results CSV before a batch (``newsgen check results.csv``).
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from newsgen.cli.common import context_option, handle_errors, results_option
from newsgen.errors import NewsgenError

STORY_SUFFIXES = (".md", ".txt", ".html", ".json")
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(?:p|h1|h2|caption|tr|tfoot|thead|tbody|table|article|li|br)\b[^>]*>", re.I)
_CAPTION = re.compile(r"^(?:## )?(?P<seat>.+?): full result$", re.I | re.M)
_SEAT_IDS = re.compile(r'data-seats="([^"]*)"')


@dataclass
class FileResult:
    """The outcome of checking one written story."""

    path: Path
    figures: int = 0
    problems: list[str] = field(default_factory=list)
    skipped: str | None = None


def plain_text(path: Path, raw: str) -> str:
    """The words a reader sees: markup stripped from Markdown and HTML."""
    if path.suffix == ".html":
        text = _BLOCK.sub("\n", raw)
        text = re.sub(r"</t[dh]>", " | ", text)
        return html.unescape(_TAG.sub("", text))
    if path.suffix == ".md":
        lines = []
        for line in raw.splitlines():
            line = line.lstrip("#").strip()
            if set(line) <= set("|-: "):
                continue
            lines.append(line.replace("**", "").replace("\\|", "|"))
        return html.unescape("\n".join(lines))  # the |md filter's entities
    return raw


def _story_json(data: Any) -> bool:
    return isinstance(data, dict) and "facts" in data and "paragraphs" in data


def _json_text(data: Mapping[str, Any]) -> str:
    """A story JSON's text: what the verifier reads, then its result tables as lines."""
    parts = [data["headline"], data["standfirst"], *data["paragraphs"]]
    for table in data.get("tables") or ():
        parts.append(f"{table['seat']}: full result")
        for row in table["rows"]:
            # a ward of several seats has no shares; a seat with no baseline, no change
            share = "" if row.get("share") is None else f" {row['share']:.1f}"
            change = "" if row.get("change") is None else f" {row['change']:+.1f}"
            parts.append(f"{row['name']} ({row['party']}) {row['votes']:,}{share}{change}")
        totals = []
        if table.get("majority") is not None:
            totals.append(f"Majority {table['majority']:,}.")
        if table.get("electorate") is not None:
            totals.append(f"Electorate {table['electorate']:,}.")
        if table.get("turnout") is not None:
            places = 1 if table.get("turnout_published") else 2
            totals.append(f"Turnout {table['turnout']:.{places}f}%.")
        if totals:
            parts.append(" ".join(totals))
    return "\n\n".join(parts)


class _Facts:
    """Facts for a written story: its own JSON, a sibling JSON, or re-derived from the results."""

    def __init__(self, results: str | None, context_file: str | None) -> None:
        self.results = results
        self.context_file = context_file
        self._dataset: Any = None

    @property
    def dataset(self) -> Any:
        if self._dataset is None:
            from newsgen.cli.common import load_dataset

            self._dataset = load_dataset(self.results, self.context_file)
        return self._dataset

    def for_text(self, path: Path, raw: str, text: str) -> list[dict[str, Any]] | None:
        sibling = _sibling_json(path)
        if sibling is not None:
            return list(sibling["facts"])
        ids = _SEAT_IDS.search(raw)
        names: list[str] = []
        if ids:
            wanted = set(ids.group(1).split())
            names = [c.name for c in self.dataset.election.contests if c.seat_id in wanted]
        if not names:
            by_key = {n.casefold(): n for n in self.dataset.seat_names}
            names = [
                by_key[m["seat"].strip().casefold()]
                for m in _CAPTION.finditer(text)
                if m["seat"].strip().casefold() in by_key
            ]
        if not names:
            return None
        return [self.dataset.facts(n).to_dict() for n in names]

    def context_strings(self) -> tuple[list[str], list[str]]:
        """Newsroom text printed verbatim (venues, quote roles, area places) and quoted speakers."""
        from newsgen.verify import context_strings

        return context_strings(self.dataset.context if self.context_file else None)


def _sibling_json(path: Path) -> dict[str, Any] | None:
    stem = path.name.split(".", 1)[0]
    candidate = path.with_name(f"{stem}.json")
    if candidate == path or not candidate.exists():
        return None
    try:
        data = json.loads(candidate.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if _story_json(data) else None


def check_file(path: Path, facts_source: _Facts) -> FileResult:
    """Check one written story file."""
    from newsgen.verify import check_text

    result = FileResult(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        result.problems.append(f"cannot be read ({exc})")
        return result
    facts: Sequence[Mapping[str, Any]] | None
    if path.suffix == ".json":
        try:
            data = json.loads(raw)
        except ValueError as exc:
            result.problems.append(f"is not valid JSON ({exc})")
            return result
        if _story_json(data):
            facts = data["facts"]
            text = _json_text(data)
            if data.get("text") is not None and data["text"] != "\n\n".join(
                [data["headline"], data["standfirst"], *data["paragraphs"]]
            ):
                result.problems.append("its 'text' differs from its headline, standfirst and paragraphs")
        elif isinstance(data, dict) and ("body_html" in data or "bodies" in data):
            body = data.get("body_html") or next((b.get("value", "") for b in data.get("bodies") or ()), "")
            headline = data.get("headline") or next((h.get("value", "") for h in data.get("headlines") or ()), "")
            text = f"{headline}\n\n" + plain_text(Path("x.html"), body)
            facts = facts_source.for_text(path, body, text)
        else:
            result.skipped = "not a newsgen story"
            return result
    else:
        text = plain_text(path, raw)
        facts = facts_source.for_text(path, raw, text)
    if not facts:
        result.problems.append("names no seat in the results, so its figures cannot be checked")
        return result
    literals, speakers = facts_source.context_strings()
    found = check_text(text, facts, literals=literals, speakers=speakers)
    result.figures = sum(1 for p in found.provenance if p["kind"] not in ("quote", "name", "seat"))
    result.problems.extend(str(p) for p in found.problems)
    return result


def story_files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix in STORY_SUFFIXES and p.name != "index.json" and not p.name.startswith(".")
            )
        elif path.exists():
            out.append(path)
        else:
            raise NewsgenError(f"{path}: no such file or folder", hint="give the folder a batch wrote, or story files")
    return out


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@results_option
@context_option
@click.option(
    "--previous",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="An earlier revision of the results CSV: list each corrected seat and diff its story.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the files with problems.")
@handle_errors
def command(
    paths: tuple[Path, ...], results: str | None, context_file: str | None, previous: Path | None, quiet: bool
) -> None:
    """Check every figure in written stories (.md, .txt, .html, .json) against the facts.

    A .json story carries its facts; for the other formats the facts come from the sibling
    .json, or are worked out again from the results (--results, default the bundled 2024
    file). A .csv PATH is a results file: it is validated as a batch would load it, and with
    --previous each seat corrected since that revision is listed with a diff of its story.
    Exit status 1 when any figure is unsupported.

    \b
    Examples:
      newsgen batch --out stories/ --format md,json && newsgen check stories/
      newsgen check stories/southend-west-and-leigh.md
      newsgen check my-results.csv
      newsgen check results-v2.csv --previous results-v1.csv
    """
    failed = 0
    csvs = [p for p in paths if p.suffix.lower() == ".csv"]
    for csv_path in csvs:
        from newsgen.validate import validate_file

        report = validate_file(csv_path)
        for line in report.lines():
            if not quiet or not line.startswith("warning"):
                click.echo(line)
        failed += len(report.errors)
        if previous is not None:
            from newsgen.context import load_context
            from newsgen.revisions import revise, summarise

            context = load_context(context_file) if context_file else None
            revisions = revise(previous, csv_path, context=context)
            click.echo(f"{len(revisions)} seats differ from {previous}")
            if revisions:
                click.echo(summarise(revisions))
    others = [p for p in paths if p.suffix.lower() != ".csv"]
    if others:
        facts_source = _Facts(results, context_file)
        files = story_files(others)
        checked = 0
        for path in files:
            result = check_file(path, facts_source)
            if result.skipped:
                continue
            checked += 1
            if result.problems:
                failed += 1
                click.echo(f"REFUSED {path}")
                for problem in result.problems:
                    click.echo(f"  {problem}")
            elif not quiet:
                click.echo(f"ok {path} ({result.figures} figures)")
        if not quiet or failed:
            click.echo(f"{checked} stories checked, {failed} with unsupported figures or names")
        if failed and not context_file:
            click.echo(
                "(a story written with --context prints the newsroom's notes and quotes: "
                "check it with the same --context)"
            )
    if failed:
        sys.exit(1)
