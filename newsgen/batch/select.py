"""``--only``: which seats a batch writes.

Each ``--only`` value is one term; several terms of the same kind add up, terms of
different kinds narrow each other (``--only gains --only region:London`` is London's
gains). A value may hold several terms separated by ``;``.

    gains | holds               the result against the baseline
    region:NAME                 an English region (``region:North West``)
    country:NAME                England, Scotland, Wales, Northern Ireland
    party:CODE                  the winner's party, by code or name (``party:LD``)
    @FILE                       seat names, one a line
    NAME                        a region or country by its bare name, else a seat name
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsgen.baselines.names import normalise
from newsgen.errors import NewsgenError, RequestError

if TYPE_CHECKING:
    from newsgen.pipeline import Dataset

Test = Callable[[str], bool]


def parse_terms(values: Iterable[str]) -> list[str]:
    return [t.strip() for v in values for t in v.split(";") if t.strip()]


def select_seats(dataset: Dataset, only: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """The seats to write, in results-file order, and the names asked for that were set aside."""
    terms = parse_terms(only)
    names = dataset.seat_names
    if not terms:
        return names, list(dataset.loaded.rejected)
    contests = {c.name: c for c in dataset.election.contests}
    regions = {normalise(c.region): c.region for c in contests.values() if c.region}
    countries = {normalise(c.country): c.country for c in contests.values() if c.country}
    rejected = {normalise(k): k for k in dataset.loaded.rejected}
    kinds: dict[str, list[Test]] = {}
    wanted_rejected: list[str] = []

    def add(kind: str, test: Test) -> None:
        kinds.setdefault(kind, []).append(test)

    def add_name(name: str) -> None:
        if normalise(name) in rejected:
            wanted_rejected.append(rejected[normalise(name)])
            return
        seat = dataset.contest(name).name  # raises UnknownSeatError with a hint
        add("name", lambda s, seat=seat: s == seat)

    for term in terms:
        kind, _, value = term.partition(":")
        key = normalise(value)
        if term.lower() in ("gains", "gain"):
            add("result", lambda s: dataset.facts(s).result == "gain")
        elif term.lower() in ("holds", "hold"):
            add("result", lambda s: dataset.facts(s).result == "hold")
        elif kind.lower() == "region" and value:
            _known(key, regions, "region", term)
            add("region", lambda s, key=key: normalise(contests[s].region or "") == key)
        elif kind.lower() == "country" and value:
            _known(key, countries, "country", term)
            add("country", lambda s, key=key: normalise(contests[s].country) == key)
        elif kind.lower() == "party" and value:
            add(
                "party",
                lambda s, key=key: (
                    key
                    in (normalise(contests[s].candidates[0].party_code), normalise(dataset.facts(s).winning_party.name))
                ),
            )
        elif term.startswith("@"):
            for line in _read_list(Path(term[1:])):
                add_name(line)
        elif (bare := normalise(term)) in regions:
            add("region", lambda s, key=bare: normalise(contests[s].region or "") == key)
        elif bare in countries:
            add("country", lambda s, key=bare: normalise(contests[s].country) == key)
        else:
            add_name(term)
    chosen = [s for s in names if all(any(t(s) for t in tests) for tests in kinds.values())] if kinds else []
    if not kinds:  # only set-aside seats were named
        return [], wanted_rejected
    # a seat that could not be loaded cannot be tested against a filter: report it unless names were given
    set_aside = wanted_rejected if set(kinds) <= {"name"} else list(dataset.loaded.rejected)
    return chosen, set_aside


def _known(key: str, known: dict[str, str | None], what: str, term: str) -> None:
    if key not in known:
        raise RequestError(
            f"--only {term!r}: no {what} of that name in the results",
            hint=f"{what}s in the file: " + ", ".join(sorted(str(v) for v in known.values())),
        )


def _read_list(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise NewsgenError(f"--only @{path}: cannot read the seat list ({exc.strerror})") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
