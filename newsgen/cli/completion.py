"""Shell completion: seat names, angle ids and bundled results, for click's completion.

Turn it on once per shell (the README and `newsgen --help` say how)::

    eval "$(_NEWSGEN_COMPLETE=bash_source newsgen)"     # bash, in ~/.bashrc
    eval "$(_NEWSGEN_COMPLETE=zsh_source newsgen)"      # zsh, in ~/.zshrc
    _NEWSGEN_COMPLETE=fish_source newsgen | source      # fish

A seat completes to its slug (``southend-west-and-leigh``: no spaces to quote, and every
command takes it), matched on the slug, the name or the GSS code, with the name beside it
where the shell shows descriptions (zsh, fish). The seats are those of ``--results`` when it
comes earlier on the line (or from newsgen.toml / NEWSGEN_RESULTS), else the bundled 2024 file.
"""

from __future__ import annotations

import csv
from pathlib import Path

import click
from click.shell_completion import CompletionItem

from newsgen.baselines.names import normalise, slug


def seat_names(results: str | None) -> list[tuple[str, str]]:
    """``(name, code)`` of each seat, ward and council the results give, cheaply: a Commons
    Library file's two columns are read without checking the rest; other sources are loaded."""
    from newsgen import resources
    from newsgen.readers import detect

    path = Path(results) if results else resources.bundled(resources.DEFAULT_RESULTS)
    if results and not path.exists():
        named = resources.named_results(results)
        if named is None:
            return []
        path = named
    if path.is_file():
        with path.open("rb") as fh:
            head = fh.read(8192).decode("utf-8", "replace")
        if detect(head) == "commons_library":
            return _commons_library_names(path)
    from newsgen.readers import load_results

    loaded = load_results(path)
    out = [(c.name, c.seat_id) for c in loaded.election.contests]
    out += [(c.name, c.id) for c in loaded.election.councils]
    return out


def _commons_library_names(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        try:
            name_at, code_at = header.index("Constituency name"), header.index("Constituency geographic code")
        except ValueError:
            return []
        seen: dict[str, str] = {}
        for row in reader:
            if len(row) > max(name_at, code_at):
                seen.setdefault(row[name_at], row[code_at])
    return list(seen.items())


def complete_seats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Seats whose slug, name or code starts with what is typed (or has a word that does)."""
    try:
        seats = seat_names(ctx.params.get("results"))
    except Exception:  # completion must never print a traceback into the user's prompt
        return []
    typed = normalise(incomplete.replace("-", " ")) if incomplete else ""
    code = incomplete.strip().upper()
    items = []
    for name, seat_code in seats:
        key = normalise(name)
        by_code = bool(code) and seat_code.upper().startswith(code)
        if not typed or f" {typed}" in f" {key}" or by_code:
            items.append(CompletionItem(slug(name), help=name))
    return items


def complete_angles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from newsgen.angles import ANGLE_IDS
    from newsgen.angles.local import LOCAL_ANGLE_IDS

    return [CompletionItem(a) for a in (*ANGLE_IDS, *LOCAL_ANGLE_IDS) if a.startswith(incomplete)]


def complete_results(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The bundled results by name, then files and folders."""
    from newsgen.resources import NAMED

    named = [CompletionItem(n, help="bundled results") for n in NAMED if n.startswith(incomplete)]
    return [*named, CompletionItem(incomplete, type="file")]
