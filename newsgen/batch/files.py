"""The output folder: atomic, change-aware writes, and the lock that keeps one batch in it.

A new version is written to a hidden temporary file beside the target and renamed over
it (``os.replace`` is atomic on POSIX and Windows), so an interrupted run leaves either
the old file or the new one, never half of one. Leftover temporaries from a killed run
are removed by :func:`clean_temporaries`.

Two batches writing one folder at once would delete each other's temporaries and leave an
index that disagrees with the stories, so a batch holds :func:`locked` on the folder for
the whole run: an ``fcntl.flock`` on ``.newsgen-lock`` in it, which names the holder (pid,
host, start time, command). The kernel drops a flock when its holder dies, however it
dies, so a killed batch never leaves the folder locked.

Every file name a batch writes is either a story's (a slug, ``[a-z0-9-]+``, a dot and the
format's extension), ``index.json``, or hidden (a leading dot: the lock, temporaries), so
the three kinds cannot collide: the slug ``index`` is reserved (see
``newsgen.batch.runner.free_slug``).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shlex
import socket
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from newsgen.errors import FolderBusy, OutputError

TMP_SUFFIX = ".newsgen-tmp"
LOCK_NAME = ".newsgen-lock"
INDEX_NAME = "index.json"

#: errors that are the folder's or the disk's, not one story's: the run stops at the first
_WHAT_TO_DO = {
    errno.ENOSPC: "the disk is full: free some space, or write to another folder with --out, then run the batch again",
    errno.EDQUOT: "the disk quota is used up: free some space, or write to another folder with --out, "
    "then run the batch again",
    errno.EROFS: "the file system is read-only: write to another folder with --out",
    errno.EACCES: "no permission to write there: fix the folder's permissions, or write to another folder with --out",
    errno.EPERM: "the system does not allow writing there: write to another folder with --out",
}
FOLDER_ERRORS = frozenset(_WHAT_TO_DO)


def output_error(path: str | os.PathLike[str], exc: OSError) -> OutputError:
    """One line: the file, what went wrong, what to do, and what is left behind."""
    todo = _WHAT_TO_DO.get(exc.errno or 0, "check the output folder, then run the batch again")
    return OutputError(
        f"{os.fspath(path)}: cannot write ({exc.strerror or exc}); {todo}. "
        "Stories finished before this one are kept; no half-written file is left."
    )


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
        with contextlib.suppress(OSError):  # gone already, or the folder refuses even that
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
    """Remove temporaries an interrupted run left behind; the number removed.

    Call it holding :func:`locked`: another batch's temporaries are not leftovers."""
    removed = 0
    for tmp in folder.glob(f".*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed


# -- the folder lock --------------------------------------------------------------------------


class _Held:
    __slots__ = ("count", "fd", "path", "pid", "real")

    def __init__(self, fd: int | None, path: str) -> None:
        self.fd = fd
        self.path = path
        self.pid = os.getpid()
        self.count = 1
        self.real = fd is not None  # False: the file system cannot lock; the run went ahead unlocked


#: the folders this process holds, by (device, inode): re-entrant, and forgotten in forked children
_HELD: dict[tuple[int, int], _Held] = {}


def _forget_in_child() -> None:
    """A forked worker must not keep the folder locked if its parent is killed: close its copy
    of the lock's descriptor (closing, unlike LOCK_UN, leaves the parent's lock in place)."""
    for held in _HELD.values():
        if held.fd is not None:
            with contextlib.suppress(OSError):
                os.close(held.fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def holder_text() -> str:
    """Who holds a lock: written into the lock file, read back by a batch that finds it taken."""
    argv = [os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    if argv[0] in ("-c", "-m", "__main__.py"):
        argv[0] = "newsgen"
    return json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "command": shlex.join(argv),
        },
        ensure_ascii=False,
    )


def _describe(raw: bytes) -> str:
    try:
        info = json.loads(raw.decode("utf-8"))
        return f"pid {info['pid']} on {info['host']}, started {info['started']}: {info['command']}"
    except (ValueError, KeyError, TypeError):
        return "its lock file does not say which process it is"


def _read_holder(fd: int) -> bytes:
    """The holder's details; it writes them just after locking, so wait a moment for them."""
    raw = b""
    for _ in range(20):
        raw = os.pread(fd, 4096, 0)
        if raw.strip():
            break
        time.sleep(0.01)
    return raw


@contextlib.contextmanager
def locked(folder: str | os.PathLike[str]) -> Iterator[bool]:
    """Hold the folder's lock for the block; raise :class:`FolderBusy` if another process has it.

    Re-entrant within a process. Yields False when the file system cannot lock files (the run
    goes ahead unlocked), else True. The lock file is removed on release; one left by a killed
    process is taken over (its flock died with it).
    """
    folder = os.fspath(folder)
    try:
        st = os.stat(folder)
    except OSError as exc:
        raise output_error(folder, exc) from None
    key = (st.st_dev, st.st_ino)
    held = _HELD.get(key)
    if held is not None:
        held.count += 1
        try:
            yield held.real
        finally:
            held.count -= 1
        return
    held = _acquire(folder)
    _HELD[key] = held
    try:
        yield held.real
    finally:
        _HELD.pop(key, None)
        _release(held)


def _acquire(folder: str) -> _Held:
    import fcntl

    path = os.path.join(folder, LOCK_NAME)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            raise OutputError(
                f"{folder}: cannot write in the output folder ({exc.strerror or exc}); "
                f"{_WHAT_TO_DO.get(exc.errno or 0, 'check the folder, or write to another one with --out')}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = _describe(_read_holder(fd))
            os.close(fd)
            raise FolderBusy(
                f"{folder}: another newsgen run (a batch or a watcher) is writing this folder ({who}); "
                "wait for it to finish, or write to another folder with --out"
            ) from None
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                os.close(fd)  # a file system without locks: go ahead, as before locks existed
                return _Held(None, path)
            os.close(fd)
            raise output_error(path, exc) from None
        # the holder before us may have removed the file between our open and our flock:
        # then we locked a file no one else will look at; start again on the one in the folder
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        data = holder_text().encode("utf-8")
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)
        raise output_error(path, exc) from None
    return _Held(fd, path)


def _release(held: _Held) -> None:
    if held.fd is None or held.pid != os.getpid():  # unlocked, or a forked child's inherited copy
        return
    # removed while still locked, so a batch waiting on this file sees it replaced and retries
    with contextlib.suppress(OSError):
        os.unlink(held.path)
    os.close(held.fd)
