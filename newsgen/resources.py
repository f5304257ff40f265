"""Where the bundled data and templates are: inside the installed wheel, or the checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    packaged = _HERE / name  # the wheel force-includes fixtures/ and templates/ here
    if packaged.is_dir():
        return packaged
    return _HERE.parent / name  # running from a checkout


@cache
def fixtures_dir() -> Path:
    return _find("fixtures")


@cache
def templates_dir() -> Path:
    return _find("templates")


GE_FILES: dict[int, str] = {
    2010: "ge-earlier/candidate-level-results-general-election-06-05-2010.csv",
    2015: "ge-earlier/candidate-level-results-general-election-07-05-2015.csv",
    2017: "ge-earlier/candidate-level-results-general-election-08-06-2017.csv",
    2019: "ge-earlier/candidate-level-results-general-election-12-12-2019.csv",
    2024: "ge2024/candidate-level-results-general-election-04-07-2024.csv",
}
DEFAULT_RESULTS = GE_FILES[2024]
GENDERS_2024 = "ge2024/HoC-GE2024-results-by-candidate.csv"
HISTORY = "history/1918-2019election_results.csv"
NOTIONALS_2019 = "notionals2019/results_spreadsheet_for_distribution.csv"
BASELINE_CACHE_2024 = "ge2024/baselines-2024.json"
#: council results: Trafford 2016-2026 (LGA standard), South Yorkshire 2021 (Democracy Club)
TRAFFORD = "local/trafford/trafford_council_election_results.csv"
DEMOCRACY_CLUB_2021 = "local/democracyclub-2021/dc_result_sets_south_yorkshire_2021-05-06.json"
DEMOCRACY_CLUB_2021_CSV = "local/democracyclub-2021/dc_result_sets_south_yorkshire_2021-05-06_flat.csv"


def bundled(relative: str) -> Path:
    return fixtures_dir() / relative


#: bundled results by a short name, for --results (``--results ge2019``): examples work
#: outside the checkout
NAMED: dict[str, str] = {
    **{f"ge{year}": path for year, path in GE_FILES.items()},
    "trafford": TRAFFORD,
    "democracy-club-2021": DEMOCRACY_CLUB_2021,
    "pa-samples": "pa-feed/samples",
    "declaration-example": "declaration-example.yaml",
}


def named_results(value: str) -> Path | None:
    """The bundled results a short name stands for (None: not a bundled name)."""
    relative = NAMED.get(value.strip().lower())
    return bundled(relative) if relative else None
