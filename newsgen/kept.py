"""Plain data worked out from a bundled file, kept between runs so the next run need not.

A one-seat `newsgen story` would otherwise spend most of its time reading whole bundled
files to use a few lines of each: the 2024 results (:mod:`newsgen.readers.seat_cache`),
the baselines file, the who's who. (The language libraries' answers are kept in the same
folder: :mod:`newsgen.render.words`.) What is kept is plain data (dicts, lists, strings,
numbers, bytes), written with :mod:`marshal` into the user's cache folder
(``$XDG_CACHE_HOME/newsgen/kept``, else ``~/.cache/newsgen/kept``).

An entry is named by the file's path, size and modification time and by the size and
modification time of the code that worked it out (``code``: module files): a changed file,
or changed code, is read afresh and its entry replaced. Only bundled files are kept (a
newsroom's own file may change between any two runs). ``NEWSGEN_NO_CACHE=1`` turns it
off, as for the compiled templates; an unreadable or unwritable folder just means no cache.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsgen import resources

__all__ = ["code_stamp", "folder", "keep", "load", "read", "wanted", "write"]


def folder() -> Path | None:
    """Where entries are kept; None when caching is off."""
    if os.environ.get("NEWSGEN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsgen" / "kept"


def code_stamp(code: Iterable[str]) -> tuple[int, int]:
    """The total size and latest modification time of the code's files."""
    size, mtime = 0, 0
    for module in code:
        stat = os.stat(module)
        size, mtime = size + stat.st_size, max(mtime, stat.st_mtime_ns)
    return size, mtime


def _entry(path: Path, kind: str, code: Iterable[str], layout: int) -> tuple[Path, str] | None:
    """The entry of ``kind`` for a bundled file as it is now, and the prefix of every such
    entry for it; None when the file is not bundled, or there is no cache."""
    where = folder()
    if where is None:
        return None
    try:
        real = path.resolve()
        if not real.is_relative_to(resources.fixtures_dir()):
            return None
        stat = real.stat()
        code_size, code_mtime = code_stamp(code)
    except OSError:
        return None
    prefix = f"{real.stem}-{kind}-{zlib.crc32(str(real).encode()):08x}"
    stamp = f"{stat.st_size}-{stat.st_mtime_ns}-{code_size}-{code_mtime}-{layout}"
    return where / f"{prefix}-{stamp}.marshal", prefix


def load(path: Path, kind: str, *, code: Iterable[str], layout: int = 1) -> Any:
    """What was kept of ``kind`` for ``path`` (and ``code``, ``layout``) as they are now, or None."""
    entry = _entry(path, kind, code, layout)
    data = read(entry[0]) if entry is not None else None
    if not isinstance(data, dict) or data.get("source") != str(path.resolve()):
        return None  # nothing kept, or another file's entry under the same name
    return data.get("value")


def wanted(path: Path, kind: str, *, code: Iterable[str], layout: int = 1) -> bool:
    """Whether :func:`keep` would write an entry of ``kind`` for ``path`` (and ``code``,
    ``layout``) as they are now: caching is on, the file is bundled and none is kept yet. A
    caller can skip working out a value that would not be written."""
    entry = _entry(path, kind, code, layout)
    return entry is not None and not entry[0].exists()


def keep(path: Path, kind: str, value: Any, *, code: Iterable[str], layout: int = 1) -> None:
    """Keep ``value`` (plain data) as ``kind`` for ``path`` as it is now, unless it is kept
    already; entries of that kind for the file as it was are removed."""
    entry = _entry(path, kind, code, layout)
    if entry is None:
        return
    target, prefix = entry
    if not target.exists():
        write(target, {"source": str(path.resolve()), "value": value}, replaces=f"{prefix}-*.marshal")


def read(entry: Path) -> Any:
    """The value marshalled in an entry, or None: missing, or damaged (then removed, so that
    the next write keeps it afresh)."""
    try:
        return marshal.loads(entry.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError, EOFError, TypeError):
        with contextlib.suppress(OSError):
            entry.unlink()
        return None


def write(entry: Path, value: Any, *, replaces: str) -> None:
    """Marshal ``value`` into ``entry``, whole or not at all (a reader never sees half of
    it); the other entries of the folder matching the glob ``replaces`` (what it stands in
    for) are removed. A folder that refuses just means nothing is kept."""
    temporary: str | None = None
    try:
        blob = marshal.dumps(value)
        entry.parent.mkdir(parents=True, exist_ok=True)
        for stale in entry.parent.glob(replaces):
            if stale != entry:
                with contextlib.suppress(OSError):
                    stale.unlink()
        with tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", delete=False) as fh:
            temporary = fh.name
            fh.write(blob)
        os.replace(temporary, entry)
    except (OSError, ValueError):
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
