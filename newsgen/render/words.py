"""The words num2words and inflect gave before, kept between runs.

A story asks the language libraries a handful of questions ("three", "fourth", "votes",
"an SNP hold"), nearly always the same few hundred across every story; but importing
num2words (every language it knows) and inflect costs a one-seat `newsgen story` more
than a tenth of its start-up. Each answer is kept in one small file beside the other
cached data (:func:`newsgen.kept.folder`), so a later run asks the libraries only what
they have not answered before. The libraries stay the source of every word: the file is
named by their installed files' sizes and modification times, so an upgrade of either
starts it afresh; ``NEWSGEN_NO_CACHE=1`` turns it off; a damaged or unwritable file just
means asking the libraries.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import cache
from pathlib import Path

from newsgen import kept

__all__ = ["answer"]

#: the libraries whose answers are kept (a change to either's files starts the file afresh)
LIBRARIES = ("num2words", "inflect")

Key = tuple[str, str | int]

_known: dict[Key, str] | None = None


@cache
def _path() -> Path | None:
    where = kept.folder()
    if where is None:
        return None
    origins = []
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)  # finds the package without importing it
        if spec is None or spec.origin is None:
            return None
        origins.append(spec.origin)
    try:
        size, mtime = kept.code_stamp(origins)
    except OSError:
        return None
    return where / f"words-{size}-{mtime}.marshal"


def _load() -> dict[Key, str]:
    global _known
    if _known is None:
        path = _path()
        data = kept.read(path) if path is not None else None
        _known = data if isinstance(data, dict) else {}
    return _known


def answer(question: str, key: str | int, ask: Callable[[], str]) -> str:
    """The libraries' answer to ``question`` about ``key``: kept, or ``ask()`` and kept."""
    known = _load()
    found = known.get((question, key))
    if found is None:
        found = known[(question, key)] = ask()
        _save(known)
    return found


def _save(known: dict[Key, str]) -> None:
    path = _path()
    if path is not None:
        kept.write(path, known, replaces="words-*.marshal")  # and other versions' answers
