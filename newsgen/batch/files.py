"""Atomic, change-aware file writes: a file is replaced only when its bytes differ.

A new version is written to a hidden temporary file beside the target and renamed over
it (``os.replace`` is atomic on POSIX and Windows), so an interrupted run leaves either
the old file or the new one, never half of one. Leftover temporaries from a killed run
are removed by :func:`clean_temporaries`.
"""

from __future__ import annotations

import os
from pathlib import Path

TMP_SUFFIX = ".newsgen-tmp"


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes, old: bytes | None = None, *, known: bool = False) -> bool:
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
