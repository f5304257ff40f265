"""Forked worker processes for a batch, and how they stop, however the run ends.

The workers are concurrent.futures' ProcessPoolExecutor on the ``fork`` context, so they
inherit the loaded results instead of reading them again. When the run ends early (a full
disk, Ctrl-C, a caller that stops reading), the queued work is cancelled and each worker
finishes the chunk in its hands and exits: none is killed. (multiprocessing.Pool's
``terminate`` kills workers wherever they are; one killed while sending a result keeps
the pool's shared write lock, and the parent then waits for it for ever: cpython#96995,
seen here as a batch hanging after a failed write.) A worker that dies on its own (out of
memory) stops the run with one line, where Pool would wait for its lost chunk for ever.

Ctrl-C reaches every process of a terminal's foreground group; the workers ignore it,
and the parent, which gets it too, stops them as above.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from newsgen.errors import NewsgenError


@contextlib.contextmanager
def worker_pool(
    workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
) -> Iterator[ProcessPoolExecutor]:
    """``workers`` forked processes, each set up by ``initializer(*initargs)``; on leaving
    the block, pending work is cancelled and the workers finish what they hold and exit."""
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_start, initargs=(initializer, initargs)
    )
    try:
        yield pool
    except BrokenProcessPool:
        raise NewsgenError(
            "a worker process of the batch stopped unexpectedly (out of memory, or killed)",
            hint="run the batch again; with fewer workers (-j 1) if memory is short. "
            "Stories already written are kept and unchanged ones are not rewritten",
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    initializer(*initargs)
