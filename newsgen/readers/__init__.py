"""Readers: one module per source of results, each turning its file into the same records.

:func:`load_results` recognises a file by its content (not its name) and hands it to the
reader for that source:

=========================  =========================================================
``commons_library``        House of Commons Library candidate-level CSV (2010-2024)
=========================  =========================================================
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from newsgen.readers.common import LoadedResults

__all__ = ["LoadedResults", "load_results"]


def load_results(
    path: str | Path,
    *,
    genders: dict[tuple[str, str, str], str] | None = None,
    only: Collection[str] | None = None,
) -> LoadedResults:
    """Load a results file, whichever source it comes from.

    ``only`` (normalised seat names) loads and checks just those seats; ``genders`` gives
    candidates' genders where the source has none (the 2024 by-candidate file).
    """
    from newsgen.readers import commons_library

    return commons_library.load_results(path, genders=genders, only=only)
