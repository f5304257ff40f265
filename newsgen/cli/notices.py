"""The loader's warnings on stderr: about your own files every time, about the bundled data once.

A warning about a file newsgen ships (the 2024 file's double-encoded "Áine", its two Greg
Smiths) says the same thing on every run and there is nothing for the user to fix, so each is
printed the first time only, with a pointer to ``newsgen seats --warnings``, which lists them
all again. What has been shown is remembered in ``$XDG_STATE_HOME/newsgen/warnings-shown``
(``~/.local/state/...``); if that cannot be written, the warnings are simply shown every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import click


def state_file() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "newsgen" / "warnings-shown"


def is_bundled(path: str | Path | None) -> bool:
    """Whether the results file is one newsgen ships (the default, or ``--results ge2019``)."""
    from newsgen import resources

    if path is None:
        return True
    try:
        return Path(path).resolve().is_relative_to(resources.fixtures_dir().resolve())
    except OSError:
        return False


def show(warnings: Iterable[str], results_path: str | Path | None) -> None:
    """Print each warning as ``Warning: ...``; those about a bundled file (they begin with its
    name), only if not shown before."""
    from newsgen import resources

    path = Path(results_path) if results_path else resources.bundled(resources.DEFAULT_RESULTS)
    bundled = is_bundled(path)
    seen = _seen() if bundled else set()
    new = []
    for warning in warnings:
        about_bundled = bundled and warning.startswith(path.name)
        if about_bundled and _key(warning) in seen:
            continue
        click.echo(f"Warning: {warning}", err=True)
        if about_bundled:
            new.append(warning)
    if new:
        click.echo(
            "(Warnings about the bundled data are shown once; `newsgen seats --warnings` lists them again.)", err=True
        )
        _remember(seen | {_key(w) for w in new})


def _key(warning: str) -> str:
    first_line = warning.splitlines()[0] if warning else ""  # batch shows the first line, story all of it
    return hashlib.sha256(first_line.encode("utf-8")).hexdigest()[:20]


def _seen() -> set[str]:
    try:
        return set(state_file().read_text(encoding="utf-8").split())
    except (OSError, UnicodeDecodeError):
        return set()


def _remember(keys: set[str]) -> None:
    path = state_file()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text("\n".join(sorted(keys)) + "\n", encoding="utf-8")
        os.replace(tmp, path)
