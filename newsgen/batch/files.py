"""Atomic, change-aware file writes: a file is replaced only when its bytes differ.

A new version is written to a hidden temporary file beside the target and renamed over
it (``os.replace`` is atomic on POSIX and Windows), so an interrupted run leaves either
the old file or the new one, never half of one. Leftover temporaries from a killed run
are removed by :func:`clean_temporaries`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

TMP_SUFFIX = ".newsgen-tmp"


def read_bytes(path: str | os.PathLike[str]) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    # os-level calls: half the cost of pathlib and a buffered file, and a batch writes thousands
    target = os.fspath(path)
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_if_changed(
    path: str | os.PathLike[str], data: bytes, old: bytes | None = None, *, known: bool = False
) -> bool:
    """Write ``data`` unless the file already holds exactly it; True when written.

    Pass ``known=True`` with ``old`` (None for a missing file) when the caller has read it.
    """
    if not known:
        old = read_bytes(path)
    if old == data:
        return False
    write_atomic(path, data)
    return True


def clean_temporaries(folder: Path) -> int:
    """Remove temporaries an interrupted run left behind; the number removed."""
    removed = 0
    for tmp in folder.glob(f".*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed
