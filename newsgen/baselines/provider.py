"""Baselines for every seat of an election, computed on demand from the bundled files.

For the bundled 2024 results the work is done once, ahead of time, and shipped as
``fixtures/ge2024/baselines-2024.json`` (``python -m newsgen.baselines`` rebuilds it; a
test checks it equals a fresh build). Other results files, and seats whose
predecessors a newsroom overrides, are computed from the raw files when first asked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from newsgen import resources
from newsgen.baselines.models import Baseline, MemberTenure, NotionalResult, PreviousResult, SeatHistory
from newsgen.baselines.names import normalise, tokens
from newsgen.baselines.predecessors import OldSeats
from newsgen.baselines.sources import member_tenures, previous_results, read_history, read_notionals
from newsgen.records.loader import load_results
from newsgen.records.models import Contest, Election, SourceRef

#: 2024 is the first election on the new boundaries: its baseline is the notional 2019 result.
NOTIONAL_BOUNDARY_YEARS = {2024: 2019}


def _bundled_elections() -> dict[int, Path]:
    return {year: resources.bundled(rel) for year, rel in resources.GE_FILES.items()}


class BaselineProvider:
    """Answers "what is this seat compared with?" for one election."""

    def __init__(
        self, election: Election, *, overrides: Mapping[str, list[str]] | None = None, use_cache: bool = True
    ) -> None:
        self.election = election
        self.overrides = {normalise(k): list(v) for k, v in (overrides or {}).items()}
        self.year = election.year
        self.notional_year = NOTIONAL_BOUNDARY_YEARS.get(self.year)
        earlier = sorted(y for y in _bundled_elections() if y < self.year)
        self.previous_year: int | None = earlier[-1] if earlier else None
        self._earlier_years = earlier
        self._use_cache = use_cache and self.year == 2024

    # -- lazily loaded sources -------------------------------------------------------
    @cached_property
    def _cache(self) -> dict[str, object]:
        path = resources.bundled(resources.BASELINE_CACHE_2024)
        if not self._use_cache or not path.exists():
            return {}
        data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
        return data

    @cached_property
    def _previous(self) -> dict[str, PreviousResult]:
        if self.previous_year is None:
            return {}
        loaded = load_results(_bundled_elections()[self.previous_year])
        return previous_results(loaded.election)

    @cached_property
    def _old_seats(self) -> OldSeats:
        return OldSeats(self._previous.keys())

    @cached_property
    def _previous_by_key(self) -> dict[str, str]:
        return {normalise(n): n for n in self._previous}

    @cached_property
    def _notionals(self) -> dict[str, NotionalResult]:
        if self.notional_year is None:
            return {}
        return read_notionals(resources.bundled(resources.NOTIONALS_2019))

    @cached_property
    def _history(self) -> dict[frozenset[str], list]:
        return read_history(resources.bundled(resources.HISTORY))

    @cached_property
    def _tenures(self) -> dict[int, MemberTenure]:
        cached = self._cache.get("tenures")
        if isinstance(cached, dict):
            return {int(k): MemberTenure.model_validate(v) for k, v in cached.items()}
        elections = [load_results(_bundled_elections()[y]).election for y in self._earlier_years if y >= 2010]
        return member_tenures(elections)

    @cached_property
    def _party_winners(self) -> list[str]:
        cached = self._cache.get("party_winners_before")
        if isinstance(cached, list):
            return [str(c) for c in cached]
        codes: set[str] = set()
        for year in self._earlier_years:
            if year >= 2010:
                election = load_results(_bundled_elections()[year]).election
                codes.update(c.candidates[0].party_code for c in election.contests)
        return sorted(codes)

    # -- answers -----------------------------------------------------------------------
    @property
    def earlier_elections(self) -> tuple[int, ...]:
        """The bundled general elections (2010 on) that tenure and party-first facts look at."""
        return tuple(y for y in self._earlier_years if y >= 2010)

    def party_winners_before(self) -> set[str] | None:
        """Party codes that won any seat at the bundled general elections before this one (from 2010)."""
        if not [y for y in self._earlier_years if y >= 2010]:
            return None
        return set(self._party_winners)

    def tenure(self, member_id: int | None) -> MemberTenure | None:
        """The unbroken run of an MP who won the previous general election."""
        if member_id is None or self.previous_year is None:
            return None
        found = self._tenures.get(member_id)
        return found if found is not None and self.previous_year in range(found.since, self.previous_year + 1) else None

    def for_seat(self, contest: Contest) -> Baseline:
        key = normalise(contest.name)
        if key not in self.overrides:
            seats = self._cache.get("seats")
            if isinstance(seats, dict) and contest.seat_id in seats:
                cached = Baseline.model_validate(seats[contest.seat_id])
                if cached.seat_name == contest.name:
                    return cached
        return self.compute(contest)

    def compute(self, contest: Contest) -> Baseline:
        key = normalise(contest.name)
        rule: str | None = None
        names: list[str] = []
        if key in self.overrides:
            names, rule = self.overrides[key], "newsroom file"
        else:
            found = self._old_seats.derive(contest.name)
            if found:
                names, rule = [found[0]], found[1]
        by_key = self._previous_by_key
        predecessors = tuple(self._previous[by_key[normalise(n)]] for n in names if normalise(n) in by_key)
        notional = None
        if self.notional_year is not None:
            notional = self._notionals.get(contest.seat_id) or self._notionals.get(
                "name:" + " ".join(sorted(tokens(contest.name)))
            )
        return Baseline(
            seat_id=contest.seat_id,
            seat_name=contest.name,
            kind="notional" if self.notional_year is not None else "previous",
            notional=notional,
            predecessors=predecessors,
            predecessor_rule=rule if predecessors else None,
            history=self._seat_history(contest.name, [p.seat_name for p in predecessors]),
            earlier_elections=self.earlier_elections,
        )

    def _seat_history(self, name: str, predecessor_names: list[str]) -> SeatHistory | None:
        names = list(dict.fromkeys([name, *predecessor_names]))
        seen: set[tuple[str, str]] = set()
        entries = []
        for n in names:
            for entry in self._history.get(tokens(n), []):
                if entry.year < self.year and (entry.election, entry.seat_name) not in seen:
                    seen.add((entry.election, entry.seat_name))
                    entries.append(entry)
        if not entries:
            return None
        entries.sort(key=lambda e: (e.election, e.seat_name))
        searched = tuple(dict.fromkeys(e.seat_name for e in entries))
        return SeatHistory(
            names=searched,
            entries=tuple(entries),
            source=SourceRef(file=Path(resources.HISTORY).name),
        )


def build_cache(election: Election) -> dict[str, object]:
    """The JSON-ready cache of every seat's baseline and the sitting MPs' tenures."""
    provider = BaselineProvider(election, use_cache=False)
    seats = {c.seat_id: provider.compute(c).model_dump(mode="json") for c in election.contests}
    tenures = {str(k): v.model_dump(mode="json") for k, v in sorted(provider._tenures.items())}
    return {
        "built": dt.date(2024, 7, 4).isoformat(),
        "seats": seats,
        "tenures": tenures,
        "party_winners_before": provider._party_winners,
    }
