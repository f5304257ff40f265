"""Baselines for every seat of an election, computed on demand from the bundled files.

For the bundled 2024 results the work is done once, ahead of time, and shipped as
``fixtures/ge2024/baselines-2024.json`` (``python -m newsgen.baselines`` rebuilds it; a
test checks it equals a fresh build). Other results files, and seats whose
predecessors a newsroom overrides, are computed from the raw files when first asked.
"""

from __future__ import annotations

import datetime as dt
import json
import marshal
from collections.abc import Iterable, Iterator, Mapping
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path
from typing import Any

from newsgen import kept, resources
from newsgen.baselines.byelections import ByElections
from newsgen.baselines.models import (
    Baseline,
    HistoryEntry,
    MemberResult,
    MemberTenure,
    NotionalResult,
    PreviousResult,
    SeatHistory,
)
from newsgen.baselines.names import normalise, tokens
from newsgen.baselines.predecessors import OldSeats
from newsgen.baselines.renamed import renamed_from
from newsgen.baselines.sources import (
    HistoryIndex,
    history_key,
    member_records,
    member_tenures,
    own_history,
    place_words,
    previous_results,
    read_history,
    read_notionals,
)
from newsgen.readers.commons_library import load_results
from newsgen.records.models import Contest, Election, SourceRef

_UNSEEN: object = object()

#: 2024 is the first election on the new boundaries: its baseline is the notional 2019 result.
NOTIONAL_BOUNDARY_YEARS = {2024: 2019}


def _bundled_elections() -> dict[int, Path]:
    return {year: resources.bundled(rel) for year, rel in resources.GE_FILES.items()}


class _Records(Mapping[str, Any]):
    """A section of the baselines file (seats, tenures, members) whose records are decoded
    one at a time, as they are asked for."""

    def __init__(self, encoded: dict[str, bytes]) -> None:
        self._encoded = encoded

    def __getitem__(self, key: str) -> Any:
        return marshal.loads(self._encoded[key])

    def __contains__(self, key: object) -> bool:
        return key in self._encoded

    def __iter__(self) -> Iterator[str]:
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)


def read_cache(path: Path) -> dict[str, object]:
    """The bundled baselines file, each section's records kept encoded one by one
    (:mod:`newsgen.kept`), so that a one-seat story decodes its own seat's and candidates'
    records, not 1.7 MB of JSON. The file itself is read when nothing is kept for it."""
    split = kept.load(path, "baselines", code=(__file__,))
    if not isinstance(split, dict):
        data = json.loads(path.read_text(encoding="utf-8"))
        split = {
            name: {key: marshal.dumps(v) for key, v in section.items()} if isinstance(section, dict) else section
            for name, section in data.items()
        }
        kept.keep(path, "baselines", split, code=(__file__,))
    return {name: _Records(section) if isinstance(section, dict) else section for name, section in split.items()}


class BaselineProvider:
    """Answers "what is this seat compared with?" for one election."""

    def __init__(
        self,
        election: Election,
        *,
        overrides: Mapping[str, list[str]] | None = None,
        use_cache: bool = True,
        remember_seats: bool = True,
    ) -> None:
        """``remember_seats=False`` reads a seat's baseline afresh each time it is asked for
        (from the bundled cache: a fraction of a millisecond) instead of keeping every seat's:
        a watcher asks once a declaration, and its memory stays flatter over the night."""
        self.election = election
        self.overrides = {normalise(k): list(v) for k, v in (overrides or {}).items()}
        self.year = election.year
        self.notional_year = NOTIONAL_BOUNDARY_YEARS.get(self.year)
        earlier = sorted(y for y in _bundled_elections() if y < self.year)
        self.previous_year: int | None = earlier[-1] if earlier else None
        self._earlier_years = earlier
        self._use_cache = use_cache and self.year == 2024
        self._remember_seats = remember_seats
        self._baselines: dict[str, Baseline] = {}  # validated from the cache file, by seat id
        # members' tenures and earlier candidacies, as read (validated from the cache file one by one)
        self._tenure_seen: dict[int, MemberTenure | None] = {}
        self._member_seen: dict[int, tuple[MemberResult, ...]] = {}

    # -- lazily loaded sources -------------------------------------------------------
    @cached_property
    def _cache(self) -> dict[str, object]:
        path = resources.bundled(resources.BASELINE_CACHE_2024)
        if not self._use_cache or not path.exists():
            return {}
        return read_cache(path)

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
    def _history(self) -> HistoryIndex:
        return read_history(resources.bundled(resources.HISTORY))

    @cached_property
    def _tenures(self) -> dict[int, MemberTenure]:
        cached = self._cache.get("tenures")
        if isinstance(cached, Mapping):
            return {int(k): MemberTenure.model_validate(v) for k, v in cached.items()}
        elections = [load_results(_bundled_elections()[y]).election for y in self._earlier_years if y >= 2010]
        return member_tenures(elections)

    @cached_property
    def _members(self) -> dict[int, tuple[MemberResult, ...]]:
        """Earlier candidacies (2010 on) of everyone standing at this election with a member id."""
        cached = self._cache.get("members")
        if isinstance(cached, Mapping):
            return {int(k): tuple(MemberResult.model_validate(r) for r in v) for k, v in cached.items()}
        elections = [load_results(_bundled_elections()[y]).election for y in self._earlier_years if y >= 2010]
        return member_records(elections, set(self.standing_members))

    @cached_property
    def byelections(self) -> ByElections:
        """By-elections since the previous general election (who was MP at dissolution)."""
        return ByElections(self.previous_year)

    @cached_property
    def standing_members(self) -> frozenset[int]:
        """Member ids of everyone standing at this election (anywhere). A streamed batch sets
        it from the whole file before the first seat: its election holds one chunk."""
        return frozenset(c.member_id for ct in self.election.contests for c in ct.candidates if c.member_id is not None)

    def member_record(self, member_id: int | None) -> tuple[MemberResult, ...]:
        """A candidate's earlier general-election candidacies (2010 on), oldest first."""
        if member_id is None:
            return ()
        found = self._member_seen.get(member_id)
        if found is None:
            cached = self._cache.get("members")
            if isinstance(cached, Mapping):  # this member's alone: a one-seat story reads a few of 534
                found = tuple(MemberResult.model_validate(r) for r in cached.get(str(member_id), ()))
            else:
                found = self._members.get(member_id, ())
            self._member_seen[member_id] = found
        return found

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
        found = self._tenure_seen.get(member_id, _UNSEEN)
        if found is _UNSEEN:
            cached = self._cache.get("tenures")
            if isinstance(cached, Mapping):  # this member's alone: a one-seat story reads a few of 650
                raw = cached.get(str(member_id))
                found = None if raw is None else MemberTenure.model_validate(raw)
            else:
                found = self._tenures.get(member_id)
            self._tenure_seen[member_id] = found
        return found if found is not None and self.previous_year in range(found.since, self.previous_year + 1) else None

    def for_seat(self, contest: Contest) -> Baseline:
        key = normalise(contest.name)
        if key not in self.overrides:
            cached = self._cached_baseline(contest.seat_id)
            if cached is not None and cached.seat_name == contest.name:
                return cached
        return self.compute(contest)

    def _cached_baseline(self, seat_id: str) -> Baseline | None:
        """The seat's baseline from the bundled cache file, validated the first time it is asked
        for and kept (one per seat of the file at most; a Baseline is frozen)."""
        found = self._baselines.get(seat_id)
        if found is None:
            seats = self._cache.get("seats")
            if not isinstance(seats, Mapping) or seat_id not in seats:
                return None
            found = Baseline.model_validate(seats[seat_id])
            if self._remember_seats:
                self._baselines[seat_id] = found
        return found

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
        # seats renamed or re-made under a name sharing no word with the old one (Western Isles
        # became Na h-Eileanan an Iar): the bundled list, followed back as far as it goes
        for known in names:
            for old in renamed_from(known):
                if old not in names:
                    names.append(old)
        entries = self._entries(names)
        if not entries:
            return None
        elections = self._elections
        complete = self._complete(entries)
        from_start = entries[0].election == elections[0]
        earlier: list[HistoryEntry] = []
        if complete and not from_start:
            # Formed from older seats? Then "never" and "in its history" must hold for them too.
            places = frozenset().union(*(place_words(n) for n in names))
            from_start, earlier = self._formed_from(entries[0].election, places)
        searched = tuple(dict.fromkeys(e.seat_name for e in entries))
        created = self._created(entries[0], name) if complete and own_history(searched, name) else None
        return SeatHistory(
            names=searched,
            entries=tuple(entries),
            source=SourceRef(file=Path(resources.HISTORY).name),
            complete=complete,
            from_start=from_start,
            created=created,
            earlier_groups=tuple(sorted({e.winner_group for e in earlier})),
        )

    def _created(self, first: HistoryEntry, name: str) -> int | None:
        """The year a seat first fought under its own name was created ("since the seat was
        created in 1997"): not when its history begins with the file, nor when a seat that ended
        at the election before shared a place word with it ("Oxfordshire Banbury" before Banbury,
        "Blackburn East" before Blackburn, Blyth before Blyth Valley: possibly the same seat
        renamed, so the history file's start is not known to be its creation)."""
        elections = self._elections
        at = elections.index(first.election)
        if at == 0:
            return None
        before = elections[at - 1]
        places = place_words(name)
        for seat_entries in self._history.by_key.values():
            last = seat_entries[-1]
            if last.election == before and _shares(place_words(last.seat_name), places):
                return None
        return first.year

    def place_never_won(self, place: str, group: str) -> bool:
        """Did no seat named for ``place`` ("Southend") elect ``group`` at any election in the
        history file, with at least one such seat at every election from 1918 to the last one
        before this? What "Southend turns Labour for the first time in history" needs."""
        words = place_words(place)
        if not words:
            return False
        fought: set[str] = set()
        for key, entries in self._history.by_key.items():
            if words <= key:
                for entry in entries:
                    if entry.year < self.year:
                        if entry.winner_group == group:
                            return False
                        fought.add(entry.election)
        return bool(fought) and all(label in fought for label in self._elections)

    @cached_property
    def _elections(self) -> list[str]:
        """The history file's elections before this one, in order."""
        return [label for label in self._history.elections if int(label[:4]) < self.year]

    def _entries(self, names: Iterable[str]) -> list[HistoryEntry]:
        seen: set[tuple[str, str]] = set()
        entries = []
        for n in names:
            for entry in self._history.by_key.get(history_key(n), []):
                if entry.year < self.year and (entry.election, entry.seat_name) not in seen:
                    seen.add((entry.election, entry.seat_name))
                    entries.append(entry)
        entries.sort(key=lambda e: (e.election, e.seat_name))
        return entries

    def _complete(self, entries: list[HistoryEntry]) -> bool:
        """A winner for every election from the first entry to the last before this one: a gap
        (the seat under a name not found) or an early end leaves "never" and "always" unknown."""
        return self._complete_between(entries, self._elections[-1])

    def _formed_from(self, began: str, places: frozenset[str], depth: int = 0) -> tuple[bool, list[HistoryEntry]]:
        """(whether the history reaches the file's first election, the earlier seats' entries)
        for a seat first fought at ``began``: the seats whose last election was the one before,
        sharing one of the seat's own place names ("Southend On Sea" for Southend West in 1950),
        and theirs in turn."""
        elections = self._elections
        at = elections.index(began)
        if at == 0:
            return True, []
        before = elections[at - 1]
        found: list[HistoryEntry] = []
        for key, seat_entries in self._history.by_key.items():
            if key & places and seat_entries[-1].election == before:
                found.extend(seat_entries)
        if not found or depth >= 4:
            return False, found
        by_seat: dict[str, list[HistoryEntry]] = {}
        for entry in found:
            by_seat.setdefault(entry.seat_name, []).append(entry)
        reached = True
        for seat_entries in by_seat.values():
            seat_entries.sort(key=lambda e: e.election)
            if not self._complete_between(seat_entries, before):
                reached = False
                continue
            if seat_entries[0].election != elections[0]:
                up, more = self._formed_from(seat_entries[0].election, places, depth + 1)
                reached = reached and up
                found.extend(more)
        return reached, found

    def _complete_between(self, entries: list[HistoryEntry], last: str) -> bool:
        """A winner for every election from the first entry (entries in order) to ``last``."""
        found = {e.election for e in entries}
        elections = self._elections
        span = elections[elections.index(entries[0].election) : elections.index(last) + 1]
        return all(label in found for label in span)


def build_cache(election: Election) -> dict[str, object]:
    """The JSON-ready cache of every seat's baseline and the sitting MPs' tenures."""
    provider = BaselineProvider(election, use_cache=False)
    seats = {c.seat_id: provider.compute(c).model_dump(mode="json") for c in election.contests}
    tenures = {str(k): v.model_dump(mode="json") for k, v in sorted(provider._tenures.items())}
    return {
        "built": dt.date(2024, 7, 4).isoformat(),
        "seats": seats,
        "tenures": tenures,
        "members": {str(k): [r.model_dump(mode="json") for r in v] for k, v in sorted(provider._members.items())},
        "party_winners_before": provider._party_winners,
    }


def _shares(earlier: frozenset[str], places: frozenset[str]) -> bool:
    """Does an earlier seat's name have any place word of this one, allowing the history file's
    spellings ("Radnor" for Radnorshire, "Bolsolver" for Bolsover)? Blyth became Blyth Valley
    in 1983 and Esher became part of Esher and Walton in 1997: names alone cannot tell a renamed
    seat from a new one, so neither is said to have been created then."""

    def near(word: str) -> bool:
        return any(
            old == word
            or (min(len(old), len(word)) >= 4 and (word.startswith(old) or old.startswith(word)))
            or SequenceMatcher(None, old, word).ratio() >= 0.85
            for old in earlier
        )

    return any(near(word) for word in places)
