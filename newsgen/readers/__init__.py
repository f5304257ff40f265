"""Readers: one module per source of results, each turning its file into the same records.

:func:`load_results` recognises a file by its content (not its name) and hands it to the
reader for that source:

=====================  ===============================================================
``commons_library``    House of Commons Library candidate-level CSV (2010-2024)
``lga``                a council's results in the LGA open-data standard (CSV)
``democracy_club``     Democracy Club result sets: the API's JSON, or its flat CSV
``pa``                 PA's election feed: XML messages, one file or a folder of them
``declaration``        a result typed at the count (YAML; ``newsgen declaration new``)
=====================  ===============================================================
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from newsgen.errors import DataError
from newsgen.readers.common import LoadedResults

__all__ = ["LoadedResults", "detect", "load_results"]


def detect(head: str) -> str:
    """Which source a file's first few kilobytes of text come from (a reader's module name)."""
    text = head.lstrip("\ufeff").lstrip()
    first_line = text.split("\n", 1)[0]
    if "Constituency geographic code" in first_line:  # the Commons Library's header
        return "commons_library"
    from newsgen.readers import democracy_club, lga

    if text.startswith("<"):
        return "pa"
    if text[:1] in ("[", "{") and "ballot_paper_id" in text:
        return "democracy_club"
    if all(tell in first_line for tell in lga.HEADER_TELLS):
        return "lga"
    if all(tell in first_line for tell in democracy_club.CSV_TELLS):
        return "democracy_club"
    if "Constituency geographic code" not in first_line:  # not the Commons Library's header: a declaration?
        from newsgen.readers import declaration

        lines = [line for line in text.splitlines() if line[:1].isalpha()]  # top-level YAML keys
        if all(any(line.startswith(tell) for line in lines) for tell in declaration.TELLS):
            return "declaration"
    return "commons_library"


def load_results(
    path: str | Path,
    *,
    genders: dict[tuple[str, str, str], str] | None = None,
    only: Collection[str] | None = None,
    election: str | None = None,
) -> LoadedResults:
    """Load a results file, whichever source it comes from.

    ``only`` (normalised seat names or GSS codes) loads and checks just those seats of a general election
    (a council file is small, and a council's story needs every ward); ``genders`` gives
    candidates' genders where the source has none (the 2024 by-candidate file); ``election``
    picks one election (a date or an id) from a file that holds several.
    """
    path = Path(path)
    if path.is_dir():
        source = "pa"  # a folder of PA messages, as they arrive on the night
    else:
        try:
            with path.open("rb") as fh:
                head = fh.read(8192).decode("utf-8", "replace")
        except OSError:
            head = ""  # the reader reports the problem, naming the file
        source = detect(head)
    if source == "pa":
        from newsgen.readers import pa

        return pa.load_results(path, election=election)
    if source == "declaration":
        from newsgen.readers import declaration

        return declaration.load_results(path)
    if source == "lga":
        from newsgen.readers import lga

        return lga.load_results(path, election=election)  # a council's story needs every ward
    if source == "democracy_club":
        from newsgen.readers import democracy_club

        return democracy_club.load_results(path, election=election)
    from newsgen.readers import commons_library

    if election is not None:
        loaded = commons_library.load_results(path, genders=genders, only=only)
        if election not in (loaded.election.polling_date.isoformat(), loaded.election.id):
            raise DataError(
                f"holds only the general election of {loaded.election.polling_date.isoformat()}, not {election!r}",
                file=path.name,
                hint="leave out --election, or pass that date",
            )
        return loaded
    return commons_library.load_results(path, genders=genders, only=only)
